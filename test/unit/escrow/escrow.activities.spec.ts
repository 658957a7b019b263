import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger, type LogEntry } from '@temporalio/worker';
import { createEscrowActivities } from '../../../activities/escrow/escrow.activities';
import { EscrowProviderFailureType } from '../../../activities/escrow/escrow-provider';
import {
  EscrowFailureType,
  escrowIdempotencyKey,
  type EscrowSettlementRequest,
  type EscrowSettlementResult,
} from '../../../activities/escrow/escrow.types';
import { InMemoryEscrowLedger, InMemoryEscrowProvider } from '../../support/in-memory-escrow';

const ORDER = 'A-2001';
const RELEASE_KEY = escrowIdempotencyKey('release', ORDER);
const REFUND_KEY = escrowIdempotencyKey('refund', ORDER);

const request = (patch: Partial<EscrowSettlementRequest> = {}): EscrowSettlementRequest => ({
  orderId: ORDER,
  action: 'release',
  amount: 12_999,
  currency: 'USD',
  reason: 'all parcels delivered',
  ...patch,
});

describe('settleEscrow', () => {
  let ledger: InMemoryEscrowLedger;
  let provider: InMemoryEscrowProvider;
  let logs: LogEntry[];
  let env: MockActivityEnvironment;
  let activities: ReturnType<typeof createEscrowActivities>;

  beforeEach(() => {
    ledger = new InMemoryEscrowLedger();
    provider = new InMemoryEscrowProvider();
    logs = [];
    env = new MockActivityEnvironment(undefined, { logger: new DefaultLogger('TRACE', (entry) => logs.push(entry)) });
    activities = createEscrowActivities({ ledger, provider });
  });

  const settle = (req: EscrowSettlementRequest = request()): Promise<EscrowSettlementResult> =>
    env.run<[EscrowSettlementRequest], EscrowSettlementResult, typeof activities.settleEscrow>(activities.settleEscrow, req);
  const failureOf = async (req: EscrowSettlementRequest = request()): Promise<ApplicationFailure> => {
    const err = await settle(req).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ApplicationFailure);
    return err as ApplicationFailure;
  };
  const creates = () => provider.calls.filter((c) => c.operation === 'create');

  it('creates once with the idempotency key, records the transaction and answers settled', async () => {
    const result = await settle();
    const [transfer] = provider.transactionsOf(ORDER, 'release');
    expect(result).toEqual({ action: 'release', idempotencyKey: RELEASE_KEY, transactionId: transfer.id, outcome: 'settled', settledAt: transfer.createdAt.toISOString() });
    expect(creates()).toEqual([{ operation: 'create', action: 'release', orderId: ORDER, idempotencyKey: RELEASE_KEY, amount: 12_999 }]);
    expect(await ledger.find(RELEASE_KEY)).toMatchObject({ state: 'settled', providerTransactionId: transfer.id, amount: 12_999, currency: 'USD' });
  });

  it('looks the provider up before creating: the other action first, then its own', async () => {
    await settle();
    expect(provider.calls.map((c) => `${c.operation}:${c.action}`)).toEqual(['findByOrder:refund', 'findByOrder:release', 'create:release']);
  });

  it('answers a settled key from the ledger without calling the provider', async () => {
    const first = await settle();
    const callsBefore = provider.calls.length;
    const again = await settle();
    expect(again).toEqual({ ...first, outcome: 'already_settled' });
    expect(provider.calls).toHaveLength(callsBefore);
    expect(provider.transactions).toHaveLength(1);
  });

  it('finds a transfer whose answer was lost, records it and creates nothing more', async () => {
    provider.failCreates('timeout_after_commit');
    const lost = await failureOf();
    expect(lost.nonRetryable).toBe(false);
    expect(lost.type).toBe(EscrowProviderFailureType.UNAVAILABLE);
    expect(await ledger.find(RELEASE_KEY)).toMatchObject({ state: 'pending' });

    const retry = await settle();
    const [transfer] = provider.transactionsOf(ORDER, 'release');
    expect(retry).toMatchObject({ outcome: 'already_settled', transactionId: transfer.id });
    expect(provider.transactions).toHaveLength(1);
    expect(creates()).toHaveLength(1);
    expect(await ledger.find(RELEASE_KEY)).toMatchObject({ state: 'settled', providerTransactionId: transfer.id });
  });

  it('finds it even once the provider forgot the idempotency key (after 24 h)', async () => {
    provider.failCreates('timeout_after_commit');
    await failureOf();
    provider.expireIdempotencyKeys();
    await expect(settle()).resolves.toMatchObject({ outcome: 'already_settled' });
    expect(provider.transactions).toHaveLength(1);
  });

  it('refuses a refund after a release settled in the ledger: SETTLED_OTHERWISE, not retried, nothing created', async () => {
    const released = await settle();
    const failure = await failureOf(request({ action: 'refund', reason: 'customer cancelled' }));
    expect(failure.type).toBe(EscrowFailureType.SETTLED_OTHERWISE);
    expect(failure.nonRetryable).toBe(true);
    expect(failure.details).toEqual([{ action: 'release', transactionId: released.transactionId }]);
    expect(provider.transactionsOf(ORDER, 'refund')).toEqual([]);
    expect(await ledger.find(REFUND_KEY)).toBeNull();
  });

  it('refuses a release when the provider holds a refund the ledger never recorded, and records that refund', async () => {
    await provider.create({ action: 'refund', orderId: ORDER, amount: 12_999, currency: 'USD', reason: 'manual', idempotencyKey: 'dashboard-refund' });
    const failure = await failureOf();
    expect(failure.type).toBe(EscrowFailureType.SETTLED_OTHERWISE);
    expect(failure.nonRetryable).toBe(true);
    expect(provider.transactionsOf(ORDER, 'release')).toEqual([]);
    expect(await ledger.find(REFUND_KEY)).toMatchObject({ state: 'settled', providerTransactionId: provider.transactions[0].id });
    expect(await ledger.find(RELEASE_KEY)).toBeNull();
  });

  it('records a decline and fails for good; a later call declines again without asking the provider', async () => {
    provider.failCreates('decline', 1, 'balance_insufficient');
    const failure = await failureOf();
    expect(failure.type).toBe(EscrowFailureType.DECLINED);
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toMatch(/balance_insufficient/);
    expect(await ledger.find(RELEASE_KEY)).toMatchObject({ state: 'declined', declineCode: 'balance_insufficient' });
    expect(provider.transactions).toEqual([]);

    const callsBefore = provider.calls.length;
    expect((await failureOf()).type).toBe(EscrowFailureType.DECLINED);
    expect(provider.calls).toHaveLength(callsBefore);
    expect(logs.some((l) => l.level === 'WARN' && l.message === 'Escrow declined by the provider')).toBe(true);
  });

  it('retries a 5xx or a 409: retryable failure, ledger left pending, and the next attempt settles', async () => {
    provider.failCreates('unavailable').failCreates('busy');
    const first = await failureOf();
    expect(first).toMatchObject({ type: EscrowProviderFailureType.UNAVAILABLE, nonRetryable: false });
    expect(await ledger.find(RELEASE_KEY)).toMatchObject({ state: 'pending' });
    const second = await failureOf();
    expect(second).toMatchObject({ type: EscrowProviderFailureType.BUSY, nonRetryable: false });
    expect(await ledger.find(RELEASE_KEY)).toMatchObject({ state: 'pending' });
    expect(provider.transactions).toEqual([]);

    await expect(settle()).resolves.toMatchObject({ outcome: 'settled' });
    expect(provider.transactions).toHaveLength(1);
  });

  it('retries a failed lookup without creating anything', async () => {
    provider.failLookups(1);
    const failure = await failureOf();
    expect(failure).toMatchObject({ type: EscrowProviderFailureType.UNAVAILABLE, nonRetryable: false });
    expect(creates()).toEqual([]);
  });

  it('answers already_settled when the provider replays the key (an earlier create still in flight during the lookup)', async () => {
    // The earlier attempt's create lands after this attempt looked up: only the key protects it.
    await provider.create({ ...request(), idempotencyKey: RELEASE_KEY });
    const [transfer] = provider.transactions;
    provider.transactions.length = 0;
    const result = await settle();
    expect(result).toMatchObject({ outcome: 'already_settled', transactionId: transfer.id });
  });

  it('logs the order ID and never the reason text', async () => {
    await settle(request({ reason: 'Ana Lima asked by phone' }));
    const settled = logs.find((l) => l.message === 'Escrow settled');
    expect(settled?.meta).toMatchObject({ orderId: ORDER, action: 'release' });
    expect(JSON.stringify(logs.map((l) => [l.message, l.meta]))).not.toContain('Ana Lima');
  });
});
