import type {
  CarrierCodes,
  EstimatedDelivery,
  PickupDetails,
  ProofOfDelivery,
  TrackingEvent,
  TrackingLocation,
  TrackingSnapshot,
} from '../../../workflows/shared/tracking';
import { Carrier, ShipmentStatus } from '../../../workflows/shared/vocabulary';
import { eventFingerprint } from '../fingerprint';
import { pickupDetails, waitingScanLocation } from '../pickup';
import type { UpsActivity, UpsPackage, UpsStatus } from './ups.schemas';
import { UPS_GMT_OFFSET_PATTERN } from './ups.schemas';
import { isUpsAccessPointDelivery, isUpsReturnUnderwayStatus, mapUpsStatus } from './ups.status-mapping';

/** UPS's compact date and time fields for one scan, as the Track API and Track Alert both send them. */
export interface UpsScanTime {
  /** Local `YYYYMMDD`. */
  date: string;
  /** Local `HHMMSS` (shorter values are zero-padded). */
  time: string;
  gmtDate?: string;
  gmtTime?: string;
  /** "-05:00" (Track API) or "-04.00" (Track Alert). */
  gmtOffset?: string;
}

/**
 * Turns a validated UPS package into Waybill's snapshot. Pure: the same package always gives the
 * same snapshot, which is what makes fingerprints and snapshot digests stable across polls.
 */
export function normalizeUpsPackage(pkg: UpsPackage, trackingNumber: string): TrackingSnapshot {
  const activities = oldestFirst(pkg.activity ?? []);
  const events: TrackingEvent[] = [];
  let returnUnderway = false;
  for (const activity of activities) {
    events.push(toEvent(activity, trackingNumber, returnUnderway));
    returnUnderway ||= isUpsReturnUnderwayStatus(activity.status.statusCode);
  }
  const snapshot: TrackingSnapshot = {
    carrier: Carrier.UPS,
    trackingNumber,
    status: currentStatus(pkg.currentStatus, events, returnUnderway),
    events,
    attempts: events.filter((event) => event.status === ShipmentStatus.ATTEMPT_FAILED).length,
  };
  const estimatedDelivery = toEstimatedDelivery(pkg, activities);
  if (estimatedDelivery) snapshot.estimatedDelivery = estimatedDelivery;
  const proofOfDelivery = toProofOfDelivery(pkg.deliveryInformation);
  if (proofOfDelivery) snapshot.proofOfDelivery = proofOfDelivery;
  const pickup = toPickup(pkg, snapshot);
  if (pickup) snapshot.pickup = pickup;
  return snapshot;
}

/**
 * While the parcel waits at an Access Point (or counter): `accessPointInformation.pickupByDate` is
 * the last day it is kept; the Track API names no Access Point (the schema has nothing but that
 * date), so the place is the scan that put it there. Attempts are not included: UPS reports a hold
 * after an attempt with its own codes (017 "Held for Customer Pickup"), which already map to
 * available_for_pickup.
 */
function toPickup(pkg: UpsPackage, snapshot: TrackingSnapshot): PickupDetails | undefined {
  if (snapshot.status !== ShipmentStatus.AVAILABLE_FOR_PICKUP) return undefined;
  const pickupByDate = pkg.accessPointInformation?.pickupByDate;
  return pickupDetails({
    holdUntil: pickupByDate ? isoDate(pickupByDate) : undefined,
    location: waitingScanLocation(snapshot.events),
  });
}

/**
 * ISO-8601 for a UPS scan. The local time with its offset is preferred because it is what the
 * customer saw on the parcel's journey; without an offset the GMT fields give the instant in UTC.
 * With neither, the local wall-clock time is labelled UTC: possibly off by the local offset, but
 * it keeps the scans of one place in order and gives the same fingerprint on every poll.
 */
export function upsOccurredAt(scan: UpsScanTime): string {
  const offset = scan.gmtOffset ? isoOffset(scan.gmtOffset) : undefined;
  if (offset) return `${isoDate(scan.date)}T${isoTime(scan.time)}${offset}`;
  if (scan.gmtDate && scan.gmtTime) return `${isoDate(scan.gmtDate)}T${isoTime(scan.gmtTime)}Z`;
  return `${isoDate(scan.date)}T${isoTime(scan.time)}Z`;
}

function toEvent(activity: UpsActivity, trackingNumber: string, returnUnderway: boolean): TrackingEvent {
  const occurredAt = upsOccurredAt(activity);
  const location = toLocation(activity);
  const carrierCodes = toCarrierCodes(activity.status);
  const event: TrackingEvent = {
    fingerprint: eventFingerprint({ carrier: Carrier.UPS, trackingNumber, carrierCodes, occurredAt, location }),
    status: inContext(mapUpsStatus(activity.status), returnUnderway),
    occurredAt,
    description: activity.status.description ?? activity.status.simplifiedTextDescription ?? '',
    carrierCodes,
  };
  if (location) event.location = location;
  // Not part of the fingerprint: it describes the scan, it does not identify it.
  if (event.status === ShipmentStatus.DELIVERED && isUpsAccessPointDelivery(activity.status)) event.atAccessPoint = true;
  return event;
}

