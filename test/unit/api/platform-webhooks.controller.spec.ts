import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import request from 'supertest';
import type { PlatformWebhookDeadLetter } from '../../../activities/platform-webhooks/platform-webhook-dead-letters';
import { PlatformWebhookDeliveryError } from '../../../activities/platform-webhooks/platform-webhook.sender';
import { PlatformWebhookFailureType } from '../../../activities/platform-webhooks/platform-webhook.types';
import { PlatformWebhookDeadLettersRepository } from '../../../src/persistence/platform-webhook-dead-letters.repository';
import { decodeDeadLetterCursor, encodeDeadLetterCursor } from '../../../src/platform-webhooks/dead-letter-cursor';
import { PlatformWebhooksController } from '../../../src/platform-webhooks/platform-webhooks.controller';
import { PLATFORM_WEBHOOK_SENDER, PlatformWebhooksService } from '../../../src/platform-webhooks/platform-webhooks.service';
import { API_KEYS, bearer, createApiTestApp, keyIdOf, useApiTestApp, type ApiTestAppOptions } from '../../support/api-test-app';

const LIST = '/v1/platform-webhooks/dead-letters';
const replayPath = (webhookId: string) => `/v1/platform-webhooks/dead-letters/${webhookId}/replay`;

const deadLetter = (sequence: number, patch: Partial<PlatformWebhookDeadLetter> = {}): PlatformWebhookDeadLetter => ({
  webhookId: `evt_order_A-1001_${sequence}`,
  orderId: 'A-1001',
  sequence,
  payload: { orderId: 'A-1001', sequence, status: 'shipped', occurredAt: '2026-11-20T10:00:00.000Z', shipments: [] },
  failure: { type: 'PlatformWebhookUnavailable', message: 'answered 503', httpStatus: 503 },
  attempts: 80,
  deadAt: new Date(`2026-11-2${sequence}T10:00:00Z`),
  replays: 0,
  ...patch,
});

const newRepository = () => ({ list: jest.fn().mockResolvedValue([]), find: jest.fn(), recordReplay: jest.fn() });

/** The service is real; the store of dead letters and the sender (null when status sync is off) are not. */
const appWith = (sender: unknown, repository: ReturnType<typeof newRepository>): ApiTestAppOptions => ({
  controllers: [PlatformWebhooksController],
  providers: [PlatformWebhooksService, { provide: PlatformWebhookDeadLettersRepository, useValue: repository }, { provide: PLATFORM_WEBHOOK_SENDER, useValue: sender }],
});

