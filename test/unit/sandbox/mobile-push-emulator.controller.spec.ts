import request from 'supertest';
import type { App } from 'supertest/types';
import { Webhook } from 'standardwebhooks';
import { IS_PUBLIC } from '../../../src/auth/public.decorator';
import { SANDBOX_PUSH_SIGNING_SECRET } from '../../../src/config/config';
import type { Request } from 'express';
import { MobilePushEmulatorController, signedBodyOf } from '../../../src/sandbox/mobile-push/mobile-push-emulator.controller';
import { MobilePushController } from '../../../src/sandbox/mobile-push/mobile-push.controller';
import { createSandboxTestApp, TEST_START, type SandboxTestApp } from './support/sandbox-test-app';

const ENDPOINT = '/sandbox/mobile-push/v1/notifications';
const webhook = new Webhook(SANDBOX_PUSH_SIGNING_SECRET);

const notification = (patch: Record<string, unknown> = {}) => ({
  id: 'A-3001|shipped|shp_1|push',
  type: 'waybill.notification',
  createdAt: '2026-03-02T15:00:00.000Z',
  orderId: 'A-3001',
  customerRef: 'cus_1',
  milestone: 'shipped',
  title: 'Your order A-3001 has shipped',
  body: 'UPS has it. Track it any time.',
  data: { orderId: 'A-3001', shipmentId: 'shp_1', milestone: 'shipped', trackingUrl: 'https://www.ups.com/track?tracknum=1Z' },
  locale: 'en-US',
  ...patch,
});

