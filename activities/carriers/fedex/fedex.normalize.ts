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
import { type FedexAddress, type FedexScanEvent, type FedexTrackResult, hasOffset } from './fedex.schemas';
import {
  FedexCommitMessage,
  isFedexAccessPointDeliveryLocation,
  isFedexAccessPointScanLocation,
  isFedexReturnReason,
  mapFedexLatestStatus,
  mapFedexScan,
} from './fedex.status-mapping';

/**
 * Turns a validated FedEx trackResult into Waybill's snapshot. Pure: the same trackResult always
 * gives the same snapshot, which is what makes fingerprints and snapshot digests stable across polls
 * and identical between a poll and an AIV push of the same record.
 */
export function normalizeFedexTrackResult(result: FedexTrackResult, trackingNumber: string): TrackingSnapshot {
  const scans = oldestFirst(result.scanEvents ?? []);
  // A return shipment (a non-empty returnDetail) travels back to the shipper from its first scan.
  let returnUnderway = isReturnShipment(result);
  const events: TrackingEvent[] = [];
  for (const scan of scans) {
    events.push(toEvent(scan, trackingNumber, returnUnderway));
    returnUnderway ||= startsReturn(scan);
  }
  const attemptEvents = events.filter((event) => event.status === ShipmentStatus.ATTEMPT_FAILED).length;
  const reportedAttempts = result.deliveryDetails?.deliveryAttempts;
  const status = currentStatus(result, events, returnUnderway || latestSaysReturning(result));
  const snapshot: TrackingSnapshot = {
    carrier: Carrier.FEDEX,
    trackingNumber,
    status,
    events,
    // FedEx has answered deliveryAttempts "0" after a "customer not available" scan, so both count.
    attempts: Math.max(attemptEvents, reportedAttempts ?? 0),
  };
  const estimatedDelivery = toEstimatedDelivery(result);
  if (estimatedDelivery) snapshot.estimatedDelivery = estimatedDelivery;
  const proofOfDelivery = status === ShipmentStatus.DELIVERED ? toProofOfDelivery(result) : undefined;
  if (proofOfDelivery) snapshot.proofOfDelivery = proofOfDelivery;
  markAccessPointDeliveries(result, scans, events);
  const pickup = toPickup(result, scans, snapshot);
  if (pickup) snapshot.pickup = pickup;
  return snapshot;
}

/**
 * `atAccessPoint` on delivery scans that left the parcel at a FedEx retail or locker point rather
 * than with the recipient: the scan's own `locationType` (FEDEX_OFFICE_LOCATION,
 * SHIP_AND_GET_LOCATION), or, for the newest delivery only, `deliveryDetails.locationType`
 * FEDEX_LOCATION. FedEx scans a customer collecting a held parcel as DL at its location too, so a
 * delivery after a hold (HL/HP) or after an earlier access-point delivery is the collection and is
 * never marked. Front desks, mailrooms, guard stations and the like (the other locationType
 * values) are at the recipient's address and do not count.
 */
function markAccessPointDeliveries(result: FedexTrackResult, scans: readonly FedexScanEvent[], events: TrackingEvent[]): void {
  let newestDelivery = -1;
  let waitedBefore = false;
  events.forEach((event, i) => {
    const scan = scans[i];
    if (event.status === ShipmentStatus.DELIVERED) {
      if (!waitedBefore && isFedexAccessPointScanLocation(scan.locationType)) event.atAccessPoint = true;
      newestDelivery = waitedBefore ? -1 : i;
    }
    waitedBefore ||= event.status === ShipmentStatus.AVAILABLE_FOR_PICKUP || event.atAccessPoint === true;
  });
  if (newestDelivery >= 0 && isFedexAccessPointDeliveryLocation(result.deliveryDetails?.locationType)) {
    const laterDelivery = events.slice(newestDelivery + 1).some((event) => event.status === ShipmentStatus.DELIVERED);
    if (!laterDelivery) events[newestDelivery].atAccessPoint = true;
  }
}

