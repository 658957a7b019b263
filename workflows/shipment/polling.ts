import { ShipmentStatus } from '../shared/vocabulary';

/**
 * How often to ask the carrier, by the shipment's phase, in milliseconds. It arrives in workflow
 * input (from configuration), so changing it never touches workflow code.
 */
export interface PollPolicy {
  preTransitMs: number;
  inTransitMs: number;
  outForDeliveryMs: number;
  awaitingPickupMs: number;
  exceptionMs: number;
  /** Wait after a permanent carrier failure (bad credentials, a rejected number) before trying again. */
  failureBackoffMs: number;
}

export function pollIntervalFor(status: ShipmentStatus, policy: PollPolicy): number {
  switch (status) {
    case ShipmentStatus.PENDING:
    case ShipmentStatus.INFO_RECEIVED:
      return policy.preTransitMs;
    case ShipmentStatus.OUT_FOR_DELIVERY:
    case ShipmentStatus.ATTEMPT_FAILED:
      return policy.outForDeliveryMs;
    case ShipmentStatus.AVAILABLE_FOR_PICKUP:
      return policy.awaitingPickupMs;
    case ShipmentStatus.EXCEPTION:
      return policy.exceptionMs;
    default:
      return policy.inTransitMs;
  }
}