describe('PlatformWebhooksController over HTTP (real guard, pipe and service; repository and sender mocked)', () => {
  const repository = newRepository();
  const sender = { send: jest.fn() };
  const api = useApiTestApp(appWith(sender, repository));

  beforeEach(() => {
    repository.list.mockReset().mockResolvedValue([]);
    repository.find.mockReset().mockResolvedValue(undefined);
    repository.recordReplay.mockReset().mockImplementation(async (webhookId: string, outcome: object, replayedAt: Date) => ({
      ...deadLetter(Number(webhookId.split('_').pop())),
      replayedAt,
      replayOutcome: outcome,
      replays: 1,
    }));
    sender.send.mockReset();
  });

  describe('roles', () => {
    it('refuses a missing key with 401', async () => {
      await request(api.server).get(LIST).expect(401);
      await request(api.server).post(replayPath('evt_order_A-1001_1')).expect(401);
    });

    it('refuses platform on both routes, and support on replay, with 403', async () => {
      await request(api.server).get(LIST).set('Authorization', bearer('platform')).expect(403);
      await request(api.server).post(replayPath('evt_order_A-1001_1')).set('Authorization', bearer('platform')).expect(403);
      const refused = await request(api.server).post(replayPath('evt_order_A-1001_1')).set('Authorization', bearer('support')).expect(403);
      expect(refused.body.message).toMatch(/support/);
      expect(repository.find).not.toHaveBeenCalled();
      expect(sender.send).not.toHaveBeenCalled();
    });

    it('lets support and admin list', async () => {
      await request(api.server).get(LIST).set('Authorization', bearer('support')).expect(200);
      await request(api.server).get(LIST).set('Authorization', bearer('admin')).expect(200);
      expect(repository.list).toHaveBeenCalledTimes(2);
    });
  });

  describe('GET /v1/platform-webhooks/dead-letters', () => {
    it('answers the page with ISO dates, filtered by order, and no cursor on the last page', async () => {
      repository.list.mockResolvedValue([deadLetter(2), deadLetter(1, { replayedAt: new Date('2026-11-24T09:00:00Z'), replayOutcome: { result: 'failed', httpStatus: 410, replayedBy: 'key_x' }, replays: 1 })]);
      const response = await request(api.server).get(`${LIST}?orderId=A-1001&limit=5`).set('Authorization', bearer('support')).expect(200);
      expect(repository.list).toHaveBeenCalledWith({ orderId: 'A-1001', limit: 6, after: undefined });
      expect(response.body.nextCursor).toBeNull();
      expect(response.body.deadLetters[0]).toEqual({
        webhookId: 'evt_order_A-1001_2',
        orderId: 'A-1001',
        sequence: 2,
        payload: deadLetter(2).payload,
        failure: { type: 'PlatformWebhookUnavailable', message: 'answered 503', httpStatus: 503 },
        attempts: 80,
        deadAt: '2026-11-22T10:00:00.000Z',
        replays: 0,
      });
      expect(response.body.deadLetters[1]).toMatchObject({ replayedAt: '2026-11-24T09:00:00.000Z', replayOutcome: { result: 'failed' }, replays: 1 });
    });

    it('pages with a keyset cursor: the last dead letter of a full page, handed back as `after`', async () => {
      repository.list.mockResolvedValue([deadLetter(3), deadLetter(2), deadLetter(1)]);
      const first = await request(api.server).get(`${LIST}?limit=2`).set('Authorization', bearer('support')).expect(200);
      expect(first.body.deadLetters).toHaveLength(2);
      expect(decodeDeadLetterCursor(first.body.nextCursor)).toEqual({ deadAt: deadLetter(2).deadAt, webhookId: 'evt_order_A-1001_2' });
      repository.list.mockResolvedValue([deadLetter(1)]);
      await request(api.server).get(`${LIST}?limit=2&cursor=${first.body.nextCursor}`).set('Authorization', bearer('support')).expect(200);
      expect(repository.list).toHaveBeenLastCalledWith({ limit: 3, after: { deadAt: deadLetter(2).deadAt, webhookId: 'evt_order_A-1001_2' } });
    });

    it.each([
      ['orderId[$ne]=x'],
      ['orderId=$where'],
      ['limit=0'],
      ['limit=101'],
      ['state=open'],
      [`cursor=${Buffer.from('{"d":"yesterday","w":"x"}').toString('base64url')}`],
      ['cursor=not-a-cursor'],
    ])('answers 400 for ?%s', async (query) => {
      await request(api.server).get(`${LIST}?${query}`).set('Authorization', bearer('support')).expect(400);
      expect(repository.list).not.toHaveBeenCalled();
    });

    it('round-trips a cursor', () => {
      const cursor = { deadAt: new Date('2026-11-22T10:00:00.123Z'), webhookId: 'evt_order_A-1_1' };
      expect(decodeDeadLetterCursor(encodeDeadLetterCursor(cursor))).toEqual(cursor);
    });
  });

  describe('POST /v1/platform-webhooks/dead-letters/{webhookId}/replay', () => {
    it('re-sends the stored event through the sender and records the outcome with the admin keyId', async () => {
      repository.find.mockResolvedValue(deadLetter(3));
      sender.send.mockResolvedValue({ webhookId: 'evt_order_A-1001_3', httpStatus: 204 });
      const response = await request(api.server).post(replayPath('evt_order_A-1001_3')).set('Authorization', bearer('admin')).expect(200);
      expect(sender.send).toHaveBeenCalledWith(deadLetter(3).payload);
      const outcome = { result: 'delivered', httpStatus: 204, replayedBy: keyIdOf('admin') };
      expect(repository.recordReplay).toHaveBeenCalledWith('evt_order_A-1001_3', outcome, expect.any(Date));
      expect(response.body).toMatchObject({ webhookId: 'evt_order_A-1001_3', outcome, deadLetter: { webhookId: 'evt_order_A-1001_3', replays: 1, replayOutcome: outcome } });
      expect(JSON.stringify(repository.recordReplay.mock.calls)).not.toContain(API_KEYS.admin);
    });

    it('answers 502 with the failure when the platform still refuses, and records it', async () => {
      repository.find.mockResolvedValue(deadLetter(3));
      sender.send.mockRejectedValue(new PlatformWebhookDeliveryError(PlatformWebhookFailureType.REJECTED, 'Platform webhook evt_order_A-1001_3 to https://p.example answered 410 Gone', { httpStatus: 410 }));
      const response = await request(api.server).post(replayPath('evt_order_A-1001_3')).set('Authorization', bearer('admin')).expect(502);
      const failure = { type: 'PlatformWebhookRejected', message: expect.stringMatching(/410 Gone/), httpStatus: 410 };
      expect(response.body).toMatchObject({ statusCode: 502, message: expect.stringMatching(/410 Gone/), outcome: { result: 'failed', httpStatus: 410, failure }, deadLetter: { replays: 1 } });
      expect(repository.recordReplay).toHaveBeenCalledWith('evt_order_A-1001_3', expect.objectContaining({ result: 'failed', failure }), expect.any(Date));
    });

    it('answers 502 for a platform that cannot be reached', async () => {
      repository.find.mockResolvedValue(deadLetter(3));
      sender.send.mockRejectedValue(new PlatformWebhookDeliveryError(PlatformWebhookFailureType.UNAVAILABLE, 'timed out after 10000 ms'));
      const response = await request(api.server).post(replayPath('evt_order_A-1001_3')).set('Authorization', bearer('admin')).expect(502);
      expect(response.body.outcome).toEqual({ result: 'failed', failure: { type: 'PlatformWebhookUnavailable', message: 'timed out after 10000 ms' }, replayedBy: keyIdOf('admin') });
    });

    it('answers 404 for an unknown webhook ID, sending nothing', async () => {
      await request(api.server).post(replayPath('evt_order_A-9_1')).set('Authorization', bearer('admin')).expect(404);
      expect(sender.send).not.toHaveBeenCalled();
      expect(repository.recordReplay).not.toHaveBeenCalled();
    });

    it.each([['A-1001'], ['evt_order_A-1001'], ['evt_order_A-1001_0'], ['evt_order__1'], [`evt_order_${'x'.repeat(100)}_1`], ['evt_order_A%241_1']])(
      'answers 400 for %s',
      async (webhookId) => {
        await request(api.server).post(replayPath(webhookId)).set('Authorization', bearer('admin')).expect(400);
        expect(repository.find).not.toHaveBeenCalled();
      },
    );
  });

  it('documents both routes in OpenAPI', () => {
    const document = cleanupOpenApiDoc(SwaggerModule.createDocument(api.app, new DocumentBuilder().addBearerAuth().build()));
    const list = document.paths[LIST]?.get;
    const replay = document.paths['/v1/platform-webhooks/dead-letters/{webhookId}/replay']?.post;
    expect(list?.parameters?.map((p) => ('name' in p ? p.name : undefined))).toEqual(expect.arrayContaining(['orderId', 'limit', 'cursor']));
    expect(Object.keys(list?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '401', '403']));
    expect(replay?.summary).toMatch(/^Admin:/);
    expect(replay?.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(replay?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404', '502', '503']));
  });
});

describe('replay with status sync off', () => {
  it('answers 503, sending nothing', async () => {
    const repository = newRepository();
    const { app, server } = await createApiTestApp(appWith(null, repository));
    try {
      repository.find.mockResolvedValue(deadLetter(1));
      const response = await request(server)
        .post(replayPath('evt_order_A-1001_1'))
        .set('Authorization', bearer('admin'))
        .expect(503);
      expect(response.body.message).toMatch(/PLATFORM_WEBHOOK_URL/);
      expect(repository.recordReplay).not.toHaveBeenCalled();
    } finally {
      await app.close();
    }
  });
});
