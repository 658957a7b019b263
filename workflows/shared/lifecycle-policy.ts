/**
 * The durations and rules of an order's life after it ships: stalls, losses, failed attempts,
 * delivery confirmation and the escrow's dispute window. Like the poll policy it arrives in workflow
 * input, from configuration, so tuning it never touches workflow code; a run keeps the policy it
 * started with (continue-as-new passes it on).
 */
export interface LifecyclePolicy {
  /** No carrier movement for this long, by phase, marks a parcel stalled and alerts support. */
  stallPreTransitMs: number;
  stallInTransitMs: number;
  stallOutForDeliveryMs: number;
  stallAwaitingPickupMs: number;
  /** Still no movement this long after the last scan: the parcel is declared lost and the escrow refunded. */
  lostAfterMs: number;
  /** After a failed attempt, support is alerted when neither a reattempt nor a pickup happened within this. */
  attemptFollowUpMs: number;
  /** The carrier's final attempt; after it the parcel goes back to the sender. */
  maxDeliveryAttempts: number;
  /** A delivered scan is confirmed by a second, independent read this long after the first. */
  deliveryConfirmDelayMs: number;
  /** Support is alerted when a delivered scan stays unconfirmed this long. */
  deliveryConfirmTimeoutMs: number;
  /** Between a confirmed delivery and the escrow's release, the customer may report a problem. */
  disputeWindowMs: number;
  /** Orders above this amount (minor units) need a signature or proof of delivery before release. */
  proofRequiredAboveAmount?: number;
  /** A delivered scan to an access point or locker counts as available for pickup until picked up. */
  accessPointCountsAsPickup: boolean;
}

const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;

/** Production defaults; see docs/lifecycle.md for the reasoning behind each. */
export const DEFAULT_LIFECYCLE_POLICY: Readonly<LifecyclePolicy> = {
  stallPreTransitMs: 5 * DAY,
  stallInTransitMs: 3 * DAY,
  stallOutForDeliveryMs: 1 * DAY,
  stallAwaitingPickupMs: 10 * DAY,
  lostAfterMs: 14 * DAY,
  attemptFollowUpMs: 3 * DAY,
  maxDeliveryAttempts: 3,
  deliveryConfirmDelayMs: 15 * 60_000,
  deliveryConfirmTimeoutMs: 2 * DAY,
  disputeWindowMs: 72 * HOUR,
  accessPointCountsAsPickup: false,
};
