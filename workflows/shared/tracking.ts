import type { Carrier, ShipmentStatus } from './vocabulary';

/** Where a carrier scan happened. Every field is optional because carriers omit freely. */
export interface TrackingLocation {
  city?: string;
  region?: string;
  postalCode?: string;
  countryCode?: string;
}

/** The carrier's own codes for an event, kept verbatim for support staff and audits. */
export interface CarrierCodes {
  /** UPS activity type letter, FedEx eventType, DHL statusCode, USPS statusCategory. */
  type?: string;
  /** UPS 2-character activity code, FedEx derivedCode, USPS eventCode. */
  code?: string;
  /** UPS 3-digit status code, or another carrier's finer status code. */
  statusCode?: string;
}

/** One carrier scan in Waybill's unified event model. */
export interface TrackingEvent {
  /**
   * Stable identity of the scan: the same scan seen by a poll and by a webhook, or by two polls,
   * has the same fingerprint. Built from carrier, tracking number, codes, time and place.
   */
  fingerprint: string;
  status: ShipmentStatus;
  /** ISO-8601 with the carrier's UTC offset, e.g. `2026-11-26T14:05:00-05:00`. */
  occurredAt: string;
  description: string;
  location?: TrackingLocation;
  carrierCodes: CarrierCodes;
  /**
   * Set on a delivered scan when the carrier left the parcel at an access point, locker or counter
   * rather than with the recipient. A strict confirmation policy treats it as available for pickup.
   */
  atAccessPoint?: boolean;
}

/** Where a parcel waits for the customer, and until when. */
export interface PickupDetails {
  /** Last day the location keeps the parcel, `YYYY-MM-DD` in the location's own calendar. */
  holdUntil?: string;
  /** The access point's or counter's name, when the carrier gives one. */
  locationName?: string;
  location?: TrackingLocation;
}

export interface EstimatedDelivery {
  /** A single day (`YYYY-MM-DD`), when the carrier gives only a date. */
  date?: string;
  /** A window, ISO-8601 with offset, when the carrier gives one. */
  from?: string;
  to?: string;
}

export interface ProofOfDelivery {
  signedBy?: string;
  receivedBy?: string;
  /** Where the parcel was left, e.g. "Front Door". */
  place?: string;
  hasSignature: boolean;
  hasProofOfDelivery: boolean;
}

/** What a carrier says about one tracking number at one moment, normalised. */
export interface TrackingSnapshot {
  carrier: Carrier;
  trackingNumber: string;
  /** The carrier's current status, mapped to Waybill's vocabulary. */
  status: ShipmentStatus;
  /** Oldest first. */
  events: TrackingEvent[];
  estimatedDelivery?: EstimatedDelivery;
  proofOfDelivery?: ProofOfDelivery;
  /** Delivery attempts so far, when the carrier reports or implies them. */
  attempts?: number;
  /** Set while the parcel waits at a pickup point (after a failed attempt, or by choice). */
  pickup?: PickupDetails;
}
