import request from 'supertest';
import type { App } from 'supertest/types';
import { IS_PUBLIC } from '../../../src/auth/public.decorator';
import { EscrowEmulatorController } from '../../../src/sandbox/escrow/escrow-emulator.controller';
import { ESCROW_IDEMPOTENCY_KEY_TTL_MS } from '../../../src/sandbox/escrow/escrow-emulator.service';
import { createSandboxTestApp, TEST_ESCROW_SECRET_KEY, TEST_START, type SandboxTestApp } from './support/sandbox-test-app';

const TRANSFERS = '/sandbox/escrow/v1/transfers';
const REFUNDS = '/sandbox/escrow/v1/refunds';
const BEARER = `Bearer ${TEST_ESCROW_SECRET_KEY}`;
const KEY = 'escrow-release:A-3001';
const params = { amount: 4_500, currency: 'USD', order_id: 'A-3001', reason: 'delivered' };

const errorBody = (type: string, code?: string) => ({ error: { type, code: code ?? expect.any(String), message: expect.any(String) } });

describe(EscrowEmulatorController.name, () => {
  let sut: SandboxTestApp;
  let server: App;

  beforeEach(async () => {
    sut = await createSandboxTestApp({ globalZodPipe: true });
    server = sut.app.getHttpServer() as App;
  });

  afterEach(async () => sut.close());

  const create = (path: string, body: object = params, key: string | null = KEY, auth: string | null = BEARER) => {
    let call = request(server).post(path).send(body);
    if (key !== null) call = call.set('Idempotency-Key', key);
    return auth === null ? call : call.set('Authorization', auth);
  };
  const list = (path: string, orderId = 'A-3001') => request(server).get(path).query({ order_id: orderId }).set('Authorization', BEARER);
  const queueFault = (fault: object, count = 1, endpoint?: string) =>
    request(server).post('/sandbox/escrow/faults').send({ fault, count, ...(endpoint ? { endpoint } : {}) }).expect(201);

  it('should be public: it checks its own secret key, not the app API key', () => {
    expect(Reflect.getMetadata(IS_PUBLIC, EscrowEmulatorController)).toBe(true);
  });

  it('should refuse a missing or wrong secret key with 401 in the provider envelope, creating nothing', async () => {
    for (const auth of [null, 'Bearer sk_test_wrong', TEST_ESCROW_SECRET_KEY, `Basic ${TEST_ESCROW_SECRET_KEY}`]) {
      const response = await create(TRANSFERS, params, KEY, auth).expect(401);
      expect(response.body).toEqual(errorBody('invalid_request_error', 'api_key_invalid'));
    }
    await request(server).get(TRANSFERS).query({ order_id: 'A-3001' }).expect(401);
    expect(sut.escrow.transactions.transactions).toEqual([]);
    expect(sut.escrow.keys.keys.size).toBe(0);
  });

  it('should create a transfer and a refund in Stripe shape', async () => {
    const transfer = await create(TRANSFERS).expect(200);
    expect(transfer.body).toEqual({
      id: expect.stringMatching(/^tr_[0-9a-f]{24}$/),
      object: 'transfer',
      amount: 4_500,
      currency: 'usd',
      order_id: 'A-3001',
      reason: 'delivered',
      status: 'succeeded',
      created: Math.floor(TEST_START.getTime() / 1000),
    });
    expect(transfer.headers['idempotent-replayed']).toBeUndefined();
    const refund = await create(REFUNDS, { amount: 100, currency: 'eur', order_id: 'B-1' }, 'escrow-refund:B-1').expect(200);
    expect(refund.body).toMatchObject({ id: expect.stringMatching(/^re_/), object: 'refund', currency: 'eur', reason: null });
  });

  it('should require an Idempotency-Key on creates', async () => {
    const response = await create(TRANSFERS, params, null).expect(400);
    expect(response.body).toEqual(errorBody('invalid_request_error', 'idempotency_key_missing'));
    await create(TRANSFERS, params, 'k'.repeat(256)).expect(400);
    expect(sut.escrow.transactions.transactions).toEqual([]);
  });

  it('should refuse invalid parameters with 400 naming the parameter, keeping neither the key nor anything else', async () => {
    const cases: Array<[object, string]> = [
      [{ ...params, amount: 0 }, 'amount'],
      [{ ...params, amount: 10.5 }, 'amount'],
      [{ ...params, amount: '4500' }, 'amount'],
      [{ ...params, currency: 'US' }, 'currency'],
      [{ amount: 1, currency: 'usd' }, 'order_id'],
      [{ ...params, order_id: 42 }, 'order_id'],
      [{ ...params, destination: 'acct_1' }, 'destination'],
    ];
    for (const [body, param] of cases) {
      const response = await create(TRANSFERS, body).expect(400);
      expect(response.body.error).toMatchObject({ type: 'invalid_request_error', code: 'parameter_invalid', param });
    }
    expect(sut.escrow.keys.keys.size).toBe(0);
    await create(TRANSFERS).expect(200);
  });

  describe('idempotency', () => {
    it('should replay the very same answer for the same key and parameters, with Idempotent-Replayed', async () => {
      const first = await create(TRANSFERS).expect(200);
      sut.clock.advance(60_000);
      const again = await create(TRANSFERS).expect(200);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(sut.escrow.transactions.transactions).toHaveLength(1);
      expect((await list(TRANSFERS).expect(200)).body.data).toEqual([first.body]);
    });

    it('should refuse the same key with other parameters, or on the other endpoint, with 400 idempotency_error', async () => {
      await create(TRANSFERS).expect(200);
      const other = await create(TRANSFERS, { ...params, amount: 4_501 }).expect(400);
      expect(other.body).toEqual(errorBody('idempotency_error', 'idempotency_key_reused'));
      await create(REFUNDS).expect(400);
      expect(sut.escrow.transactions.transactions).toHaveLength(1);
    });

    it('should answer 409 to a repeat while the first request with the key is still being processed', async () => {
      await queueFault({ kind: 'slow', delayMs: 300 });
      const first = create(TRANSFERS).then((r) => r);
      await waitFor(() => sut.escrow.keys.keys.get(KEY)?.state === 'processing');
      const concurrent = await create(TRANSFERS).expect(409);
      expect(concurrent.body).toEqual(errorBody('idempotency_error', 'idempotency_key_in_use'));
      expect((await first).status).toBe(200);
      expect(sut.escrow.transactions.transactions).toHaveLength(1);
      await create(TRANSFERS).expect(200).expect('Idempotent-Replayed', 'true');
    });

    it('should forget a key 24 hours after its first use: the same key then creates a NEW transfer', async () => {
      const first = await create(TRANSFERS).expect(200);
      sut.clock.advance(ESCROW_IDEMPOTENCY_KEY_TTL_MS - 1);
      await create(TRANSFERS).expect(200).expect('Idempotent-Replayed', 'true');
      sut.clock.advance(1);
      const fresh = await create(TRANSFERS).expect(200);
      expect(fresh.headers['idempotent-replayed']).toBeUndefined();
      expect(fresh.body.id).not.toBe(first.body.id);
      expect((await list(TRANSFERS).expect(200)).body.data.map((t: { id: string }) => t.id)).toEqual([first.body.id, fresh.body.id]);
      // The expired key was replaced: other parameters are now refused against the new first use.
      await create(TRANSFERS, { ...params, amount: 1 }).expect(400);
    });
  });

  describe('faults', () => {
    it('server_error: 500 api_error, nothing created and the key not kept, so a retry runs afresh', async () => {
      await queueFault({ kind: 'server_error' }, 1, 'transfers');
      const failed = await create(TRANSFERS).expect(500);
      expect(failed.body).toEqual(errorBody('api_error'));
      expect(sut.escrow.transactions.transactions).toEqual([]);
      const retry = await create(TRANSFERS).expect(200);
      expect(retry.headers['idempotent-replayed']).toBeUndefined();
    });

    it('decline: 402 invalid_request_error with the code, kept under the key and replayed', async () => {
      await queueFault({ kind: 'decline', code: 'account_closed' });
      const declined = await create(TRANSFERS).expect(402);
      expect(declined.body).toEqual(errorBody('invalid_request_error', 'account_closed'));
      const replay = await create(TRANSFERS).expect(402);
      expect(replay.body).toEqual(declined.body);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(sut.escrow.transactions.transactions).toEqual([]);
    });

    it('timeout_after_commit: the connection drops, yet the transfer exists and the key replays it', async () => {
      await queueFault({ kind: 'timeout_after_commit' });
      await expect(create(TRANSFERS)).rejects.toThrow(/socket hang up|ECONNRESET/);
      const [stored] = (await list(TRANSFERS).expect(200)).body.data;
      expect(stored).toMatchObject({ object: 'transfer', amount: 4_500, order_id: 'A-3001' });
      const retry = await create(TRANSFERS).expect(200);
      expect(retry.body).toEqual(stored);
      expect(retry.headers['idempotent-replayed']).toBe('true');
    });

    it('timeout_after_commit with delayMs: the answer comes after the client gave up', async () => {
      await queueFault({ kind: 'timeout_after_commit', delayMs: 400 });
      await expect(create(TRANSFERS).timeout(100)).rejects.toThrow(/Timeout/);
      expect(sut.escrow.transactions.transactions).toHaveLength(1);
    });

    it('aims faults at one endpoint and counts what was served', async () => {
      await queueFault({ kind: 'server_error' }, 2, 'refunds');
      await create(TRANSFERS).expect(200);
      await create(REFUNDS, { ...params }, 'escrow-refund:A-3001').expect(500);
      const view = await request(server).get('/sandbox/escrow').expect(200);
      expect(view.body).toEqual({
        pendingFaults: [{ fault: { kind: 'server_error' }, count: 1, endpoint: 'refunds' }],
        stats: { calls: { transfers: 1, refunds: 1, lookups: 0 }, created: { transfers: 1, refunds: 0 }, replayed: 0, idempotencyErrors: 0, faults: 1 },
      });
      const reset = await request(server).post('/sandbox/escrow/reset').expect(200);
      expect(reset.body.pendingFaults).toEqual([]);
      // The sandbox keeps every side effect: reset does not erase transfers.
      expect((await list(TRANSFERS).expect(200)).body.data).toHaveLength(1);
    });

    it('refuses nonsense faults with a clear 400', async () => {
      const cases: Array<[object, RegExp]> = [
        [{ fault: { kind: 'explode' }, count: 1 }, /fault.kind must be/],
        [{ fault: { kind: 'server_error' }, count: 0 }, /count must be at least 1/],
        [{ fault: { kind: 'slow' }, count: 1 }, /delayMs/],
        [{ fault: { kind: 'server_error' }, count: 1, endpoint: 'payouts' }, /endpoint must be transfers or refunds/],
      ];
      for (const [body, message] of cases) {
        const response = await request(server).post('/sandbox/escrow/faults').send(body).expect(400);
        expect(response.body.message).toMatch(message);
      }
    });
  });

  describe('lookups', () => {
    it('lists an order’s transfers and refunds separately, oldest first', async () => {
      await create(TRANSFERS).expect(200);
      await create(TRANSFERS, { ...params, order_id: 'OTHER' }, 'escrow-release:OTHER').expect(200);
      const transfers = await list(TRANSFERS).expect(200);
      expect(transfers.body).toMatchObject({ object: 'list', has_more: false, data: [{ order_id: 'A-3001', object: 'transfer' }] });
      expect((await list(REFUNDS).expect(200)).body.data).toEqual([]);
    });

    it('requires order_id', async () => {
      const response = await request(server).get(TRANSFERS).set('Authorization', BEARER).expect(400);
      expect(response.body.error).toMatchObject({ type: 'invalid_request_error', param: 'order_id' });
    });

    it('treats an operator in order_id as text', async () => {
      await create(TRANSFERS).expect(200);
      const response = await request(server).get(`${TRANSFERS}?order_id[$ne]=x`).set('Authorization', BEARER);
      expect(response.status).toBe(400);
    });
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
