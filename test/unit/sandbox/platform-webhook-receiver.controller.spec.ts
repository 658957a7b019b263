import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import type { App } from 'supertest/types';
import { renderPlatformWebhookBody, signPlatformWebhook } from '../../../activities/platform-webhooks/platform-webhook.sender';
import type { OrderStatusWebhook } from '../../../activities/platform-webhooks/platform-webhook.types';
import { configureHttpPipeline } from '../../../src/api/http-pipeline';
import { IS_PUBLIC } from '../../../src/auth/public.decorator';
import { SANDBOX_PLATFORM_WEBHOOK_SECRET } from '../../../src/config/config';
import { PlatformWebhookReceiverControls } from '../../../src/sandbox/platform-webhooks/platform-webhook-receiver-controls';
import { PlatformWebhookReceiverController } from '../../../src/sandbox/platform-webhooks/platform-webhook-receiver.controller';
import { PlatformWebhookReceiverRepository } from '../../../src/sandbox/platform-webhooks/platform-webhook-receiver.repository';
import { PLATFORM_WEBHOOK_RECEIVER_SECRET, PlatformWebhookReceiverService } from '../../../src/sandbox/platform-webhooks/platform-webhook-receiver.service';
import { platformWebhookReceiverRawBody } from '../../../src/sandbox/platform-webhooks/received-body';
import { SANDBOX_CLOCK } from '../../../src/sandbox/sandbox.options';
import { FakeClock } from './support/fake-clock';
import { InMemoryPlatformWebhookReceiverRepository } from './support/in-memory-platform-webhook-receiver';

const PATH = '/sandbox/platform-webhooks';
const START = new Date('2026-03-02T15:00:00.000Z');

const event = (sequence: number, patch: Partial<OrderStatusWebhook> = {}): OrderStatusWebhook => ({
  orderId: 'A-5001',
  sequence,
  status: 'delivered',
  previousStatus: 'out_for_delivery',
  occurredAt: '2026-11-20T10:00:00.000Z',
  shipments: [],
  ...patch,
});

/** The receiver in an app that keeps its request bytes (the raw-body middleware before the API's JSON parser). */
describe('sandbox platform webhook receiver, verifying the raw bytes', () => {
  let app: NestExpressApplication;
  let server: App;
  let stored: InMemoryPlatformWebhookReceiverRepository;

  beforeEach(async () => {
    stored = new InMemoryPlatformWebhookReceiverRepository();
    const moduleRef = await Test.createTestingModule({
      controllers: [PlatformWebhookReceiverController],
      providers: [
        PlatformWebhookReceiverService,
        PlatformWebhookReceiverControls,
        { provide: PlatformWebhookReceiverRepository, useValue: stored },
        { provide: PLATFORM_WEBHOOK_RECEIVER_SECRET, useValue: SANDBOX_PLATFORM_WEBHOOK_SECRET },
        { provide: SANDBOX_CLOCK, useValue: new FakeClock(START).now },
      ],
    }).compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false });
    app.use(PATH, platformWebhookReceiverRawBody());
    configureHttpPipeline(app);
    await app.init();
    server = app.getHttpServer();
  });

  afterEach(async () => app.close());

  const signed = (body: string, id = 'evt_order_A-5001_1', at = new Date()) => signPlatformWebhook(SANDBOX_PLATFORM_WEBHOOK_SECRET, id, at, body);
  const post = (headers: Record<string, string>, body: string) => request(server).post(PATH).set('Content-Type', 'application/json').set(headers).send(body);

  it('is public: it checks its own signatures, not the app API key', () => {
    expect(Reflect.getMetadata(IS_PUBLIC, PlatformWebhookReceiverController)).toBe(true);
  });

  it('accepts a signed webhook with 204 and records it once, with sandbox time', async () => {
    const body = renderPlatformWebhookBody(event(1));
    await post(signed(body), body).expect(204);
    await post(signed(body), body).expect(204);
    expect([...stored.webhooks.values()]).toEqual([
      expect.objectContaining({ _id: 'evt_order_A-5001_1', orderId: 'A-5001', sequence: 1, status: 'delivered', previousStatus: 'out_for_delivery', receivedAt: START }),
    ]);
    const listed = await request(server).get(PATH).query({ orderId: 'A-5001' }).expect(200);
    expect(listed.body.webhooks).toEqual([expect.objectContaining({ webhookId: 'evt_order_A-5001_1', receivedAt: START.toISOString(), data: event(1) })]);
  });

  it('checks the bytes: a body changed only in whitespace no longer verifies', async () => {
    const body = renderPlatformWebhookBody(event(1));
    const reformatted = JSON.stringify(JSON.parse(body), null, 2);
    await post(signed(body), reformatted).expect(401);
    expect(stored.webhooks.size).toBe(0);
  });

  it('answers 401 outside the 5-minute tolerance, either way', async () => {
    const body = renderPlatformWebhookBody(event(1));
    await post(signed(body, undefined, new Date(Date.now() - 5 * 60_000 - 10_000)), body).expect(401);
    await post(signed(body, undefined, new Date(Date.now() + 5 * 60_000 + 10_000)), body).expect(401);
    await post(signed(body, undefined, new Date(Date.now() - 4 * 60_000)), body).expect(204);
  });

  it('answers 400 to a verified body whose webhook-id is not its order and sequence, or that is not a status webhook', async () => {
    const body = renderPlatformWebhookBody(event(2));
    await post(signed(body, 'evt_order_A-5001_1'), body).expect(400);
    const other = JSON.stringify({ type: 'order.status_changed', timestamp: 'x', data: { orderId: 'A-5001' } });
    await post(signed(other), other).expect(400);
    expect(stored.webhooks.size).toBe(0);
  });

  it('still parses the controls as JSON and serves queued faults first', async () => {
    await request(server).post(`${PATH}/controls`).send({ fault: { kind: 'server_error' }, count: 1 }).expect(201);
    await request(server).post(`${PATH}/controls`).send({ fault: { kind: 'gone' }, count: 1 }).expect(201);
    const body = renderPlatformWebhookBody(event(1));
    await post(signed(body), body).expect(500);
    await post(signed(body), body).expect(410);
    await post(signed(body), body).expect(204);
    const view = await request(server).get(`${PATH}/controls`).expect(200);
    expect(view.body).toEqual({ pendingFaults: [], stats: { received: 3, accepted: 1, duplicates: 0, rejected: 0, faults: 2 } });
    await request(server).post(`${PATH}/controls/reset`).expect(200);
  });
});