describe(MobilePushEmulatorController.name, () => {
  let sut: SandboxTestApp;
  let server: App;

  beforeEach(async () => {
    sut = await createSandboxTestApp({ globalZodPipe: true });
    server = sut.app.getHttpServer() as App;
  });

  afterEach(async () => sut.close());

  /** Signs like the sender: compact JSON, the real clock (the library checks the tolerance against it). */
  const post = (body: object, options: { at?: Date; id?: string; idempotencyKey?: string | null; signWith?: Webhook; headers?: Record<string, string> } = {}) => {
    const payload = JSON.stringify(body);
    const id = options.id ?? (body as { id: string }).id;
    const at = options.at ?? new Date();
    const call = request(server)
      .post(ENDPOINT)
      .set('Content-Type', 'application/json')
      .set('webhook-id', id)
      .set('webhook-timestamp', String(Math.floor(at.getTime() / 1000)))
      .set('webhook-signature', (options.signWith ?? webhook).sign(id, at, payload))
      .set(options.headers ?? {});
    return (options.idempotencyKey === null ? call : call.set('Idempotency-Key', options.idempotencyKey ?? id)).send(payload);
  };
  const controls = (body: object) => request(server).post('/sandbox/mobile-push/controls').send(body).expect(200);

  it('should be public: it checks its own signature, not the app API key', () => {
    expect(Reflect.getMetadata(IS_PUBLIC, MobilePushEmulatorController)).toBe(true);
    expect(Reflect.getMetadata(IS_PUBLIC, MobilePushController)).toBe(true);
  });

  it('should accept a signed notification with 202 { deliveredTo: 1 } and record it once, verified', async () => {
    const response = await post(notification()).expect(202);
    expect(response.body).toEqual({ deliveredTo: 1 });
    expect(sut.mobilePush.records).toHaveLength(1);
    const list = await request(server).get('/sandbox/mobile-push').query({ orderId: 'A-3001' }).expect(200);
    expect(list.body).toEqual({
      notifications: [
        {
          id: 'A-3001|shipped|shp_1|push',
          orderId: 'A-3001',
          customerRef: 'cus_1',
          milestone: 'shipped',
          receivedAt: TEST_START.toISOString(),
          deliveredTo: 1,
          signature: { scheme: 'standard-webhooks-v1', verified: true, webhookTimestamp: expect.any(Number) },
          idempotencyKey: 'A-3001|shipped|shp_1|push',
          message: notification(),
        },
      ],
    });
  });

  it('should answer a repeated id with the same 202, marked as a replay, recording it once', async () => {
    await post(notification()).expect(202);
    const again = await post(notification()).expect(202);
    expect(again.body).toEqual({ deliveredTo: 1 });
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(sut.mobilePush.records).toHaveLength(1);
    const state = await request(server).get('/sandbox/mobile-push/controls').expect(200);
    expect(state.body.stats).toMatchObject({ received: 2, accepted: 1, replayed: 1 });
  });

  it('should refuse a missing, wrong or stale signature with 401, recording nothing', async () => {
    const other = new Webhook(`whsec_${Buffer.from('some-other-secret-thirty-two-byt').toString('base64')}`);
    const refused = await post(notification(), { signWith: other }).expect(401);
    expect(refused.body).toEqual({ error: 'invalid_signature', message: expect.any(String) });
    await post(notification(), { at: new Date(Date.now() - 6 * 60_000) }).expect(401);
    await post(notification(), { at: new Date(Date.now() + 6 * 60_000) }).expect(401);
    await request(server).post(ENDPOINT).send(notification()).expect(401);
    // A body changed after signing: sign one, send another.
    const at = new Date();
    await request(server)
      .post(ENDPOINT)
      .set('webhook-id', notification().id)
      .set('webhook-timestamp', String(Math.floor(at.getTime() / 1000)))
      .set('webhook-signature', webhook.sign(notification().id, at, JSON.stringify(notification())))
      .send(notification({ title: 'Tampered' }))
      .expect(401);
    expect(sut.mobilePush.records).toEqual([]);
  });

  it('should accept within the 5-minute tolerance', async () => {
    await post(notification(), { at: new Date(Date.now() - 4 * 60_000) }).expect(202);
  });

  it('should refuse a verified body that is not the documented format with 400 naming the problem', async () => {
    const cases: Array<[object, RegExp]> = [
      [notification({ title: 'x'.repeat(66) }), /title/],
      [notification({ body: 'x'.repeat(241) }), /body/],
      [notification({ type: 'other' }), /type/],
      [notification({ extra: true }), /extra/],
      [notification({ data: { orderId: 'B-1', milestone: 'shipped' } }), /data.orderId/],
      [notification({ createdAt: 'yesterday' }), /createdAt/],
      [notification({ locale: 'english please' }), /locale/],
    ];
    for (const [body, problem] of cases) {
      const response = await post(body).expect(400);
      expect(response.body).toEqual({ error: 'invalid_request', message: expect.stringMatching(problem) });
    }
    await post(notification(), { id: 'another-id' }).expect(400, { error: 'invalid_request', message: 'id must equal the webhook-id header' });
    await post(notification(), { idempotencyKey: 'another-key' }).expect(400);
    await post(notification(), { idempotencyKey: null }).expect(202);
    expect(sut.mobilePush.records).toHaveLength(1);
  });

  it('should accept a notification without customerRef, and 65/240 characters exactly', async () => {
    const { customerRef: _ignored, ...anonymous } = notification({ title: '📦'.repeat(65), body: 'b'.repeat(240) });
    await post(anonymous).expect(202);
  });

  it('should answer 410 no_devices for customers on the no-devices list, until removed', async () => {
    const state = await controls({ noDevices: { add: ['cus_1', 'cus_2'] } });
    expect(state.body.noDevices).toEqual(['cus_1', 'cus_2']);
    expect((await post(notification()).expect(410)).body).toEqual({ error: 'no_devices', message: expect.any(String) });
    await post(notification({ id: 'n2', customerRef: 'cus_3' }), { id: 'n2' }).expect(202);
    expect(sut.mobilePush.records.map((r) => r._id)).toEqual(['n2']);
    await controls({ noDevices: { remove: ['cus_1'] } });
    await post(notification()).expect(202);
    expect((await controls({ noDevices: { clear: true } })).body.noDevices).toEqual([]);
  });

  it('should serve queued faults: 500, 429 with Retry-After, then normal again; a replay uses none', async () => {
    await post(notification({ id: 'first' }), { id: 'first' }).expect(202);
    const queued = await controls({ fault: { kind: 'server_error' }, count: 2 });
    expect(queued.body.pendingFaults).toEqual([{ fault: { kind: 'server_error' }, count: 2 }]);
    await post(notification({ id: 'first' }), { id: 'first' }).expect(202);
    expect((await post(notification()).expect(500)).body).toEqual({ error: 'internal_error', message: expect.any(String) });
    await post(notification()).expect(500);
    await controls({ fault: { kind: 'rate_limited', retryAfterSeconds: 7 } });
    const limited = await post(notification()).expect(429);
    expect(limited.headers['retry-after']).toBe('7');
    await controls({ fault: { kind: 'rate_limited' } });
    expect((await post(notification()).expect(429)).headers['retry-after']).toBe('30');
    await post(notification()).expect(202);
    expect(sut.mobilePush.records.map((r) => r._id)).toEqual(['first', notification().id]);
  });

  it('should record a slow notification and answer only after the delay', async () => {
    await controls({ fault: { kind: 'slow', delayMs: 300 } });
    const started = Date.now();
    await post(notification()).expect(202);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(sut.mobilePush.records).toHaveLength(1);
  });

  it('should hold a delayed notification before looking at it, then deliver it', async () => {
    await controls({ fault: { kind: 'delay', delayMs: 300 } });
    const started = Date.now();
    await post(notification()).expect(202);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(sut.mobilePush.records).toHaveLength(1);
  });

  it('should drop a delayed notification unread when the sender hangs up first', async () => {
    await controls({ fault: { kind: 'delay', delayMs: 300 } });
    await expect(post(notification()).timeout(50)).rejects.toThrow(/Timeout/);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(sut.mobilePush.records).toEqual([]);
    const { body } = await request(server).get('/sandbox/mobile-push/controls').expect(200);
    expect(body).toMatchObject({ pendingFaults: [], stats: { received: 0, faults: 1, abandoned: 1 } });
    await post(notification()).expect(202);
    expect(sut.mobilePush.records).toHaveLength(1);
  });

  it('should validate controls, and reset faults, the list and counters but keep notifications', async () => {
    await request(server).post('/sandbox/mobile-push/controls').send({ fault: { kind: 'explode' } }).expect(400);
    await request(server).post('/sandbox/mobile-push/controls').send({ count: 2 }).expect(400);
    await request(server).post('/sandbox/mobile-push/controls').send({ fault: { kind: 'slow' } }).expect(400);
    await request(server).post('/sandbox/mobile-push/controls').send({ fault: { kind: 'delay' } }).expect(400);
    await post(notification()).expect(202);
    await controls({ fault: { kind: 'server_error' }, noDevices: { add: ['cus_9'] } });
    const reset = await controls({ reset: true });
    expect(reset.body).toEqual({
      pendingFaults: [],
      noDevices: [],
      stats: { received: 0, accepted: 0, replayed: 0, signatureRejected: 0, invalid: 0, noDevices: 0, faults: 0, abandoned: 0 },
    });
    expect(sut.mobilePush.records).toHaveLength(1);
  });

  it('should verify the bytes as received when the app keeps them, else the compact re-serialization', () => {
    const spaced = '{ "id": "n1" }';
    expect(signedBodyOf({ rawBody: Buffer.from(spaced), body: { id: 'n1' } } as unknown as Request)).toBe(spaced);
    expect(signedBodyOf({ body: Buffer.from(spaced) } as unknown as Request)).toBe(spaced);
    expect(signedBodyOf({ body: { id: 'n1' } } as unknown as Request)).toBe('{"id":"n1"}');
    expect(signedBodyOf({ body: undefined } as unknown as Request)).toBe('');
  });

  it('should list newest first, narrowed by orderId and limit', async () => {
    for (const [id, orderId] of [['n1', 'A-1'], ['n2', 'A-2'], ['n3', 'A-1']]) {
      await post(notification({ id, orderId, data: { orderId, milestone: 'shipped' } }), { id }).expect(202);
      sut.clock.advance(1_000);
    }
    const all = await request(server).get('/sandbox/mobile-push').expect(200);
    expect(all.body.notifications.map((n: { id: string }) => n.id)).toEqual(['n3', 'n2', 'n1']);
    const one = await request(server).get('/sandbox/mobile-push').query({ orderId: 'A-1', limit: 1 }).expect(200);
    expect(one.body.notifications.map((n: { id: string }) => n.id)).toEqual(['n3']);
    await request(server).get('/sandbox/mobile-push').query({ limit: 0 }).expect(400);
  });
});
