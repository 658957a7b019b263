/** Non-retryable failure types of `settleEscrow`; anything else is retried within its time cap. */
export const EscrowFailureType = {
  /** The provider refused for good (a closed account, an amount above the held funds). */
  DECLINED: 'EscrowDeclined',
  /** The other action already happened for this order: an order is never both released and refunded. */
  SETTLED_OTHERWISE: 'EscrowSettledOtherwise',
} as const;
export type EscrowFailureType = (typeof EscrowFailureType)[keyof typeof EscrowFailureType];
