import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { Test, type TestingModule } from '@nestjs/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createEscrowActivities } from '../../activities/escrow/escrow.activities';
import { EscrowProviderFailureType } from '../../activities/escrow/escrow-provider';
import { HttpEscrowProviderClient } from '../../activities/escrow/escrow-provider.http';
import { EscrowFailureType, escrowIdempotencyKey, type EscrowSettlementRequest, type EscrowSettlementResult } from '../../activities/escrow/escrow.types';
import { EscrowLedgerRepository } from '../../src/persistence/escrow-ledger.repository';
import { PersistenceModule } from '../../src/persistence/persistence.module';
import { ESCROW_IDEMPOTENCY_KEY_TTL_MS } from '../../src/sandbox/escrow/escrow-emulator.service';
import { ContractSandbox } from '../support/contract-sandbox';

const SECRET_KEY = 'sk_test_waybill_contract';
const HOUR_MS = 60 * 60_000;

/** The activity context without the SDK's console logging of every expected failure. */
const activityEnvironment = () => new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR', () => undefined) });

interface ProviderTransaction {
  id: string;
  object: string;
  amount: number;
  order_id: string;
}

/**
 * The real activity, the real HTTP client and the real ledger on FerretDB, against the escrow
 * emulator over real HTTP with its transactions in FerretDB too. Only the emulator's clock is fake.
 */
