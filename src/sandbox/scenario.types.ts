import type { Place } from './places';

/**
 * What happened to a parcel, in carrier-neutral terms. Each carrier renderer turns a kind into that
 * carrier's own codes and wording.
 */
export const STEP_KINDS = [
  'label_created',
  'picked_up',
  'arrived_at_facility',
  'departed_facility',
  'in_transit',
  'out_for_delivery',
  'delivered',
  'delivered_signed',
  'delivery_attempted',
  'held_for_pickup',
  'picked_up_by_customer',
  'return_to_sender',
  'returned_to_sender',
  'exception_damaged',
  'eta_updated',
  'delay',
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

/** One event of a scenario, at a simulated time and place. */
export interface ScenarioStep extends Place {
  /**
   * Simulated minutes after the parcel was created. Negative values are history that happened before
   * the merchant asked for the parcel, so a scenario can start with a parcel already on its way.
   */
  at: number;
  kind: StepKind;
  /** A human note shown by the control API; carrier renderers use their own wording. */
  detail?: string;
  /** `eta_updated` only: the new estimated delivery, in simulated minutes after creation. */
  etaAt?: number;
  /** `held_for_pickup` only: the last simulated minute the pickup point keeps the parcel. */
  holdUntilAt?: number;
  /** Deliveries only: who took the parcel. */
  receivedBy?: string;
  /**
   * `delivered` only: the carrier left the parcel at an access point, locker or agent and still
   * calls it delivered (its delivery scan says so; Waybill marks it `atAccessPoint`).
   */
  accessPoint?: boolean;
}

export interface ScenarioDefinition<Name extends string = string> {
  name: Name;
  /** One line for the scenario list. */
  description: string;
  /** False when the carrier has never heard of the tracking number. */
  knownToCarrier: boolean;
  origin: Place;
  destination: Place;
  /** The estimated delivery first announced, in simulated minutes after creation; null when none. */
  etaAt: number | null;
  /** Ordered by `at`. */
  steps: readonly ScenarioStep[];
}
