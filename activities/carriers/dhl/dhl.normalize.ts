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
import { DHL_TIMESTAMP_PATTERN, type DhlEvent, type DhlShipment } from './dhl.schemas';
import { isDhlAccessPointDelivery, mapDhlStatus } from './dhl.status-mapping';

/**
 * Turns a validated DHL shipment into Waybill's snapshot. Pure: the same shipment always gives the
 * same snapshot, which is what makes fingerprints and snapshot digests stable across polls and
 * pushes.
 */
export function normalizeDhlShipment(shipment: DhlShipment, trackingNumber: string): TrackingSnapshot {
  const events: TrackingEvent[] = [];
  const scans = oldestFirst(shipment.events ?? []);
  let returnUnderway = false;
  for (const event of scans) {
    const mapped = mapDhlStatus(event);
    events.push(toEvent(event, trackingNumber, inContext(mapped, returnUnderway)));
    returnUnderway ||= mapped === ShipmentStatus.RETURNING;
  }
  markAccessPointDeliveries(shipment, scans, events);
  const status = currentStatus(shipment, events, returnUnderway);
  const snapshot: TrackingSnapshot = {
    carrier: Carrier.DHL,
    trackingNumber,
    status,
    events,
    attempts: events.filter((event) => event.status === ShipmentStatus.ATTEMPT_FAILED).length,
  };
  const estimatedDelivery = toEstimatedDelivery(shipment);
  if (estimatedDelivery) snapshot.estimatedDelivery = estimatedDelivery;
  const proofOfDelivery = status === ShipmentStatus.DELIVERED ? toProofOfDelivery(shipment) : undefined;
  if (proofOfDelivery) snapshot.proofOfDelivery = proofOfDelivery;
  const pickup = toPickup(shipment, snapshot);
  if (pickup) snapshot.pickup = pickup;
  return snapshot;
}

/**
 * `atAccessPoint` on delivered scans whose text names a locker or access point, and on the newest
 * delivered scan when the shipment's `destination.servicePoint` is set (DHL names the service point
 * only on the shipment, not per scan). Collections by the customer are never marked.
 */
function markAccessPointDeliveries(shipment: DhlShipment, scans: readonly DhlEvent[], events: TrackingEvent[]): void {
  let newestDelivered = -1;
  events.forEach((event, i) => {
    if (event.status !== ShipmentStatus.DELIVERED) return;
    newestDelivered = i;
    if (isDhlAccessPointDelivery(scans[i])) event.atAccessPoint = true;
  });
  if (newestDelivered >= 0 && isDhlAccessPointDelivery(scans[newestDelivered], { atServicePoint: Boolean(shipment.destination?.servicePoint) })) {
    events[newestDelivered].atAccessPoint = true;
  }
}

/**
 * While the parcel waits for collection: the service point's `label` (carriers.md §3.3
 * `destination.servicePoint{url, label}`) names it, and the newest scan that says it waits gives
 * the place. DHL's Unified API has no field for how long the point keeps the parcel, so there is no
 * `holdUntil`. A failed attempt counts only when the shipment names a service point (the parcel was
 * taken there).
 */
function toPickup(shipment: DhlShipment, snapshot: TrackingSnapshot): PickupDetails | undefined {
  const servicePoint = shipment.destination?.servicePoint;
  const waiting =
    snapshot.status === ShipmentStatus.AVAILABLE_FOR_PICKUP || (snapshot.status === ShipmentStatus.ATTEMPT_FAILED && Boolean(servicePoint));
  if (!waiting) return undefined;
  return pickupDetails({ locationName: servicePoint?.label, location: waitingScanLocation(snapshot.events) });
}

/**
 * ISO-8601 for a DHL timestamp, with DHL's offset kept as given (`+0100` is written `+01:00`),
 * seconds added when missing and fractions cut to milliseconds. Express and Freight send local
 * time without an offset, and nothing in their answers says which zone it is (the locality is
 * free text such as "NEW YORK, NY - USA"): such times are labelled UTC. That can be off by the
 * local offset, but it keeps the scans of one place in order and gives the same fingerprint on
 * every poll and push.
 */
export function dhlOccurredAt(timestamp: string): string {
  const match = DHL_TIMESTAMP_PATTERN.exec(timestamp.trim());
  if (!match) return timestamp.trim();
  const [, year, month, day, hours, minutes, seconds, fraction, offset] = match;
  const millis = fraction ? `.${fraction.slice(0, 3).padEnd(3, '0')}` : '';
  return `${year}-${month}-${day}T${hours}:${minutes}:${seconds ?? '00'}${millis}${isoOffset(offset)}`;
}

/** Events seen after a return began are the journey back. */
function inContext(status: ShipmentStatus, returnUnderway: boolean): ShipmentStatus {
  if (!returnUnderway) return status;
  if (status === ShipmentStatus.DELIVERED) return ShipmentStatus.RETURNED;
  if (status === ShipmentStatus.IN_TRANSIT || status === ShipmentStatus.OUT_FOR_DELIVERY) return ShipmentStatus.RETURNING;
  return status;
}

/**
 * The shipment's own status, read with what only it knows (returnFlag, a service point). DHL
 * answers "unknown" for shipments whose events say more; the latest event is then the better guess.
 */
function currentStatus(shipment: DhlShipment, events: TrackingEvent[], returnUnderway: boolean): ShipmentStatus {
  const latest = events.at(-1)?.status;
  const { status } = shipment;
  if (!status || !(status.statusCode || status.status || status.description)) return latest ?? ShipmentStatus.PENDING;
  const context = { returnFlag: shipment.returnFlag ?? false, atServicePoint: Boolean(shipment.destination?.servicePoint) };
  const mapped = inContext(mapDhlStatus(status, context), returnUnderway);
  return mapped === ShipmentStatus.PENDING && latest ? latest : mapped;
}

