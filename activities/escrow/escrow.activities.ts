import { ApplicationFailure, cancellationSignal, log } from '@temporalio/activity';
import type { EscrowOutcome, EscrowRecorder } from '../activity-metrics';
import type { EscrowIntent, EscrowLedger, EscrowLedgerEntry } from './escrow-ledger';
import { EscrowDeclinedError, EscrowProviderError, type EscrowProviderClient, type EscrowTransaction } from './escrow-provider';
import {
  EscrowFailureType,
  escrowIdempotencyKey,
  otherEscrowAction,
  type EscrowAction,
  type EscrowActivities,
  type EscrowSettlementRequest,
  type EscrowSettlementResult,
} from './escrow.types';

/** The action that already moved an order's money, and its transaction. */
interface SettledAs {
  action: EscrowAction;
  transactionId?: string;
}

export interface EscrowDeps {
  ledger: EscrowLedger;
  provider: EscrowProviderClient;
  /** Counts settlements by action and outcome; absent, nothing is recorded. */
  metrics?: EscrowRecorder;
}

/**
 * `settleEscrow` moves an order's money at most once per (order, action), and never both ways:
 *
 * 1. the ledger says this key is settled → answer from the ledger, without calling the provider;
 * 2. the other action is settled (ledger, then provider) → fail for good: SETTLED_OTHERWISE;
 * 3. the provider already holds a transaction of this action for the order (an earlier attempt
 *    whose answer was lost) → record it and answer `already_settled`;
 * 4. otherwise create it with the idempotency key, and record the provider's transaction ID.
 *
 * Step 3 is what keeps a retry safe after the provider forgot the key (24 h); the key covers the
 * window step 3 cannot, an earlier create still in flight while this attempt looks up.
 */
export function createEscrowActivities(deps: EscrowDeps): EscrowActivities {
  const { ledger, provider } = deps;

  /** The other action's transaction, when it already moved this order's money. */
  async function settledOtherwise(request: EscrowSettlementRequest, signal: AbortSignal): Promise<SettledAs | undefined> {
    const other = otherEscrowAction(request.action);
    const recorded = await ledger.find(escrowIdempotencyKey(other, request.orderId));
    if (recorded?.state === 'settled') return { action: other, transactionId: recorded.providerTransactionId };
    const [found] = await withProviderFailures(provider.findByOrder(other, request.orderId, { signal }));
    if (!found) return undefined;
    // Recorded so the next look, and the admin dashboard, see it without asking the provider.
    const otherIntent: EscrowIntent = { idempotencyKey: escrowIdempotencyKey(other, request.orderId), orderId: request.orderId, action: other, amount: found.amount, currency: found.currency };
    await ledger.recordSettled(otherIntent, { providerTransactionId: found.id, settledAt: found.createdAt });
    return { action: other, transactionId: found.id };
  }

  const activities: EscrowActivities = {
    async settleEscrow(request: EscrowSettlementRequest): Promise<EscrowSettlementResult> {
      const { orderId, action } = request;
      const idempotencyKey = escrowIdempotencyKey(action, orderId);
      const intent: EscrowIntent = { idempotencyKey, orderId, action, amount: request.amount, currency: request.currency };
      const signal = cancellationSignal();

      const recorded = await ledger.find(idempotencyKey);
      if (recorded?.state === 'settled') return resultOf(recorded, 'already_settled');
      // A decline is final for this key; the provider would only replay it.
      if (recorded?.state === 'declined') throw declined(orderId, action, recorded.declineCode ?? 'unknown');

      const other = await settledOtherwise(request, signal);
      if (other) {
        log.warn('Escrow already settled the other way', { orderId, action, settledAs: other.action });
        throw ApplicationFailure.create({
          type: EscrowFailureType.SETTLED_OTHERWISE,
          message: `Order ${orderId}: cannot ${action}, its escrow was already settled by ${other.action}`,
          nonRetryable: true,
          details: [other],
        });
      }

      await ledger.recordPending(intent);
      const [found, ...more] = await withProviderFailures(provider.findByOrder(action, orderId, { signal }));
      if (found) {
        if (more.length > 0) log.error('Escrow provider holds several transactions for one order and action', { orderId, action, count: more.length + 1 });
        warnOnMismatch(intent, found);
        const entry = await ledger.recordSettled(intent, { providerTransactionId: found.id, settledAt: found.createdAt });
        log.info('Escrow found settled at the provider', { orderId, action, transactionId: found.id });
        return resultOf(entry, 'already_settled');
      }

      let created;
      try {
        created = await provider.create({ ...intent, reason: request.reason }, { signal });
      } catch (err) {
        if (!(err instanceof EscrowDeclinedError)) throw retryable(err);
        await ledger.recordDeclined(idempotencyKey, err.code);
        throw declined(orderId, action, err.code);
      }
      // The money moved: from here a failure only delays the record, and a retry finds it at step 3.
      const entry = await ledger.recordSettled(intent, { providerTransactionId: created.id, settledAt: created.createdAt });
      log.info('Escrow settled', { orderId, action, transactionId: created.id, amount: created.amount, currency: created.currency, replayed: created.replayed });
      return resultOf(entry, created.replayed ? 'already_settled' : 'settled');
    },
  };
  return deps.metrics ? withSettlementMetrics(activities, deps.metrics) : activities;
}

