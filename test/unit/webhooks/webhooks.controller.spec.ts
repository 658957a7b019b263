import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { WorkflowNotFoundError } from '@temporalio/client';
import request from 'supertest';
import type { App } from 'supertest/types';
import type { PushedTrackingUpdate } from '../../../activities/carriers/webhooks/webhook-delivery';
import { configureHttpPipeline } from '../../../src/api/http-pipeline';
import { WAYBILL_CONFIG } from '../../../src/config/config.module';
import { ReadModelRepository } from '../../../src/persistence/read-model.repository';
import { UnmatchedEventsRepository } from '../../../src/persistence/unmatched-events.repository';
import { WebhookInboxRepository } from '../../../src/persistence/webhook-inbox.repository';
import { TEMPORAL_CLIENT } from '../../../src/temporal/temporal-client.module';
import { CARRIER_WEBHOOKS } from '../../../src/webhooks/carrier-webhook';
import { UpsWebhook } from '../../../src/webhooks/verifiers/ups.webhook';
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

class FakeInbox {
  readonly entries = new Map<string, 'received' | 'processed'>();
  async record(key: string): Promise<'new' | 'received' | 'processed'> {
    const state = this.entries.get(key);
    if (state) return state;
    this.entries.set(key, 'received');
    return 'new';
  }
  async markProcessed(key: string): Promise<void> {
    this.entries.set(key, 'processed');
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

describe('POST /v1/webhooks/:source (real controller, service, verifier and body parsing; stores and Temporal faked)', () => {
  let app: INestApplication;
  let server: App;
  let inbox: FakeInbox;
  let unmatched: FakeUnmatched;
  const shipmentsByTracking = new Map<string, string[]>();
  const signals: Array<{ workflowId: string; name: string; input: unknown }> = [];
  let signalFailure: Error | undefined;
  let lookups = 0;

  beforeEach(async () => {
    inbox = new FakeInbox();
    unmatched = new FakeUnmatched();
    shipmentsByTracking.clear();
    signals.length = 0;
    signalFailure = undefined;
    lookups = 0;
    const temporal = {
      workflow: {
        getHandle: (workflowId: string) => ({
          signal: async (def: { name: string }, input: unknown) => {
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
    const moduleRef = await Test.createTestingModule({
      controllers: [WebhooksController],
      providers: [
        WebhooksService,
        { provide: CARRIER_WEBHOOKS, useValue: [new UpsWebhook(CREDENTIAL)] },
        { provide: TEMPORAL_CLIENT, useValue: temporal },
        { provide: WAYBILL_CONFIG, useValue: { webhooks: { unmatchedRetentionMs: 3_600_000 } } },
        { provide: WebhookInboxRepository, useValue: inbox },
        { provide: UnmatchedEventsRepository, useValue: unmatched },
        { provide: ReadModelRepository, useValue: readModel },
      ],
    }).compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false });
    configureHttpPipeline(app as NestExpressApplication);
    await app.init();
    server = app.getHttpServer();
  });

  afterEach(async () => app.close());

  const post = (body: string | object, headers: Record<string, string> = { credential: CREDENTIAL }, source = 'ups') =>
    request(server)
      .post(`/v1/webhooks/${source}`)
      .set({ 'content-type': 'application/json', ...headers })
      .send(typeof body === 'string' ? body : JSON.stringify(body));

  it('signals every shipment following the number and answers 200', async () => {
    shipmentsByTracking.set(TN, ['shp_a', 'shp_b']);
    const response = await post(trackAlert()).expect(200);
    expect(response.body).toEqual({ accepted: true, matched: 1, kept: 0 });
    expect(signals.map((s) => [s.workflowId, s.name])).toEqual([
      ['shipment:shp_a', 'carrierEvents'],
      ['shipment:shp_b', 'carrierEvents'],
    ]);
    expect(signals[0].input).toMatchObject({ events: [{ status: 'out_for_delivery', occurredAt: '2026-11-25T14:30:00-07:00' }] });
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

  it('ignores a replay of a processed payload', async () => {
    shipmentsByTracking.set(TN, ['shp_a']);
    await post(trackAlert()).expect(200);
    const replay = await post(trackAlert()).expect(200);
    expect(replay.body).toEqual({ accepted: false, matched: 0, kept: 0 });
    expect(signals).toHaveLength(1);
  });

  it('keeps an update for an unknown number instead of creating anything', async () => {
    const response = await post(trackAlert()).expect(200);
    expect(response.body).toEqual({ accepted: true, matched: 0, kept: 1 });
    expect([...unmatched.kept.values()]).toEqual([expect.objectContaining({ carrier: 'ups', trackingNumber: TN })]);
  });

  it('hands a kept update over when the shipment appears between lookup and insert', async () => {
    const keep = unmatched.keep.bind(unmatched);
    unmatched.keep = async (update) => {
      shipmentsByTracking.set(TN, ['shp_late']);
      return keep(update);
    };
    const response = await post(trackAlert()).expect(200);
    expect(response.body).toEqual({ accepted: true, matched: 1, kept: 0 });
    expect(unmatched.kept.size).toBe(0);
    expect(signals.map((s) => s.workflowId)).toEqual(['shipment:shp_late']);
  });

  it('treats a finished shipment as matched without failing', async () => {
    shipmentsByTracking.set(TN, ['shp_done']);
    signalFailure = new WorkflowNotFoundError('closed', 'shipment:shp_done', undefined);
    await post(trackAlert()).expect(200);
    expect(unmatched.kept.size).toBe(0);
  });

  it('answers 503 while Temporal is down and leaves the payload to be processed on retry', async () => {
    shipmentsByTracking.set(TN, ['shp_a']);
    signalFailure = Object.assign(new Error('14 UNAVAILABLE: connection refused'), { code: 14, details: 'connection refused', metadata: {} });
    await post(trackAlert()).expect(503);
    expect([...inbox.entries.values()]).toEqual(['received']);
    signalFailure = undefined;
    const retry = await post(trackAlert()).expect(200);
    expect(retry.body).toEqual({ accepted: true, matched: 1, kept: 0 });
    expect([...inbox.entries.values()]).toEqual(['processed']);
  });
});