function toEvent(event: DhlEvent, trackingNumber: string, status: ShipmentStatus): TrackingEvent {
  const occurredAt = dhlOccurredAt(event.timestamp);
  const location = toLocation(event);
  const carrierCodes = toCarrierCodes(event);
  const result: TrackingEvent = {
    fingerprint: eventFingerprint({ carrier: Carrier.DHL, trackingNumber, carrierCodes, occurredAt, location, meaning: hasCodes(carrierCodes) ? undefined : status }),
    status,
    occurredAt,
    description: event.description ?? event.status ?? event.remark ?? '',
    carrierCodes,
  };
  if (location) result.location = location;
  return result;
}

/** DHL lists events newest first, but the order is not a promise; sort by instant, keep DHL's order for ties. */
function oldestFirst(events: readonly DhlEvent[]): DhlEvent[] {
  return events
    .map((event, index) => ({ event, index, at: Date.parse(dhlOccurredAt(event.timestamp)) }))
    .sort((a, b) => a.at - b.at || b.index - a.index)
    .map(({ event }) => event);
}

/**
 * DHL's locality is free text ("LEIPZIG - GERMANY", "NEW YORK, NY - USA", "Bonn"); it is kept as
 * the city verbatim, since splitting it would guess at formats that differ by division.
 */
function toLocation(event: DhlEvent): TrackingLocation | undefined {
  const address = event.location?.address;
  if (!address) return undefined;
  const location = withoutUndefined<TrackingLocation>({
    city: address.addressLocality,
    postalCode: address.postalCode,
    countryCode: address.countryCode?.toUpperCase(),
  });
  return Object.keys(location).length > 0 ? location : undefined;
}

/**
 * `statusCode` is DHL's family; `status` and `statusDetailed` are kept only when they look like
 * codes ("42", "1-0", "DELIVERED"), because some divisions put translated sentences there, and a
 * sentence in the fingerprint would split one scan into two when DHL rewords it.
 */
function toCarrierCodes(event: DhlEvent): CarrierCodes {
  return withoutUndefined<CarrierCodes>({
    type: event.statusCode,
    code: codeLike(event.status),
    statusCode: codeLike(event.statusDetailed),
  });
}

function codeLike(value: string | undefined): string | undefined {
  return value && /^[0-9A-Za-z][0-9A-Za-z_.:-]{0,31}$/.test(value) ? value : undefined;
}

/**
 * The day comes from `estimatedTimeOfDelivery` (or the end of the window); a window is given only
 * when DHL sends one. Dates are read as written: DHL writes them in the destination's time.
 */
function toEstimatedDelivery(shipment: DhlShipment): EstimatedDelivery | undefined {
  const frame = shipment.estimatedDeliveryTimeFrame;
  const day = shipment.estimatedTimeOfDelivery ?? frame?.estimatedThrough ?? frame?.estimatedFrom;
  if (!day) return undefined;
  const estimate: EstimatedDelivery = { date: day.slice(0, 10) };
  if (frame?.estimatedFrom) estimate.from = dhlOccurredAt(frame.estimatedFrom);
  if (frame?.estimatedThrough) estimate.to = dhlOccurredAt(frame.estimatedThrough);
  return estimate;
}

/**
 * Given only for a delivery to the recipient: DHL Express attaches POD links to returned and
 * failed shipments too, and a proof of delivery there would claim a delivery that did not happen.
 * A signature counts when DHL says one is available or names a real signer: Express has been seen
 * naming the signer "Delivered".
 */
function toProofOfDelivery(shipment: DhlShipment): ProofOfDelivery | undefined {
  const details = shipment.details;
  const pod = details?.proofOfDelivery;
  const signedBy = signerName(pod?.signed);
  const proof: ProofOfDelivery = {
    ...withoutUndefined({ signedBy, place: shipment.destination?.servicePoint?.label }),
    hasSignature: details?.proofOfDeliverySignedAvailable ?? Boolean(signedBy),
    hasProofOfDelivery: Boolean(pod?.documentUrl || pod?.signatureUrl),
  };
  const saysAnything = proof.signedBy || proof.place || proof.hasSignature || proof.hasProofOfDelivery;
  return saysAnything ? proof : undefined;
}

function signerName(signed: NonNullable<NonNullable<DhlShipment['details']>['proofOfDelivery']>['signed']): string | undefined {
  if (!signed) return undefined;
  const name = signed.name ?? ([signed.givenName, signed.familyName].filter(Boolean).join(' ') || signed.organizationName);
  if (!name || /^(?:delivered|signed|n\/?a|none|unknown)$/i.test(name)) return undefined;
  return name;
}

/** "Z" stays "Z"; "+0100" and "+01" become "+01:00"; no offset at all becomes "Z" (see dhlOccurredAt). */
function isoOffset(offset: string | undefined): string {
  if (!offset || offset.toUpperCase() === 'Z') return 'Z';
  const match = /^([+-])(\d{2}):?(\d{2})?$/.exec(offset);
  if (!match) return 'Z';
  return `${match[1]}${match[2]}:${match[3] ?? '00'}`;
}

/** Leaves absent fields out altogether, so stored documents and digests do not carry `undefined`s. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function hasCodes(codes: CarrierCodes): boolean {
  return Boolean(codes.type || codes.code || codes.statusCode);
}
