import type { EscrowAction } from './escrow.types';

/** What one settlement is about to do, recorded before the provider is asked anything. */
export interface EscrowIntent {
  /** `escrowIdempotencyKey(action, orderId)`: the ledger's key and the provider's Idempotency-Key. */
  idempotencyKey: string;
  orderId: string;
  action: EscrowAction;
  /** Minor units (cents). */
  amount: number;
  currency: string;
}

/** `pending` until the provider confirmed (`settled`) or refused for good (`declined`). */
export type EscrowLedgerState = 'pending' | 'settled' | 'declined';

export interface EscrowLedgerEntry extends EscrowIntent {
  state: EscrowLedgerState;
  /** The provider's transfer or refund ID, once settled. */
  providerTransactionId?: string;
  /** When the provider moved the money (its own creation time of the transaction). */
  settledAt?: Date;
  /** The provider's error code, once declined. */
  declineCode?: string;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Waybill's own record of escrow movements, one entry per idempotency key. The activity reads it
 * first, so a settled key is answered without calling the provider at all.
 */
export interface EscrowLedger {
  find(idempotencyKey: string): Promise<EscrowLedgerEntry | null>;
  /** Records the intent as `pending`; an entry that already exists is returned as it is. */
  recordPending(intent: EscrowIntent): Promise<EscrowLedgerEntry>;
  /**
   * Marks the key settled with the provider's transaction (creating the entry if it was never
   * recorded). A key already settled keeps its first transaction; the entry is returned as stored.
   */
  recordSettled(intent: EscrowIntent, settlement: { providerTransactionId: string; settledAt: Date }): Promise<EscrowLedgerEntry>;
  /** Marks a pending key declined; a settled key stays settled. */
  recordDeclined(idempotencyKey: string, declineCode: string): Promise<void>;
  /** Every entry of one order, oldest first (the admin dashboard lists them). */
  listByOrder(orderId: string): Promise<EscrowLedgerEntry[]>;
}