/** Counts each attempt's outcome, whichever way it ends, without touching the settlement's own logic. */
function withSettlementMetrics(activities: EscrowActivities, metrics: EscrowRecorder): EscrowActivities {
  return {
    async settleEscrow(request: EscrowSettlementRequest): Promise<EscrowSettlementResult> {
      try {
        const result = await activities.settleEscrow(request);
        metrics.escrowSettlement(request.action, result.outcome);
        return result;
      } catch (err) {
        metrics.escrowSettlement(request.action, failureOutcome(err));
        throw err;
      }
    },
  };
}

function failureOutcome(err: unknown): EscrowOutcome {
  if (err instanceof ApplicationFailure && err.type === EscrowFailureType.DECLINED) return 'declined';
  if (err instanceof ApplicationFailure && err.type === EscrowFailureType.SETTLED_OTHERWISE) return 'settled_otherwise';
  return 'failed_retryable';
}

function resultOf(entry: EscrowLedgerEntry, outcome: EscrowSettlementResult['outcome']): EscrowSettlementResult {
  if (!entry.providerTransactionId) throw new Error(`Escrow ledger entry ${entry.idempotencyKey} is settled without a transaction ID`);
  return {
    action: entry.action,
    idempotencyKey: entry.idempotencyKey,
    transactionId: entry.providerTransactionId,
    outcome,
    settledAt: (entry.settledAt ?? entry.updatedAt).toISOString(),
  };
}

function declined(orderId: string, action: string, code: string): ApplicationFailure {
  log.warn('Escrow declined by the provider', { orderId, action, code });
  return ApplicationFailure.create({
    type: EscrowFailureType.DECLINED,
    message: `Order ${orderId}: the escrow provider declined the ${action} (${code})`,
    nonRetryable: true,
    details: [{ code }],
  });
}

/** Provider failures keep their type for the retry policy and the UI; they are all retried. */
function retryable(err: unknown): unknown {
  if (!(err instanceof EscrowProviderError)) return err;
  return ApplicationFailure.create({
    type: err.type,
    message: err.message,
    nextRetryDelay: err.details.retryAfterMs,
    details: [{ httpStatus: err.details.httpStatus }],
  });
}

async function withProviderFailures<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (err) {
    throw retryable(err);
  }
}

/** What the provider holds wins (the money moved), but a different amount is worth a look. */
function warnOnMismatch(intent: EscrowIntent, found: EscrowTransaction): void {
  if (found.amount === intent.amount && found.currency.toLowerCase() === intent.currency.toLowerCase()) return;
  log.warn('Escrow found at the provider with another amount', {
    orderId: intent.orderId,
    action: intent.action,
    expected: `${intent.amount} ${intent.currency}`,
    found: `${found.amount} ${found.currency}`,
  });
}