describe('settleEscrow against the escrow emulator', () => {
  const sandbox = new ContractSandbox('escrow');
  let ledgerModule: TestingModule;
  let ledger: EscrowLedgerRepository;
  let provider: HttpEscrowProviderClient;
  let orders = 0;

  beforeAll(async () => {
    await sandbox.start('waybill_escrow_contract', { escrow: { secretKey: SECRET_KEY } });
    // The ledger lives in Waybill's own database, the emulator's records in the sandbox's.
    ledgerModule = await Test.createTestingModule({ imports: [PersistenceModule.forRoot(sandbox.mongoUri('waybill_escrow_ledger'))] }).compile();
    await ledgerModule.init();
    ledger = ledgerModule.get(EscrowLedgerRepository);
    provider = new HttpEscrowProviderClient({ baseUrl: sandbox.baseUrl, secretKey: SECRET_KEY, timeoutMs: 2_000 });
  }, 90_000);

  afterAll(async () => {
    await ledgerModule?.close();
    await sandbox.stop();
  }, 60_000);

  const activities = () => createEscrowActivities({ ledger, provider });
  const newOrder = () => `ESC-${Date.now()}-${++orders}`;
  const request = (orderId: string, patch: Partial<EscrowSettlementRequest> = {}): EscrowSettlementRequest => ({
    orderId,
    action: 'release',
    amount: 25_000,
    currency: 'USD',
    reason: 'all parcels delivered',
    ...patch,
  });
  const settle = (req: EscrowSettlementRequest): Promise<EscrowSettlementResult> => {
    const { settleEscrow } = activities();
    return activityEnvironment().run<[EscrowSettlementRequest], EscrowSettlementResult, typeof settleEscrow>(settleEscrow, req);
  };
  const failureOf = async (req: EscrowSettlementRequest): Promise<ApplicationFailure> => {
    const err = await settle(req).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ApplicationFailure);
    return err as ApplicationFailure;
  };
  /** What the provider holds, read through the emulator's own lookup (the sandbox records every side effect). */
  const atProvider = async (path: 'transfers' | 'refunds', orderId: string): Promise<ProviderTransaction[]> => {
    const response = await fetch(`${sandbox.baseUrl}/v1/${path}?order_id=${encodeURIComponent(orderId)}`, { headers: { Authorization: `Bearer ${SECRET_KEY}` } });
    expect(response.status).toBe(200);
    return ((await response.json()) as { data: ProviderTransaction[] }).data;
  };
  const queueFault = async (fault: object, count = 1): Promise<void> => {
    const response = await fetch(`${sandbox.baseUrl}/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ fault, count }) });
    expect(response.status).toBe(201);
  };

  it('releases once: one transfer at the provider, recorded in the ledger; a repeat answers from the ledger', async () => {
    const orderId = newOrder();
    const result = await settle(request(orderId));
    const transfers = await atProvider('transfers', orderId);
    expect(transfers).toEqual([expect.objectContaining({ object: 'transfer', amount: 25_000, order_id: orderId })]);
    expect(result).toMatchObject({ outcome: 'settled', transactionId: transfers[0].id, idempotencyKey: escrowIdempotencyKey('release', orderId) });
    expect(await ledger.listByOrder(orderId)).toEqual([
      expect.objectContaining({ action: 'release', state: 'settled', providerTransactionId: transfers[0].id, amount: 25_000, currency: 'USD' }),
    ]);
    await expect(settle(request(orderId))).resolves.toMatchObject({ outcome: 'already_settled', transactionId: transfers[0].id });
    expect(await atProvider('transfers', orderId)).toHaveLength(1);
  });

  it('survives a lost answer: timeout_after_commit, then the retry finds the transfer; exactly one at the provider', async () => {
    const orderId = newOrder();
    await queueFault({ kind: 'timeout_after_commit' });
    const lost = await failureOf(request(orderId));
    expect(lost).toMatchObject({ type: EscrowProviderFailureType.UNAVAILABLE, nonRetryable: false });
    expect((await ledger.find(escrowIdempotencyKey('release', orderId)))?.state).toBe('pending');

    const retry = await settle(request(orderId));
    const transfers = await atProvider('transfers', orderId);
    expect(transfers).toHaveLength(1);
    expect(retry).toMatchObject({ outcome: 'already_settled', transactionId: transfers[0].id });
    expect((await ledger.find(escrowIdempotencyKey('release', orderId)))?.providerTransactionId).toBe(transfers[0].id);
  });

  it('survives a lost answer past the key expiry (25 h later): the lookup, not the key, keeps it to one transfer', async () => {
    const orderId = newOrder();
    await queueFault({ kind: 'timeout_after_commit' });
    await failureOf(request(orderId));
    sandbox.clock.advance(25 * HOUR_MS);
    expect(25 * HOUR_MS).toBeGreaterThan(ESCROW_IDEMPOTENCY_KEY_TTL_MS);

    const retry = await settle(request(orderId));
    const transfers = await atProvider('transfers', orderId);
    expect(transfers).toHaveLength(1);
    expect(retry).toMatchObject({ outcome: 'already_settled', transactionId: transfers[0].id });
  });

  it('proves the expiry is real: past 24 h the same key alone would create a second transfer', async () => {
    const orderId = newOrder();
    const key = escrowIdempotencyKey('release', orderId);
    const create = () => provider.create({ action: 'release', orderId, amount: 25_000, currency: 'USD', reason: 'r', idempotencyKey: key });
    const first = await create();
    await expect(create()).resolves.toMatchObject({ id: first.id, replayed: true });
    sandbox.clock.advance(25 * HOUR_MS);
    const second = await create();
    expect(second).toMatchObject({ replayed: false });
    expect(second.id).not.toBe(first.id);
    expect(await atProvider('transfers', orderId)).toHaveLength(2);
  });

  it('refuses a refund after a release: SETTLED_OTHERWISE, not retried, and no refund at the provider', async () => {
    const orderId = newOrder();
    const released = await settle(request(orderId));
    const failure = await failureOf(request(orderId, { action: 'refund', reason: 'customer cancelled' }));
    expect(failure.type).toBe(EscrowFailureType.SETTLED_OTHERWISE);
    expect(failure.nonRetryable).toBe(true);
    expect(failure.details).toEqual([{ action: 'release', transactionId: released.transactionId }]);
    expect(await atProvider('refunds', orderId)).toEqual([]);
    expect((await ledger.listByOrder(orderId)).map((e) => e.action)).toEqual(['release']);
  });

  it('records a decline and fails for good, creating nothing', async () => {
    const orderId = newOrder();
    await queueFault({ kind: 'decline' });
    const failure = await failureOf(request(orderId));
    expect(failure).toMatchObject({ type: EscrowFailureType.DECLINED, nonRetryable: true });
    expect(await ledger.find(escrowIdempotencyKey('release', orderId))).toMatchObject({ state: 'declined', declineCode: 'balance_insufficient' });
    expect(await atProvider('transfers', orderId)).toEqual([]);
  });

  it('retries a 500 and leaves the ledger pending; the next attempt settles with one transfer', async () => {
    const orderId = newOrder();
    await queueFault({ kind: 'server_error' });
    const failure = await failureOf(request(orderId));
    expect(failure).toMatchObject({ type: EscrowProviderFailureType.UNAVAILABLE, nonRetryable: false });
    expect((await ledger.find(escrowIdempotencyKey('release', orderId)))?.state).toBe('pending');
    await expect(settle(request(orderId))).resolves.toMatchObject({ outcome: 'settled' });
    expect(await atProvider('transfers', orderId)).toHaveLength(1);
  });

  it('turns a wrong secret key into a retryable failure, never a decline', async () => {
    const orderId = newOrder();
    const wrong = new HttpEscrowProviderClient({ baseUrl: sandbox.baseUrl, secretKey: 'sk_test_wrong', timeoutMs: 2_000 });
    const { settleEscrow } = createEscrowActivities({ ledger, provider: wrong });
    const err = await activityEnvironment().run(settleEscrow, request(orderId)).catch((e: unknown) => e);
    expect(err).toMatchObject({ type: EscrowProviderFailureType.AUTH_FAILED, nonRetryable: false });
  });
});