/**
 * While the parcel waits at a FedEx location: the facility from `holdAtLocation` (its address), the
 * name and hold period from `serviceCommitMessage` HELD_PACKAGE_AVAILABLE_FOR_RECIPIENT_PICKUP(_WITH_ADDRESS),
 * whose message reads "Shipment is available for pickup at FedEx Office: 2201 SHATTUCK AVE. We'll
 * hold the shipment for five business days starting from January 08, 2014." (FedEx sandbox answer
 * for 843119172384577). FedEx has no hold-until field, so the date is read from that sentence
 * [unverified: the wording is English because the adapter asks for en_US, and whether the start
 * day counts is not documented: it is counted as day one, the earlier and safer deadline]. Without
 * `holdAtLocation` the place is the HL/HP scan's. A failed attempt counts only when FedEx says the
 * parcel is held (the commit message, or a REDIRECT_TO_HOLD_AT_LOCATION option with status HELD).
 */
function toPickup(result: FedexTrackResult, scans: readonly FedexScanEvent[], snapshot: TrackingSnapshot): PickupDetails | undefined {
  const commit = result.serviceCommitMessage;
  const heldMessage = commit?.type?.toUpperCase().startsWith(FedexCommitMessage.HELD_AVAILABLE) ? commit.message : undefined;
  const halHeld = (result.customDeliveryOptions ?? []).some(
    (option) => option.type?.toUpperCase() === 'REDIRECT_TO_HOLD_AT_LOCATION' && option.status?.toUpperCase() === 'HELD',
  );
  const waiting =
    snapshot.status === ShipmentStatus.AVAILABLE_FOR_PICKUP ||
    (snapshot.status === ShipmentStatus.ATTEMPT_FAILED && (heldMessage !== undefined || halHeld));
  if (!waiting) return undefined;
  const hal = result.holdAtLocation;
  const heldScan = [...scans].reverse().find((scan) => ['HL', 'HP'].includes(scan.eventType?.toUpperCase() ?? ''));
  return pickupDetails({
    holdUntil: heldMessage ? fedexHoldUntil(heldMessage) : undefined,
    locationName: heldMessage ? fedexPickupPointName(heldMessage) : undefined,
    location: toLocation(hal?.locationContactAndAddress?.address) ?? toLocation(heldScan?.scanLocation) ?? waitingScanLocation(snapshot.events),
  });
}

const NUMBER_WORDS: Readonly<Record<string, number>> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15,
};
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const HOLD_PERIOD = /hold (?:the (?:shipment|package) )?for (\w+) (business|calendar)? ?days? starting (?:from|on) ([a-z]+) (\d{1,2}),? (\d{4})/i;

/** "We'll hold the shipment for five business days starting from January 08, 2014." → "2014-01-14". */
export function fedexHoldUntil(message: string): string | undefined {
  const match = HOLD_PERIOD.exec(message);
  if (!match) return undefined;
  const [, count, kind, monthName, day, year] = match;
  const days = /^\d+$/.test(count) ? Number(count) : NUMBER_WORDS[count.toLowerCase()];
  const month = MONTHS.indexOf(monthName.toLowerCase());
  if (!days || days > 60 || month < 0) return undefined;
  const date = new Date(Date.UTC(Number(year), month, Number(day)));
  if (date.getUTCMonth() !== month || date.getUTCDate() !== Number(day)) return undefined;
  const businessDays = kind?.toLowerCase() !== 'calendar';
  let counted = 0;
  for (;;) {
    const weekday = date.getUTCDay();
    if (!businessDays || (weekday !== 0 && weekday !== 6)) counted += 1;
    if (counted >= days) break;
    date.setUTCDate(date.getUTCDate() + 1);
  }
  return date.toISOString().slice(0, 10);
}

/** "Shipment is available for pickup at FedEx Office: 2201 SHATTUCK AVE. …" → "FedEx Office". */
function fedexPickupPointName(message: string): string | undefined {
  return /available for pick ?up at ([^:.]{2,60})[:.]/i.exec(message)?.[1].trim();
}