/** A delivery scan after the parcel turned back is the sender getting it back. */
function inContext(status: ShipmentStatus, returnUnderway: boolean): ShipmentStatus {
  return returnUnderway && status === ShipmentStatus.DELIVERED ? ShipmentStatus.RETURNED : status;
}

function currentStatus(status: UpsStatus | null | undefined, events: TrackingEvent[], returnUnderway: boolean): ShipmentStatus {
  if (status && (status.type || status.statusCode)) return inContext(mapUpsStatus(status), returnUnderway);
  return events.at(-1)?.status ?? ShipmentStatus.PENDING;
}

/** UPS lists activities newest first, but the order is not a promise; sort by instant, keep UPS's order for ties. */
function oldestFirst(activities: readonly UpsActivity[]): UpsActivity[] {
  return activities
    .map((activity, index) => ({ activity, index, at: Date.parse(upsOccurredAt(activity)) }))
    .sort((a, b) => a.at - b.at || b.index - a.index)
    .map(({ activity }) => activity);
}

function toLocation(activity: UpsActivity): TrackingLocation | undefined {
  const address = activity.location?.address;
  if (!address) return undefined;
  const location = withoutUndefined<TrackingLocation>({
    city: address.city,
    region: address.stateProvince,
    postalCode: address.postalCode,
    countryCode: address.countryCode ?? address.country,
  });
  return Object.keys(location).length > 0 ? location : undefined;
}

function toCarrierCodes(status: UpsStatus): CarrierCodes {
  return withoutUndefined<CarrierCodes>({ type: status.type, code: status.code, statusCode: status.statusCode });
}

/**
 * UPS's rescheduled date supersedes the scheduled one. A delivery window is included only when an
 * offset anchors it: UPS gives bare local times, and the most recent scan's offset is the best
 * guess for the destination (windows appear when the parcel is already near it).
 */
function toEstimatedDelivery(pkg: UpsPackage, activitiesOldestFirst: readonly UpsActivity[]): EstimatedDelivery | undefined {
  const dates = new Map((pkg.deliveryDate ?? []).map((entry) => [entry.type?.toUpperCase(), entry.date]));
  const date = dates.get('RDD') ?? dates.get('SDD');
  if (!date) return undefined;
  const estimate: EstimatedDelivery = { date: isoDate(date) };
  const window = pkg.deliveryTime;
  const offset = latestOffset(activitiesOldestFirst);
  if (window && window.type?.toUpperCase() !== 'DEL' && offset) {
    if (window.startTime) estimate.from = `${isoDate(date)}T${isoTime(window.startTime)}${offset}`;
    if (window.endTime) estimate.to = `${isoDate(date)}T${isoTime(window.endTime)}${offset}`;
  }
  return estimate;
}

function latestOffset(activitiesOldestFirst: readonly UpsActivity[]): string | undefined {
  for (let i = activitiesOldestFirst.length - 1; i >= 0; i--) {
    const offset = activitiesOldestFirst[i].gmtOffset;
    if (offset) return isoOffset(offset);
  }
  return undefined;
}

function toProofOfDelivery(info: UpsPackage['deliveryInformation']): ProofOfDelivery | undefined {
  if (!info) return undefined;
  const photo = info.deliveryPhoto;
  const proof: ProofOfDelivery = {
    ...withoutUndefined({ receivedBy: info.receivedBy, place: info.location }),
    hasSignature: Boolean(info.signature?.image),
    // The photo itself only comes with returnPOD; the capture indicator says one exists.
    hasProofOfDelivery: Boolean(info.pod?.content || photo?.photo || photo?.photoCaptureInd?.toUpperCase() === 'Y'),
  };
  const saysAnything = proof.receivedBy || proof.place || proof.hasSignature || proof.hasProofOfDelivery;
  return saysAnything ? proof : undefined;
}

function isoDate(yyyymmdd: string): string {
  return `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
}

function isoTime(hhmmss: string): string {
  const padded = hhmmss.padStart(6, '0');
  return `${padded.slice(0, 2)}:${padded.slice(2, 4)}:${padded.slice(4, 6)}`;
}

/** "-04.00", "-4:00" or "-0400" → "-04:00"; undefined for anything that is not a real offset. */
function isoOffset(gmtOffset: string): string | undefined {
  const match = UPS_GMT_OFFSET_PATTERN.exec(gmtOffset.trim());
  if (!match) return undefined;
  const [, sign, hours, minutes] = match;
  if (Number(hours) > 14 || Number(minutes) > 59) return undefined;
  if (Number(hours) === 0 && Number(minutes) === 0) return '+00:00';
  return `${sign}${hours.padStart(2, '0')}:${minutes}`;
}

/** Leaves absent fields out altogether, so stored documents and digests do not carry `undefined`s. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
