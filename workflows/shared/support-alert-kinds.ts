/** Why support staff should look at an order. */
export const SupportAlertKind = {
  SHIPMENT_STALLED: 'shipment_stalled',
  ATTEMPT_FOLLOW_UP_OVERDUE: 'attempt_follow_up_overdue',
  DELIVERY_UNCONFIRMED: 'delivery_unconfirmed',
  PROOF_OF_DELIVERY_MISSING: 'proof_of_delivery_missing',
  DISPUTE_OPENED: 'dispute_opened',
  ESCROW_DECISION_NEEDED: 'escrow_decision_needed',
  ESCROW_ACTION_FAILED: 'escrow_action_failed',
} as const;
export type SupportAlertKind = (typeof SupportAlertKind)[keyof typeof SupportAlertKind];