/**
 * The trackResult that describes the parcel today. FedEx recycles numbers and then answers with
 * several; the one with the most recent activity is the current parcel. Results carrying data win
 * over bare errors; undefined when there is nothing but errors.
 */
export function pickFedexTrackResult(results: readonly FedexTrackResult[]): FedexTrackResult | undefined {
  const withData = results.filter((result) => result.latestStatusDetail || (result.scanEvents?.length ?? 0) > 0);
  let best: FedexTrackResult | undefined;
  let bestAt = -Infinity;
  for (const result of withData) {
    const at = latestActivity(result);
    if (best === undefined || at > bestAt) {
      best = result;
      bestAt = at;
    }
  }
  return best;
}

/**
 * ISO-8601 for a FedEx time, with its offset. A time FedEx sent without one is labelled UTC:
 * possibly off by the local offset, but it keeps one place's scans in order and gives the same
 * fingerprint on every poll.
 */
export function fedexOccurredAt(canonical: string): string {
  return hasOffset(canonical) ? canonical : `${canonical}Z`;
}

function toEvent(scan: FedexScanEvent, trackingNumber: string, returnUnderway: boolean): TrackingEvent {
  const occurredAt = fedexOccurredAt(scan.date);
  const location = toLocation(scan.scanLocation);
  const carrierCodes = withoutUndefined<CarrierCodes>({
    type: scan.eventType,
    code: scan.derivedStatusCode,
    statusCode: scan.exceptionCode,
  });
  const event: TrackingEvent = {
    fingerprint: eventFingerprint({ carrier: Carrier.FEDEX, trackingNumber, carrierCodes, occurredAt, location }),
    status: inContext(mapFedexScan(scan), returnUnderway),
    occurredAt,
    description: scan.eventDescription ?? scan.derivedStatus ?? scan.exceptionDescription ?? '',
    carrierCodes,
  };
  if (location) event.location = location;
  return event;
}

/**
 * Once the parcel has turned back, its movements are the return: scans on the way are "returning",
 * and the delivery that ends the trip is the shipper getting it back. Without this a return would
 * end as "delivered" (FedEx scans the arrival at the shipper as an ordinary DL).
 */
function inContext(status: ShipmentStatus, returnUnderway: boolean): ShipmentStatus {
  if (!returnUnderway) return status;
  if (status === ShipmentStatus.DELIVERED) return ShipmentStatus.RETURNED;
  if (status === ShipmentStatus.IN_TRANSIT || status === ShipmentStatus.OUT_FOR_DELIVERY) return ShipmentStatus.RETURNING;
  return status;
}

function currentStatus(result: FedexTrackResult, events: readonly TrackingEvent[], returnUnderway: boolean): ShipmentStatus {
  const latest = result.latestStatusDetail;
  if (!latest || !(latest.code || latest.derivedCode)) return events.at(-1)?.status ?? ShipmentStatus.PENDING;
  const status = mapFedexLatestStatus({
    code: latest.code,
    derivedCode: latest.derivedCode,
    reasons: (latest.ancillaryDetails ?? []).map((detail) => ({ code: detail.reason, description: detail.reasonDescription })),
    deliveryAttempts: result.deliveryDetails?.deliveryAttempts,
    commitMessage: result.serviceCommitMessage?.type,
  });
  if (!returnUnderway) return status;
  // "Delivered" while a return is underway is either the RS quirk (the RS scan is still the newest
  // news) or the shipper receiving the parcel (a delivery scan after the turn); the scans tell.
  if (status === ShipmentStatus.DELIVERED) {
    return events.at(-1)?.status === ShipmentStatus.RETURNED ? ShipmentStatus.RETURNED : ShipmentStatus.RETURNING;
  }
  return inContext(status, true);
}

/** An RS scan, or an exception whose reason is the return itself. */
function startsReturn(scan: FedexScanEvent): boolean {
  if (scan.eventType?.toUpperCase() === 'RS') return true;
  return isFedexReturnReason({ code: scan.exceptionCode, description: scan.exceptionDescription });
}

