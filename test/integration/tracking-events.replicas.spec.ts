import { request as httpRequest, type ClientRequest, type IncomingHttpHeaders } from 'node:http';
import { APP_PIPE } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test, type TestingModule } from '@nestjs/testing';
import { ZodValidationPipe } from 'nestjs-zod';
import { createReadModelActivities } from '../../activities/read-model/read-model.activities';
import { configureHttpPipeline } from '../../src/api/http-pipeline';
import { CustomerTokenService } from '../../src/auth/customer-tokens';
import { loadConfig } from '../../src/config/config';
import { ConfigModule } from '../../src/config/config.module';
import { CustomerModule } from '../../src/customer/customer.module';
import { UnsubscribeTokenService } from '../../src/notifications/unsubscribe-token.service';
import { OrderUpdatesRepository } from '../../src/persistence/order-updates.repository';
import { PersistenceModule } from '../../src/persistence/persistence.module';
import { ReadModelRepository } from '../../src/persistence/read-model.repository';
import { parseCustomerTokenSecrets } from '../../src/auth/customer-token-secrets';
import { TemporalClientModule } from '../../src/temporal/temporal-client.module';
import { OrderUpdatesHub } from '../../src/tracking/order-updates-hub';
import { StreamLimits } from '../../src/tracking/stream-limits';
import { TRACKING_OPTIONS, trackingOptions, type TrackingOptions } from '../../src/tracking/tracking.options';
import { TrackingModule } from '../../src/tracking/tracking.module';
import type { OrderView } from '../../workflows/order/order.types';
import { startTestMongo, type TestMongo } from '../support/mongo-server';

/*
 * Two API replicas (real Nest apps with the real customer-token guard, tracking module, feed and
 * poller) on one FerretDB, and no change streams anywhere. A customer's event stream is open on
 * replica A; revisions are written the way the worker writes them, through the read-model activity,
 * here with replica B's repositories. Temporal is never reached: its client points at a closed port.
 */

const SECRETS = 'k2026:replica-secret-0123456789abcdef-0123456789';
const HEARTBEAT_MS = 300;

interface SseEvent {
  id?: string;
  event?: string;
  data?: string;
}

interface OpenStream {
  status: number;
  headers: IncomingHttpHeaders;
  events: SseEvent[];
  comments: number;
  ended: boolean;
  body: string;
  /** When each event arrived (ms since epoch). */
  arrivals: number[];
  close(): void;
}

/** A minimal EventSource over node:http: parses blocks into events, counts comments, never reconnects. */
function openStream(url: string, headers: Record<string, string> = {}): Promise<OpenStream> {
  return new Promise((resolve, reject) => {
    let request: ClientRequest | undefined = undefined;
    request = httpRequest(url, { headers: { accept: 'text/event-stream', ...headers } }, (response) => {
      const stream: OpenStream = {
        status: response.statusCode ?? 0,
        headers: response.headers,
        events: [],
        comments: 0,
        ended: false,
        body: '',
        arrivals: [],
        close: () => request?.destroy(),
      };
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        stream.body += chunk;
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const lines = buffer.slice(0, end).split('\n');
          buffer = buffer.slice(end + 2);
          if (lines.every((line) => line.startsWith(':'))) {
            stream.comments++;
            continue;
          }
          const event: SseEvent = {};
          for (const line of lines) {
            const colon = line.indexOf(':');
            const field = line.slice(0, colon);
            const value = line.slice(colon + 1).replace(/^ /, '');
            if (field === 'id' || field === 'event' || field === 'data') event[field] = value;
          }
          if (event.data !== undefined) {
            stream.events.push(event);
            stream.arrivals.push(Date.now());
          }
        }
      });
      response.on('end', () => (stream.ended = true));
      response.on('error', () => (stream.ended = true));
      resolve(stream);
    });
    request.on('error', reject);
    request.end();
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(10);
  }
}

interface Replica {
  app: NestExpressApplication;
  moduleRef: TestingModule;
  url: string;
}

