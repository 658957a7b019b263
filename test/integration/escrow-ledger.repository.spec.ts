import type { Model } from 'mongoose';
import type { EscrowIntent } from '../../activities/escrow/escrow-ledger';
import { escrowIdempotencyKey } from '../../activities/escrow/escrow.types';
import { EscrowLedgerRepository, type EscrowLedgerDocument } from '../../src/persistence/escrow-ledger.repository';
import { ESCROW_LEDGER_MODEL } from '../../src/persistence/escrow-ledger.schema';
import { usePersistence } from '../support/persistence-test-module';

describe('EscrowLedgerRepository on FerretDB', () => {
  let ledger: EscrowLedgerRepository;
  let model: Model<EscrowLedgerDocument>;
  let counter = 0;

  const newIntent = (action: EscrowIntent['action'] = 'release', orderId = `LG-${++counter}`): EscrowIntent => ({
    idempotencyKey: escrowIdempotencyKey(action, orderId),
    orderId,
    action,
    amount: 1_000 + counter,
    currency: 'USD',
  });

  const db = usePersistence('waybill_escrow_ledger_test', { syncIndexes: [ESCROW_LEDGER_MODEL] });

  beforeAll(() => {
    ledger = db.get(EscrowLedgerRepository);
    model = db.model(ESCROW_LEDGER_MODEL);
  });

  it('records an intent as pending once; a repeat returns the entry as it is', async () => {
    const intent = newIntent();
    const first = await ledger.recordPending(intent);
    expect(first).toMatchObject({ ...intent, state: 'pending' });
    const again = await ledger.recordPending({ ...intent, amount: 1 });
    expect(again).toEqual(first);
    expect(await ledger.find(intent.idempotencyKey)).toEqual(first);
    expect(await ledger.find('escrow-release:nobody')).toBeNull();
  });

  it('settles a pending key and keeps its first transaction against a later one', async () => {
    const intent = newIntent();
    await ledger.recordPending(intent);
    const settledAt = new Date('2026-03-02T15:00:00.000Z');
    const settled = await ledger.recordSettled(intent, { providerTransactionId: 'tr_first', settledAt });
    expect(settled).toMatchObject({ state: 'settled', providerTransactionId: 'tr_first', settledAt });
    const later = await ledger.recordSettled(intent, { providerTransactionId: 'tr_second', settledAt: new Date() });
    expect(later).toMatchObject({ providerTransactionId: 'tr_first', settledAt });
  });

  it('settles a key it never saw pending (found at the provider), creating the entry', async () => {
    const intent = newIntent('refund');
    const settled = await ledger.recordSettled(intent, { providerTransactionId: 're_found', settledAt: new Date() });
    expect(settled).toMatchObject({ ...intent, state: 'settled', providerTransactionId: 're_found' });
  });

  it('declines only a pending key: a settled one stays settled', async () => {
    const pending = newIntent();
    await ledger.recordPending(pending);
    await ledger.recordDeclined(pending.idempotencyKey, 'balance_insufficient');
    expect(await ledger.find(pending.idempotencyKey)).toMatchObject({ state: 'declined', declineCode: 'balance_insufficient' });

    const settled = newIntent();
    await ledger.recordSettled(settled, { providerTransactionId: 'tr_kept', settledAt: new Date() });
    await ledger.recordDeclined(settled.idempotencyKey, 'account_closed');
    expect(await ledger.find(settled.idempotencyKey)).toMatchObject({ state: 'settled', providerTransactionId: 'tr_kept' });
  });

  it("lists an order's entries, oldest first, and no other order's", async () => {
    const release = newIntent('release', 'LG-LIST');
    const refund = newIntent('refund', 'LG-LIST');
    await ledger.recordPending(release);
    // Apart by a few milliseconds: entries created within the same one are ordered by key instead.
    await new Promise((resolve) => setTimeout(resolve, 5));
    await ledger.recordPending(refund);
    await ledger.recordPending(newIntent('release', 'LG-OTHER'));
    expect((await ledger.listByOrder('LG-LIST')).map((e) => e.idempotencyKey)).toEqual([release.idempotencyKey, refund.idempotencyKey]);
  });

  it('lets concurrent first records agree on one entry', async () => {
    const intent = newIntent();
    const results = await Promise.all([ledger.recordPending(intent), ledger.recordPending(intent), ledger.recordPending(intent)]);
    expect(new Set(results.map((r) => r.createdAt.getTime())).size).toBe(1);
    expect(await model.countDocuments({ _id: intent.idempotencyKey })).toBe(1);
  });

  it('treats an operator object as an order ID or key literally (sanitized)', async () => {
    const intent = newIntent();
    await ledger.recordPending(intent);
    const hostile = { $ne: 'nothing' } as unknown as string;
    expect(await ledger.listByOrder(hostile).catch(() => [])).toEqual([]);
    await ledger.recordDeclined(hostile, 'evil').catch(() => undefined);
    expect(await ledger.find(intent.idempotencyKey)).toMatchObject({ state: 'pending' });
    expect(await model.countDocuments({ declineCode: 'evil' })).toBe(0);
  });
});
