import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { WorkflowNotFoundError } from '@temporalio/client';
import request from 'supertest';
import type { App } from 'supertest/types';
import type { PushedTrackingUpdate } from '../../../activities/carriers/webhooks/webhook-delivery';
import { Registry } from 'prom-client';
import { configureHttpPipeline } from '../../../src/api/http-pipeline';
import { WAYBILL_CONFIG } from '../../../src/config/config.module';
import { WebhookForwardMetrics } from '../../../src/metrics/webhook-forward-metrics';
import { ReadModelRepository } from '../../../src/persistence/read-model.repository';
import { UnmatchedEventsRepository } from '../../../src/persistence/unmatched-events.repository';
import { trackingLanes, WebhookInboxRepository, type DueInboxEntry, type InboxClaim } from '../../../src/persistence/webhook-inbox.repository';
import { TEMPORAL_CLIENT } from '../../../src/temporal/temporal-client.module';
import { CARRIER_WEBHOOKS } from '../../../src/webhooks/carrier-webhook';
import { UpsWebhook } from '../../../src/webhooks/verifiers/ups.webhook';
import { retryDelayMs, WEBHOOK_FORWARDING, WebhookForwarder, type WebhookForwardingOptions } from '../../../src/webhooks/webhook-forwarder';
import { WebhooksController } from '../../../src/webhooks/webhooks.controller';
import { WebhooksService } from '../../../src/webhooks/webhooks.service';

const CREDENTIAL = 'ups-webhook-credential-for-tests';
const TN = '1Z5R89390357567127';

/** A UPS Track Alert event as UPSTrackAlert.yaml describes it. */
const trackAlert = (overrides: Record<string, unknown> = {}) => ({
  trackingNumber: TN,
  localActivityDate: '20261125',
  localActivityTime: '143000',
  gmtActivityDate: '20261125',
  gmtActivityTime: '213000',
  gmtOffset: '-07:00',
  activityLocation: { city: 'DENVER', stateProvince: 'CO', postalCode: '80202', country: 'US' },
  activityStatus: { type: 'I', code: 'OT', description: 'Out For Delivery Today', descriptionCode: '021' },
  scheduledDeliveryDate: '20261125',
  actualDeliveryDate: '',
  actualDeliveryTime: '',
  receivedBy: '',
  ...overrides,
});

interface FakeEntry {
  source: string;
  state: 'received' | 'processed';
  receivedAt: Date;
  processedAt?: Date;
  updates?: PushedTrackingUpdate[];
  leaseUntil: number;
  attempts: number;
  lanes: string[];
  sequence: number;
}

/** WebhookInboxRepository's contract in memory (the real one runs against FerretDB in test/integration). */
class FakeInbox {
  readonly entries = new Map<string, FakeEntry>();
  private sequence = 0;
  /** Runs after a claim found an earlier entry in the way, before it answers `blocked`. */
  beforeBlockedAnswer?: () => Promise<void>;
  async accept(key: string, source: string, updates: PushedTrackingUpdate[]): Promise<'queued' | 'duplicate'> {
    const existing = this.entries.get(key);
    if (existing) return existing.state === 'processed' ? 'duplicate' : 'queued';
    this.entries.set(key, { source, state: 'received', receivedAt: new Date(), updates, leaseUntil: 0, attempts: 0, lanes: trackingLanes(updates), sequence: (this.sequence += 1) });
    return 'queued';
  }
  async claim(key: string, leaseMs: number): Promise<InboxClaim> {
    const entry = this.entries.get(key);
    if (!entry || entry.state !== 'received') return { outcome: 'unavailable' };
    const earlier = [...this.entries.values()].some((other) => other.state === 'received' && other.sequence < entry.sequence && other.lanes.some((lane) => entry.lanes.includes(lane)));
    if (earlier) {
      await this.beforeBlockedAnswer?.();
      return { outcome: 'blocked', lanes: entry.lanes };
    }
    if (entry.leaseUntil > Date.now()) return { outcome: 'unavailable' };
    entry.leaseUntil = Date.now() + leaseMs;
    entry.attempts += 1;
    return { outcome: 'claimed', entry: { key, source: entry.source, receivedAt: entry.receivedAt, attempts: entry.attempts, updates: entry.updates ?? [], lanes: entry.lanes } };
  }
  async due(limit: number, afterSequence = 0): Promise<DueInboxEntry[]> {
    return [...this.entries]
      .filter(([, e]) => e.state === 'received' && e.leaseUntil <= Date.now() && e.sequence > afterSequence)
      .slice(0, limit)
      .map(([key, e]) => ({ key, sequence: e.sequence }));
  }
  async markProcessed(key: string): Promise<void> {
    const entry = this.entries.get(key) as FakeEntry;
    Object.assign(entry, { state: 'processed', processedAt: new Date(), updates: undefined });
  }
  async forgetProcessedBefore(cutoff: Date): Promise<number> {
    const old = [...this.entries].filter(([, e]) => e.state === 'processed' && (e.processedAt as Date) < cutoff);
    for (const [key] of old) this.entries.delete(key);
    return old.length;
  }
  async release(key: string, retryAt: Date): Promise<void> {
    (this.entries.get(key) as FakeEntry).leaseUntil = retryAt.getTime();
  }
  async waiting(): Promise<number> {
    return [...this.entries.values()].filter((e) => e.state === 'received').length;
  }
  states(): string[] {
    return [...this.entries.values()].map((e) => e.state);
  }
}