async function startReplica(mongo: TestMongo, options: Partial<TrackingOptions> = {}): Promise<Replica> {
  const config = loadConfig({
    WAYBILL_ENV: 'test',
    MONGODB_URI: mongo.uri,
    CUSTOMER_TOKEN_SECRETS: SECRETS,
    // Nothing listens there: these routes must not need Temporal.
    TEMPORAL_ADDRESS: '127.0.0.1:9',
    SANDBOX_ENABLED: 'false',
    TRACKING_EVENTS_MAX_PER_TOKEN: '3',
  });
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigModule.forRoot(config), PersistenceModule.forRoot(mongo.uri), TemporalClientModule.forRoot(config.temporal), CustomerModule, TrackingModule],
    providers: [{ provide: APP_PIPE, useClass: ZodValidationPipe }],
  })
    .overrideProvider(TRACKING_OPTIONS)
    .useValue({ ...trackingOptions(config), ...options })
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false });
  configureHttpPipeline(app);
  await app.listen(0, '127.0.0.1');
  return { app, moduleRef, url: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
}

const orderView = (orderId: string, revision: number, status: OrderView['status']): OrderView => ({
  orderId,
  status,
  delayed: false,
  createdAt: '2026-11-26T09:00:00.000Z',
  escrow: { state: 'held', amount: 12999, currency: 'USD' },
  shipments: [
    {
      shipmentId: 'shp_replicas_1',
      carrier: 'ups',
      trackingNumber: '1Z5R89390357567127',
      trackingUrl: 'https://www.ups.com/track?tracknum=1Z5R89390357567127',
      status: status === 'delivered' ? 'delivered' : 'in_transit',
      ladderStatus: 'in_transit',
      revision,
      addedAt: '2026-11-26T09:30:00.000Z',
    },
  ],
  history: [{ at: '2026-11-26T09:00:00.000Z', type: 'order_received', actor: { role: 'platform', keyId: 'key_0123456789ab' } }],
  revision,
});

