import type { EscrowIntent, EscrowLedger, EscrowLedgerEntry } from '../../activities/escrow/escrow-ledger';
import {
  EscrowDeclinedError,
  EscrowProviderError,
  EscrowProviderFailureType,
  type EscrowCreated,
  type EscrowCreateRequest,
  type EscrowProviderClient,
  type EscrowTransaction,
} from '../../activities/escrow/escrow-provider';
import type { EscrowAction } from '../../activities/escrow/escrow.types';

/** The escrow ledger in a Map, with the MongoDB repository's rules (a settled key keeps its first transaction). */
export class InMemoryEscrowLedger implements EscrowLedger {
  readonly entries = new Map<string, EscrowLedgerEntry>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  async find(idempotencyKey: string): Promise<EscrowLedgerEntry | null> {
    const entry = this.entries.get(idempotencyKey);
    return entry ? { ...entry } : null;
  }

  async recordPending(intent: EscrowIntent): Promise<EscrowLedgerEntry> {
    const existing = this.entries.get(intent.idempotencyKey);
    if (existing) return { ...existing };
    const entry: EscrowLedgerEntry = { ...intent, state: 'pending', createdAt: this.now(), updatedAt: this.now() };
    this.entries.set(intent.idempotencyKey, entry);
    return { ...entry };
  }

  async recordSettled(intent: EscrowIntent, settlement: { providerTransactionId: string; settledAt: Date }): Promise<EscrowLedgerEntry> {
    const entry = await this.recordPending(intent);
    if (entry.state === 'settled') return entry;
    const settled: EscrowLedgerEntry = { ...entry, state: 'settled', ...settlement, updatedAt: this.now() };
    delete settled.declineCode;
    this.entries.set(intent.idempotencyKey, settled);
    return { ...settled };
  }

  async recordDeclined(idempotencyKey: string, declineCode: string): Promise<void> {
    const entry = this.entries.get(idempotencyKey);
    if (entry?.state === 'pending') this.entries.set(idempotencyKey, { ...entry, state: 'declined', declineCode, updatedAt: this.now() });
  }

  async listByOrder(orderId: string): Promise<EscrowLedgerEntry[]> {
    return [...this.entries.values()].filter((e) => e.orderId === orderId).map((e) => ({ ...e }));
  }
}

/**
 * How the next create call goes wrong:
 * - `unavailable`: a 5xx; nothing is created.
 * - `timeout_after_commit`: the transaction IS created (and kept under its key), but the caller
 *   sees a timeout.
 * - `decline`: a permanent refusal (`EscrowDeclinedError`).
 * - `busy`: a 409, the key in use by another request; nothing is created.
 */
export type InMemoryEscrowFailure = 'unavailable' | 'timeout_after_commit' | 'decline' | 'busy';

export interface EscrowProviderCall {
  operation: 'findByOrder' | 'create';
  action: EscrowAction;
  orderId: string;
  idempotencyKey?: string;
  amount?: number;
}

/**
 * A payment provider in memory, with the idempotency the real one has: a repeated key answers the
 * first transaction (`replayed`) until `expireIdempotencyKeys` plays the 24 hours out. Records every
 * call, and fails the next calls as told.
 */
export class InMemoryEscrowProvider implements EscrowProviderClient {
  readonly transactions: EscrowTransaction[] = [];
  readonly calls: EscrowProviderCall[] = [];
  private readonly keys = new Map<string, EscrowTransaction>();
  private readonly createFailures: Array<{ failure: InMemoryEscrowFailure; declineCode: string }> = [];
  private lookupFailures = 0;
  private sequence = 0;

  constructor(private readonly now: () => Date = () => new Date()) {}

  /** The next `count` create calls fail this way. */
  failCreates(failure: InMemoryEscrowFailure, count = 1, declineCode = 'balance_insufficient'): this {
    for (let i = 0; i < count; i++) this.createFailures.push({ failure, declineCode });
    return this;
  }

  /** The next `count` lookups fail as a 5xx would. */
  failLookups(count = 1): this {
    this.lookupFailures += count;
    return this;
  }

  /** The provider forgets every idempotency key, as it does 24 hours after their first use. */
  expireIdempotencyKeys(): void {
    this.keys.clear();
  }

  transactionsOf(orderId: string, action?: EscrowAction): EscrowTransaction[] {
    return this.transactions.filter((t) => t.orderId === orderId && (action === undefined || t.action === action));
  }

  async findByOrder(action: EscrowAction, orderId: string): Promise<EscrowTransaction[]> {
    this.calls.push({ operation: 'findByOrder', action, orderId });
    if (this.lookupFailures > 0) {
      this.lookupFailures -= 1;
      throw new EscrowProviderError(EscrowProviderFailureType.UNAVAILABLE, 'Escrow provider GET answered 503', { httpStatus: 503 });
    }
    return this.transactionsOf(orderId, action).map((t) => ({ ...t }));
  }

  async create(request: EscrowCreateRequest): Promise<EscrowCreated> {
    const { action, orderId, idempotencyKey, amount } = request;
    this.calls.push({ operation: 'create', action, orderId, idempotencyKey, amount });
    const kept = this.keys.get(idempotencyKey);
    if (kept) return { ...kept, replayed: true };
    const next = this.createFailures.shift();
    if (next?.failure === 'unavailable') throw new EscrowProviderError(EscrowProviderFailureType.UNAVAILABLE, 'Escrow provider POST answered 500', { httpStatus: 500 });
    if (next?.failure === 'busy') throw new EscrowProviderError(EscrowProviderFailureType.BUSY, 'Escrow provider POST answered 409', { httpStatus: 409 });
    if (next?.failure === 'decline') throw new EscrowDeclinedError(next.declineCode, `Escrow provider POST declined with 402 ${next.declineCode}`);
    this.sequence += 1;
    const transaction: EscrowTransaction = {
      id: `${action === 'release' ? 'tr' : 're'}_mem${String(this.sequence).padStart(6, '0')}`,
      action,
      orderId,
      amount,
      currency: request.currency.toLowerCase(),
      createdAt: this.now(),
    };
    this.transactions.push(transaction);
    this.keys.set(idempotencyKey, transaction);
    if (next?.failure === 'timeout_after_commit') {
      throw new EscrowProviderError(EscrowProviderFailureType.UNAVAILABLE, 'Escrow provider POST timed out after 10000 ms');
    }
    return { ...transaction, replayed: false };
  }
}