class FakeUnmatched {
  readonly kept = new Map<string, PushedTrackingUpdate>();
  private next = 0;
  async keep(update: PushedTrackingUpdate): Promise<string> {
    const id = String(++this.next);
    this.kept.set(id, update);
    return id;
  }
  async remove(id: string): Promise<void> {
    this.kept.delete(id);
  }
}

const INBOX_RETENTION_MS = 30 * 24 * 3_600_000;

/** Retries at once and never on their own: tests call sweep() for the next try. */
const FORWARDING: WebhookForwardingOptions = { concurrency: 4, leaseMs: 60_000, sweepIntervalMs: 3_600_000, retryMinMs: 1, retryMaxMs: 4, forgetIntervalMs: 0 };

describe('POST /v1/webhooks/:source (real controller, service, forwarder, verifier and body parsing; stores and Temporal faked)', () => {
  let app: INestApplication;
  let forwarder: WebhookForwarder;
  let registry: Registry;
  let server: App;
  let inbox: FakeInbox;
  let unmatched: FakeUnmatched;
  const shipmentsByTracking = new Map<string, string[]>();
  const signals: Array<{ workflowId: string; name: string; input: unknown }> = [];
  let signalFailure: Error | undefined;
  /** Runs before each signal lands, so a test can hold one back. */
  let beforeSignal: ((input: unknown) => Promise<void>) | undefined;
  let lookups = 0;

  beforeEach(async () => {
    inbox = new FakeInbox();
    unmatched = new FakeUnmatched();
    shipmentsByTracking.clear();
    signals.length = 0;
    signalFailure = undefined;
    beforeSignal = undefined;
    lookups = 0;
    const temporal = {
      workflow: {
        getHandle: (workflowId: string) => ({
          signal: async (def: { name: string }, input: unknown) => {
            await beforeSignal?.(input);
            if (signalFailure) throw signalFailure;
            signals.push({ workflowId, name: def.name, input });
          },
        }),
      },
    };
    const readModel = {
      findShipmentIdsByTracking: async (_carrier: string, trackingNumber: string) => {
        lookups += 1;
        return shipmentsByTracking.get(trackingNumber) ?? [];
      },
    };
    registry = new Registry();
    const moduleRef = await Test.createTestingModule({
      controllers: [WebhooksController],
      providers: [
        WebhooksService,
        WebhookForwarder,
        { provide: WEBHOOK_FORWARDING, useValue: FORWARDING },
        { provide: WebhookForwardMetrics, useValue: new WebhookForwardMetrics(registry, () => inbox.waiting()) },
        { provide: CARRIER_WEBHOOKS, useValue: [new UpsWebhook(CREDENTIAL)] },
        { provide: TEMPORAL_CLIENT, useValue: temporal },
        { provide: WAYBILL_CONFIG, useValue: { webhooks: { unmatchedRetentionMs: 3_600_000, inboxRetentionMs: INBOX_RETENTION_MS } } },
        { provide: WebhookInboxRepository, useValue: inbox },
        { provide: UnmatchedEventsRepository, useValue: unmatched },
        { provide: ReadModelRepository, useValue: readModel },
      ],
    }).compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false });
    configureHttpPipeline(app as NestExpressApplication);
    await app.init();
    server = app.getHttpServer();
    forwarder = app.get(WebhookForwarder);
    // The bootstrap sweep of an empty inbox; every test starts from nothing in flight.
    await forwarder.idle();
  });

  afterEach(async () => app.close());

  const post = (body: string | object, headers: Record<string, string> = { credential: CREDENTIAL }, source = 'ups') =>
    request(server)
      .post(`/v1/webhooks/${source}`)
      .set({ 'content-type': 'application/json', ...headers })
      .send(typeof body === 'string' ? body : JSON.stringify(body));

  it('answers 200 once the payload is stored, then signals every shipment following the number', async () => {
    shipmentsByTracking.set(TN, ['shp_a', 'shp_b']);
    const response = await post(trackAlert()).expect(200);
    expect(response.body).toEqual({ accepted: true, updates: 1 });
    await forwarder.idle();
    expect(signals.map((s) => [s.workflowId, s.name])).toEqual([
      ['shipment:shp_a', 'carrierEvents'],
      ['shipment:shp_b', 'carrierEvents'],
    ]);
    expect(signals[0].input).toMatchObject({ events: [{ status: 'out_for_delivery', occurredAt: '2026-11-25T14:30:00-07:00' }] });
    expect(inbox.states()).toEqual(['processed']);
    expect([...inbox.entries.values()][0].updates).toBeUndefined();
  });

  it('refuses a forged or missing credential with 401 and records nothing', async () => {
    const attempts: Array<Record<string, string>> = [{}, { credential: 'guess' }, { credential: `${CREDENTIAL}x` }];
    for (const headers of attempts) {
      const response = await post(trackAlert(), headers).expect(401);
      expect(response.body.message).toMatch(/credential/);
    }
    expect(inbox.entries.size).toBe(0);
    expect(lookups).toBe(0);
    expect(signals).toEqual([]);
  });

  it('refuses every push to a carrier whose secret is not configured, and 404s unknown sources', async () => {
    await post(trackAlert(), { 'fdx-signature': 'abc' }, 'fedex').expect(401);
    await post(trackAlert(), {}, 'ontrac').expect(404);
    expect(inbox.entries.size).toBe(0);
  });

  it('answers 400 to malformed JSON or a body that is not a Track Alert event, recording nothing', async () => {
    await post('{"trackingNumber": ').expect(400);
    const response = await post({ hello: 'world' }).expect(400);
    expect(response.body.message).toMatch(/Track Alert/);
    await post(trackAlert({ trackingNumber: "1Z'; DROP TABLE" })).expect(400);
    expect(inbox.entries.size).toBe(0);
  });

  it('refuses a body over 1 MB with 413', async () => {
    await post(trackAlert({ padding: 'x'.repeat(1_100_000) })).expect(413);
    expect(inbox.entries.size).toBe(0);
  });

  it('ignores a replay of a handed-over payload', async () => {
    shipmentsByTracking.set(TN, ['shp_a']);
    await post(trackAlert()).expect(200);
    await forwarder.idle();
    const replay = await post(trackAlert()).expect(200);
    expect(replay.body).toEqual({ accepted: false, updates: 0 });
    await forwarder.idle();
    expect(signals).toHaveLength(1);
  });

  it('keeps an update for an unknown number instead of creating anything', async () => {
    const response = await post(trackAlert()).expect(200);
    expect(response.body).toEqual({ accepted: true, updates: 1 });
    await forwarder.idle();
    expect([...unmatched.kept.values()]).toEqual([expect.objectContaining({ carrier: 'ups', trackingNumber: TN })]);
    expect(inbox.states()).toEqual(['processed']);
  });

  it('hands a kept update over when the shipment appears between lookup and insert', async () => {
    const keep = unmatched.keep.bind(unmatched);
    unmatched.keep = async (update) => {
      shipmentsByTracking.set(TN, ['shp_late']);
      return keep(update);
    };
    await post(trackAlert()).expect(200);
    await forwarder.idle();
    expect(unmatched.kept.size).toBe(0);
    expect(signals.map((s) => s.workflowId)).toEqual(['shipment:shp_late']);
  });

  it('treats a finished shipment as reached without failing or keeping the update', async () => {
    shipmentsByTracking.set(TN, ['shp_done']);
    signalFailure = new WorkflowNotFoundError('closed', 'shipment:shp_done', undefined);
    await post(trackAlert()).expect(200);
    await forwarder.idle();
    expect(unmatched.kept.size).toBe(0);
    expect(inbox.states()).toEqual(['processed']);
  });

  it('acknowledges while Temporal is down and hands the payload over on a later try', async () => {
    shipmentsByTracking.set(TN, ['shp_a']);
    signalFailure = Object.assign(new Error('14 UNAVAILABLE: connection refused'), { code: 14, details: 'connection refused', metadata: {} });
    const response = await post(trackAlert()).expect(200);
    expect(response.body).toEqual({ accepted: true, updates: 1 });
    await forwarder.idle();
    expect(inbox.states()).toEqual(['received']);
    // A carrier's resend of a payload still waiting is acknowledged again and not queued twice.
    expect((await post(trackAlert()).expect(200)).body).toEqual({ accepted: true, updates: 1 });
    await forwarder.idle();
    expect(signals).toEqual([]);

    signalFailure = undefined;
    await new Promise((resolve) => setTimeout(resolve, 10));
    await forwarder.sweep();
    await forwarder.idle();
    expect(signals.map((s) => s.workflowId)).toEqual(['shipment:shp_a']);
    expect(inbox.states()).toEqual(['processed']);
    const metrics = await registry.metrics();
    expect(metrics).toMatch(/waybill_carrier_webhook_forward_seconds_count\{carrier="ups",outcome="retry"\} 2/);
    expect(metrics).toMatch(/waybill_carrier_webhook_forward_seconds_count\{carrier="ups",outcome="forwarded"\} 1/);
    expect(metrics).toMatch(/waybill_carrier_webhook_waiting 0/);
  });

  const statusesSignalled = () => signals.map((s) => (s.input as { events: Array<{ status: string }> }).events[0].status);
  const delivered = { activityStatus: { type: 'D', code: 'KB', description: 'Delivered', descriptionCode: '011' }, actualDeliveryDate: '20261125', actualDeliveryTime: '160000', receivedBy: 'FRONT DOOR' };
  const attempted = { activityStatus: { type: 'X', code: '22', description: 'The receiver was not available for delivery.', descriptionCode: '022' } };

  it('hands a parcel’s pushes over one at a time, in the order they arrived', async () => {
    shipmentsByTracking.set(TN, ['shp_a']);
    // The first hand-over is slow; the second push must still reach the workflow after it.
    beforeSignal = async (input) => {
      if ((input as { events: Array<{ status: string }> }).events[0].status === 'attempt_failed') await new Promise((resolve) => setTimeout(resolve, 50));
    };
    await post(trackAlert(attempted)).expect(200);
    await post(trackAlert(delivered)).expect(200);
    await forwarder.idle();
    expect(statusesSignalled()).toEqual(['attempt_failed', 'delivered']);
    expect(inbox.states()).toEqual(['processed', 'processed']);
  });

  it('keeps a later push behind an earlier one about the same parcel that waits for its retry', async () => {
    shipmentsByTracking.set(TN, ['shp_a']);
    signalFailure = new Error('14 UNAVAILABLE');
    await post(trackAlert(attempted)).expect(200);
    await forwarder.idle();
    signalFailure = undefined;
    await post(trackAlert(delivered)).expect(200);
    await forwarder.idle();
    expect(signals).toEqual([]);

    await new Promise((resolve) => setTimeout(resolve, 10));
    await forwarder.sweep();
    await forwarder.idle();
    expect(statusesSignalled()).toEqual(['attempt_failed', 'delivered']);
  });

  it('claims a blocked push again when its predecessor went over while the store answered', async () => {
    shipmentsByTracking.set(TN, ['shp_a']);
    let releaseFirst = () => undefined as void;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    beforeSignal = async (input) => {
      if ((input as { events: Array<{ status: string }> }).events[0].status === 'attempt_failed') await firstHeld;
    };
    // The first payload finishes between the second's check and its answer, so its wake-up finds
    // nothing parked; with the hour-long test sweep, only claiming again gets the second over.
    inbox.beforeBlockedAnswer = async () => {
      inbox.beforeBlockedAnswer = undefined;
      releaseFirst();
      await waitUntil(() => inbox.states()[0] === 'processed');
      await new Promise((resolve) => setTimeout(resolve, 5));
    };
    await post(trackAlert(attempted)).expect(200);
    await post(trackAlert(delivered)).expect(200);
    await forwarder.idle();
    expect(statusesSignalled()).toEqual(['attempt_failed', 'delivered']);
  });

  it('does not hold one parcel’s pushes behind another parcel’s', async () => {
    const other = '1Z5R89390357567128';
    shipmentsByTracking.set(TN, ['shp_a']);
    shipmentsByTracking.set(other, ['shp_b']);
    let releaseFirst = () => undefined as void;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    beforeSignal = async (input) => {
      if ((input as { events: Array<{ status: string }> }).events[0].status === 'attempt_failed') await firstHeld;
    };
    await post(trackAlert(attempted)).expect(200);
    await post(trackAlert({ ...delivered, trackingNumber: other })).expect(200);
    await waitUntil(() => signals.length === 1);
    expect(signals.map((s) => s.workflowId)).toEqual(['shipment:shp_b']);
    releaseFirst();
    await forwarder.idle();
    expect(signals.map((s) => s.workflowId)).toEqual(['shipment:shp_b', 'shipment:shp_a']);
  });

  it('forgets a handed-over key after the retention, so only then a resend goes over again', async () => {
    shipmentsByTracking.set(TN, ['shp_a']);
    await post(trackAlert()).expect(200);
    await forwarder.idle();
    const [entry] = [...inbox.entries.values()];
    entry.processedAt = new Date(Date.now() - INBOX_RETENTION_MS + 60_000);
    await forwarder.sweep();
    expect((await post(trackAlert()).expect(200)).body).toEqual({ accepted: false, updates: 0 });

    entry.processedAt = new Date(Date.now() - INBOX_RETENTION_MS - 60_000);
    await forwarder.sweep();
    expect(inbox.entries.size).toBe(0);
    expect((await post(trackAlert()).expect(200)).body).toEqual({ accepted: true, updates: 1 });
    await forwarder.idle();
    expect(signals).toHaveLength(2);
  });

  it('stops handing over at shutdown and leaves what arrives in the inbox for the next process', async () => {
    shipmentsByTracking.set(TN, ['shp_a']);
    await forwarder.beforeApplicationShutdown();
    expect((await post(trackAlert()).expect(200)).body).toEqual({ accepted: true, updates: 1 });
    await forwarder.sweep();
    await forwarder.idle();
    expect(signals).toEqual([]);
    expect(inbox.states()).toEqual(['received']);
  });

  it('counts every try of a payload that keeps failing, and keeps it waiting', async () => {
    shipmentsByTracking.set(TN, ['shp_a']);
    signalFailure = new Error('14 UNAVAILABLE');
    await post(trackAlert()).expect(200);
    for (let sweep = 0; sweep < 4; sweep += 1) {
      await forwarder.idle();
      await new Promise((resolve) => setTimeout(resolve, 6));
      await forwarder.sweep();
    }
    await forwarder.idle();
    expect([...inbox.entries.values()][0]).toMatchObject({ state: 'received', attempts: 5 });
  });
});

describe('retryDelayMs', () => {
  it('doubles from the first delay and stops at the cap, even after very many tries', () => {
    const options = { retryMinMs: 1_000, retryMaxMs: 300_000 };
    expect([1, 2, 3, 4, 9, 10, 1_000].map((attempt) => retryDelayMs(attempt, options))).toEqual([1_000, 2_000, 4_000, 8_000, 256_000, 300_000, 300_000]);
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