function latestSaysReturning(result: FedexTrackResult): boolean {
  const latest = result.latestStatusDetail;
  if (!latest) return false;
  if (latest.code?.toUpperCase() === 'RS') return true;
  return (latest.ancillaryDetails ?? []).some((detail) =>
    isFedexReturnReason({ code: detail.reason, description: detail.reasonDescription }),
  );
}

function isReturnShipment(result: FedexTrackResult): boolean {
  const detail = result.returnDetail;
  return Boolean(detail && (detail.authorizationName || (detail.reasonDetail?.length ?? 0) > 0));
}

/** FedEx lists scans newest first, but the order is not a promise; sort by instant, keep FedEx's order for ties. */
function oldestFirst(scans: readonly FedexScanEvent[]): FedexScanEvent[] {
  return scans
    .map((scan, index) => ({ scan, index, at: Date.parse(fedexOccurredAt(scan.date)) }))
    .sort((a, b) => a.at - b.at || b.index - a.index)
    .map(({ scan }) => scan);
}

function latestActivity(result: FedexTrackResult): number {
  const times = [
    ...(result.scanEvents ?? []).map((scan) => scan.date),
    ...(result.dateAndTimes ?? []).flatMap((entry) => (entry.dateTime ? [entry.dateTime] : [])),
  ].map((value) => Date.parse(fedexOccurredAt(value)));
  return times.length > 0 ? Math.max(...times) : -Infinity;
}

function toLocation(address: FedexAddress | null | undefined): TrackingLocation | undefined {
  if (!address) return undefined;
  const location = withoutUndefined<TrackingLocation>({
    city: address.city,
    region: address.stateOrProvinceCode,
    postalCode: address.postalCode,
    countryCode: address.countryCode,
  });
  return Object.keys(location).length > 0 ? location : undefined;
}

/**
 * The estimate: the day from dateAndTimes ESTIMATED_DELIVERY, and a window from
 * estimatedDeliveryTimeWindow when FedEx has one. A window bound without an offset borrows the other
 * bound's; a window with no offset at all is dropped, since it cannot be placed in time.
 */
function toEstimatedDelivery(result: FedexTrackResult): EstimatedDelivery | undefined {
  const estimated = (result.dateAndTimes ?? []).find((entry) => entry.type?.toUpperCase() === 'ESTIMATED_DELIVERY')?.dateTime;
  const window = result.estimatedDeliveryTimeWindow?.window;
  const offset = [window?.ends, window?.begins].map((value) => (value ? offsetOf(value) : undefined)).find(Boolean);
  const estimate: EstimatedDelivery = {};
  const day = estimated ?? window?.ends ?? window?.begins;
  if (day) estimate.date = day.slice(0, 10);
  if (offset) {
    if (window?.begins) estimate.from = hasOffset(window.begins) ? window.begins : `${window.begins}${offset}`;
    if (window?.ends) estimate.to = hasOffset(window.ends) ? window.ends : `${window.ends}${offset}`;
  }
  return Object.keys(estimate).length > 0 ? estimate : undefined;
}

function offsetOf(canonical: string): string | undefined {
  return /(Z|[+-]\d{2}:\d{2})$/.exec(canonical)?.[1];
}

/**
 * Who took the parcel and where. FedEx offers a signature proof of delivery letter (SPOD) for
 * delivered parcels; `signedByName` is set only when someone actually signed.
 */
function toProofOfDelivery(result: FedexTrackResult): ProofOfDelivery | undefined {
  const details = result.deliveryDetails;
  const proof: ProofOfDelivery = {
    ...withoutUndefined({
      signedBy: details?.signedByName,
      receivedBy: details?.receivedByName,
      place: details?.locationDescription,
    }),
    hasSignature: Boolean(details?.signedByName),
    hasProofOfDelivery: (result.availableImages ?? []).some((image) => image.type?.toUpperCase() === 'SIGNATURE_PROOF_OF_DELIVERY'),
  };
  const saysAnything = proof.signedBy || proof.receivedBy || proof.place || proof.hasProofOfDelivery;
  return saysAnything ? proof : undefined;
}

/** Leaves absent fields out altogether, so stored documents and digests do not carry `undefined`s. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