describe('tracking events across two API replicas (FerretDB, no change streams)', () => {
  let mongo: TestMongo;
  let a: Replica;
  let b: Replica;
  let tokens: CustomerTokenService;
  const opened: OpenStream[] = [];

  /** Writes a revision as the worker does: the read-model activity, upsert then feed, with replica B's repositories. */
  const writeViaB = (orderId: string, revision: number, status: OrderView['status'] = 'in_transit') =>
    createReadModelActivities(b.moduleRef.get(ReadModelRepository), b.moduleRef.get(OrderUpdatesRepository)).upsertOrderReadModel(orderView(orderId, revision, status));

  const stream = async (replica: Replica, path: string, headers?: Record<string, string>) => {
    const open = await openStream(`${replica.url}${path}`, headers);
    opened.push(open);
    return open;
  };
  const revisions = (s: OpenStream) => s.events.filter((e) => e.event === 'order').map((e) => Number(e.id));

  beforeAll(async () => {
    mongo = await startTestMongo('waybill_tracking_replicas_test');
    a = await startReplica(mongo, { heartbeatMs: HEARTBEAT_MS });
    b = await startReplica(mongo);
    tokens = a.moduleRef.get(CustomerTokenService);
  }, 60_000);

  afterEach(() => {
    for (const s of opened.splice(0)) s.close();
  });

  afterAll(async () => {
    await a?.app.close();
    await b?.app.close();
    await mongo?.stop();
  }, 60_000);

  it('sends the current view on connect, then an update written via replica B within a second', async () => {
    await writeViaB('RP-1', 1, 'shipped');
    const { token } = await tokens.issue('RP-1');
    const live = await stream(a, `/v1/track/${token}/events`);
    expect(live.status).toBe(200);
    expect(live.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(live.headers['cache-control']).toBe('no-store, no-transform');
    await until('the current view', () => live.events.length === 1);
    expect(live.events[0]).toMatchObject({ id: '1', event: 'order' });
    expect(JSON.parse(live.events[0].data!)).toMatchObject({ orderId: 'RP-1', status: 'shipped', escrow: { state: 'held' } });
    expect(live.body.startsWith('retry: 2000\n\n')).toBe(true);

    await writeViaB('RP-1', 2, 'out_for_delivery');
    const written = Date.now();
    await until('revision 2 on replica A', () => live.events.length === 2, 1000);
    expect(live.arrivals[1] - written).toBeLessThan(1000);
    expect(live.events[1]).toMatchObject({ id: '2', event: 'order' });
    const view = JSON.parse(live.events[1].data!);
    expect(view).toMatchObject({ status: 'out_for_delivery' });
    // The event carries the customer's view only: no history, key IDs, amounts or internal IDs.
    for (const leak of ['history', 'key_', '12999', 'shp_']) expect(live.events[1].data).not.toContain(leak);
  });

  it('replays exactly the missed revisions on reconnection with Last-Event-ID, on the other replica too', async () => {
    await writeViaB('RP-2', 1);
    const { token } = await tokens.issue('RP-2');
    const first = await stream(a, `/v1/track/${token}/events`);
    await until('revision 1', () => first.events.length === 1);
    first.close();
    for (const revision of [2, 3, 4]) await writeViaB('RP-2', revision);

    const again = await stream(b, `/v1/track/${token}/events`, { 'Last-Event-ID': '1' });
    await until('three missed revisions', () => again.events.length >= 3);
    await sleep(600);
    expect(revisions(again)).toEqual([2, 3, 4]);

    // A client that cannot set the header says the same in the query; the header wins when both are sent.
    const byQuery = await stream(a, `/v1/track/${token}/events?lastEventId=3`);
    const both = await stream(a, `/v1/track/${token}/events?lastEventId=1`, { 'Last-Event-ID': '3' });
    await until('revision 4 on both', () => byQuery.events.length >= 1 && both.events.length >= 1);
    await sleep(600);
    expect(revisions(byQuery)).toEqual([4]);
    expect(revisions(both)).toEqual([4]);

    // Up to date: nothing is replayed, and the next revision still comes.
    const current = await stream(a, `/v1/track/${token}/events`, { 'Last-Event-ID': '4' });
    await sleep(600);
    expect(current.events).toEqual([]);
    await writeViaB('RP-2', 5);
    await until('revision 5', () => current.events.length === 1, 1000);
    expect(revisions(current)).toEqual([5]);
  });

  it('keeps a quiet stream alive with comments, and cleans up when the client leaves', async () => {
    await writeViaB('RP-3', 1);
    const { token } = await tokens.issue('RP-3');
    const live = await stream(a, `/v1/track/${token}/events`);
    await until('two heartbeats', () => live.comments >= 2, 3 * HEARTBEAT_MS + 1000);
    expect(live.body).toContain(': keep-alive\n\n');
    const hub = a.moduleRef.get(OrderUpdatesHub);
    const limits = a.moduleRef.get(StreamLimits);
    expect(hub.watchedOrders).toBe(1);
    live.close();
    await until('the stream cleaned up', () => hub.watchedOrders === 0 && limits.open === 0);
    await until('polling stopped', () => !hub.active, 2000);
  });

  it('ends the stream when the token expires', async () => {
    await writeViaB('RP-4', 1);
    const { token, expiresAt } = await tokens.issue('RP-4', { ttlMs: 2000 });
    const live = await stream(a, `/v1/track/${token}/events`);
    await until('the stream ending', () => live.ended, expiresAt.getTime() - Date.now() + 2000);
    expect(live.events.map((e) => e.event)).toEqual(['order', 'expired']);
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt.getTime());
    const refused = await stream(a, `/v1/track/${token}/events`);
    expect(refused.status).toBe(401);
  }, 15_000);

  it('refuses a forged, foreign or expired token with 401 and no stream', async () => {
    await writeViaB('RP-5', 1);
    const genuine = (await tokens.issue('RP-5')).token;
    const [header, payload, signature] = genuine.split('.');
    const forged = `${header}.${payload}.${signature.slice(0, -4)}AAAA`;
    const foreign = (await new UnsubscribeTokenService({ keys: parseCustomerTokenSecrets(SECRETS) }).issue({ orderId: 'RP-5', channel: 'email', addressHashes: { email: 'a'.repeat(64) } })).token;
    for (const token of [forged, foreign, 'not-a-token']) {
      const refused = await stream(a, `/v1/track/${token}/events`);
      expect(refused.status).toBe(401);
      expect(refused.headers['content-type']).toMatch(/^application\/json/);
      await until('the answer', () => refused.ended);
      expect(JSON.parse(refused.body)).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'This link is not valid.' });
    }
    expect(a.moduleRef.get(StreamLimits).open).toBe(0);
    expect(a.moduleRef.get(OrderUpdatesHub).watchedOrders).toBe(0);
  });

  it('answers a malformed Last-Event-ID with 400, and an unknown query parameter too', async () => {
    const { token } = await tokens.issue('RP-5');
    for (const [path, headers] of [
      [`/v1/track/${token}/events`, { 'Last-Event-ID': 'abc' }],
      [`/v1/track/${token}/events?lastEventId=-1`, {}],
      [`/v1/track/${token}/events?since=1`, {}],
    ] as const) {
      const refused = await stream(a, path, headers);
      expect(refused.status).toBe(400);
    }
    expect(a.moduleRef.get(StreamLimits).open).toBe(0);
  });

  it('caps open streams per token on a replica (429), and frees the slot when one closes', async () => {
    await writeViaB('RP-6', 1);
    const { token } = await tokens.issue('RP-6');
    const three = [await stream(a, `/v1/track/${token}/events`), await stream(a, `/v1/track/${token}/events`), await stream(a, `/v1/track/${token}/events`)];
    expect(three.map((s) => s.status)).toEqual([200, 200, 200]);
    const fourth = await stream(a, `/v1/track/${token}/events`);
    expect(fourth.status).toBe(429);
    // Another replica counts its own.
    expect((await stream(b, `/v1/track/${token}/events`)).status).toBe(200);
    three[0].close();
    await until('a free slot', () => a.moduleRef.get(StreamLimits).open === 2);
    expect((await stream(a, `/v1/track/${token}/events`)).status).toBe(200);
  });

  describe('the page', () => {
    it('renders the order from the feed, with the stream to resume from its revision', async () => {
      await writeViaB('RP-7', 1, 'shipped');
      await writeViaB('RP-7', 2, 'in_transit');
      const { token } = await tokens.issue('RP-7');
      const response = await fetch(`${a.url}/t/${token}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      const html = await response.text();
      expect(html).toContain('data-testid="order-status" data-status="in_transit"');
      expect(html).toContain(`data-events-url="/v1/track/${token}/events" data-revision="2"`);
      const [stylesheet] = /\/t\/assets\/tracking-page-[0-9a-f]{12}\.css/.exec(html) ?? [];
      const [script] = /\/t\/assets\/tracking-page-[0-9a-f]{12}\.js/.exec(html) ?? [];
      const css = await fetch(`${a.url}${stylesheet}`);
      expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
      expect(await css.text()).toContain('@media (min-width:40rem)');
      const js = await fetch(`${a.url}${script}`);
      expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(await js.text()).toContain('(function trackingPageScript(win)');
    });

    it('answers a bad or expired link with an error page that names no order', async () => {
      const { token: expired } = await tokens.issue('RP-7', { ttlMs: 1000 });
      await sleep(2100);
      for (const [token, title] of [
        ['not-a-token', 'This link does not work'],
        [expired, 'This link has expired'],
      ]) {
        const response = await fetch(`${a.url}/t/${token}`);
        expect(response.status).toBe(401);
        const html = await response.text();
        expect(html).toContain(`data-testid="error-title">${title}</h1>`);
        expect(html).not.toContain('RP-7');
      }
    });

    it('refuses a form another site posted (403), before touching the order', async () => {
      const { token } = await tokens.issue('RP-7');
      const response = await fetch(`${a.url}/t/${token}/confirm-receipt`, { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
      expect(response.status).toBe(403);
      expect(await response.text()).toContain('data-testid="error-title">Nothing was changed</h1>');
    });
  });
});
