/** Moving the order's escrowed money: to the merchant (release) or back to the customer (refund). */
export type EscrowAction = 'release' | 'refund';

export interface EscrowSettlementRequest {
  orderId: string;
  action: EscrowAction;
  /** Minor units (cents). */
  amount: number;
  currency: string;
  /** Why, in words support staff read later; no personal data. */
  reason: string;
}

export interface EscrowSettlementResult {
  action: EscrowAction;
  /** `escrow-release:<orderId>` or `escrow-refund:<orderId>`. */
  idempotencyKey: string;
  /** The provider's transfer or refund ID, as recorded in the escrow ledger. */
  transactionId: string;
  /** `settled`: this call moved the money; `already_settled`: an earlier attempt had, and was found. */
  outcome: 'settled' | 'already_settled';
  settledAt: string;
}

// Workflows read these failure types too, and may not import values from activities.
export { EscrowFailureType } from '../../workflows/shared/escrow-failures';

export const escrowIdempotencyKey = (action: EscrowAction, orderId: string): string => `escrow-${action}:${orderId}`;

export interface EscrowActivities {
  /**
   * Moves the money at most once per (order, action): looks the ledger and then the provider up
   * before creating anything, and creates with the idempotency key.
   */
  settleEscrow(request: EscrowSettlementRequest): Promise<EscrowSettlementResult>;
}

/** An order's money goes one way only: the action that excludes this one. */
export const otherEscrowAction = (action: EscrowAction): EscrowAction => (action === 'release' ? 'refund' : 'release');
