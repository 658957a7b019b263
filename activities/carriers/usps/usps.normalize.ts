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
import type { UspsTrackingDetails, UspsTrackingEvent } from './usps.schemas';
import { USPS_GMT_OFFSET_PATTERN, USPS_LOCAL_DATE_TIME_PATTERN } from './usps.schemas';
import { isUspsAccessPointDelivery, isUspsReturnToSenderCode, mapUspsStatus } from './usps.status-mapping';

/** The time fields of one USPS tracking event. */
export type UspsEventTime = Pick<UspsTrackingEvent, 'eventTimestamp' | 'GMTTimestamp' | 'GMTOffset'>;

const MINUTE_MS = 60_000;
/** Real UTC offsets are whole quarter hours within ±14 h. */
const MAX_OFFSET_MINUTES = 14 * 60;

/**
 * Turns a validated USPS DETAIL answer into Waybill's snapshot. Pure: the same answer always gives
 * the same snapshot, which keeps fingerprints and snapshot digests stable across polls and pushes.
 */
export function normalizeUspsTracking(details: UspsTrackingDetails, trackingNumber: string): TrackingSnapshot {
  const scans = oldestFirst(details.trackingEvents ?? []);
  const events: TrackingEvent[] = [];
  let returnUnderway = false;
  scans.forEach((scan, i) => {
    // Only the newest event has a category: the top-level one describes it.
    const category = i === scans.length - 1 ? details.statusCategory : undefined;
    const event = toEvent(scan, trackingNumber, inContext(eventStatus(scan.eventCode, category), returnUnderway));
    // Not part of the fingerprint: it describes the scan, it does not identify it.
    if (event.status === ShipmentStatus.DELIVERED && isUspsAccessPointDelivery({ ...scan, statusCategory: category })) {
      event.atAccessPoint = true;
    }
    events.push(event);
    returnUnderway ||= isUspsReturnToSenderCode(scan.eventCode);
  });
  const snapshot: TrackingSnapshot = {
    carrier: Carrier.USPS,
    trackingNumber,
    status: events.at(-1)?.status ?? mapUspsStatus({ statusCategory: details.statusCategory }),
    events,
    attempts: events.filter((event) => event.status === ShipmentStatus.ATTEMPT_FAILED).length,
  };
  const estimatedDelivery = toEstimatedDelivery(details, scans);
  if (estimatedDelivery) snapshot.estimatedDelivery = estimatedDelivery;
  const proofOfDelivery = toProofOfDelivery(details, scans, events);
  if (proofOfDelivery) snapshot.proofOfDelivery = proofOfDelivery;
  const pickup = toPickup(details, snapshot);
  if (pickup) snapshot.pickup = pickup;
  return snapshot;
}

/**
 * While the item waits at the Post Office: `returnDateNotice` ("the date the item will be Returned
 * to Sender") is the hold's end, kept as given; the place is the newest "Available for Pickup" (16)
 * or "Arrival at Pickup Point" (14) scan, or the Notice Left scan. USPS names no counter. After a
 * failed attempt (Notice Left) the item counts as held only when USPS gives a `returnDateNotice`,
 * its word that the item sits at the Post Office until then.
 */
function toPickup(details: UspsTrackingDetails, snapshot: TrackingSnapshot): PickupDetails | undefined {
  const waiting =
    snapshot.status === ShipmentStatus.AVAILABLE_FOR_PICKUP ||
    (snapshot.status === ShipmentStatus.ATTEMPT_FAILED && details.returnDateNotice !== undefined && details.returnDateNotice !== null);
  if (!waiting) return undefined;
  return pickupDetails({ holdUntil: details.returnDateNotice ?? undefined, location: waitingScanLocation(snapshot.events) });
}

/**
 * ISO-8601 with the scan's UTC offset. The instant comes from `GMTTimestamp` (it has the seconds the
 * local time drops) and is written in local time; the offset is `GMTOffset`, or else derived from the
 * local and GMT timestamps. Without any zone the local time is labelled UTC: possibly off by the
 * offset, but stable across polls and in order for scans of one place.
 */
export function uspsOccurredAt(time: UspsEventTime): string {
  const gmtMs = time.GMTTimestamp ? Date.parse(time.GMTTimestamp) : undefined;
  const offsetMinutes = parseOffsetMinutes(time.GMTOffset) ?? derivedOffsetMinutes(time.eventTimestamp, gmtMs);
  if (gmtMs !== undefined && offsetMinutes !== undefined) return inOffset(gmtMs, offsetMinutes);
  if (gmtMs !== undefined) return new Date(gmtMs).toISOString().replace('.000Z', 'Z');
  const local = localIso(time.eventTimestamp ?? '');
  return offsetMinutes === undefined ? `${local}Z` : `${local}${formatOffset(offsetMinutes)}`;
}

function toEvent(scan: UspsTrackingEvent, trackingNumber: string, status: ShipmentStatus): TrackingEvent {
  const occurredAt = uspsOccurredAt(scan);
  const location = toLocation(scan);
  // Events carry no category of their own (the top-level one would change as newer events arrive
  // and break the fingerprint), so the event code is the carrier code.
  const carrierCodes = withoutUndefined<CarrierCodes>({ code: scan.eventCode });
  const event: TrackingEvent = {
    fingerprint: eventFingerprint({ carrier: Carrier.USPS, trackingNumber, carrierCodes, occurredAt, location }),
    status,
    occurredAt,
    description: scan.eventType ?? '',
    carrierCodes,
  };
  if (location) event.location = location;
  return event;
}

/**
 * A scan without an event code USPS knows takes the category while it is the newest; an older one
 * is only known to have happened, which reads as in transit (never pending: USPS has scanned it).
 */
function eventStatus(eventCode: string | undefined, statusCategory: string | undefined): ShipmentStatus {
  const status = mapUspsStatus({ eventCode, statusCategory });
  return status === ShipmentStatus.PENDING ? ShipmentStatus.IN_TRANSIT : status;
}

/** On the way back, network scans are the return leg and a delivery is the sender receiving it. */
function inContext(status: ShipmentStatus, returnUnderway: boolean): ShipmentStatus {
  if (!returnUnderway) return status;
  if (status === ShipmentStatus.DELIVERED) return ShipmentStatus.RETURNED;
  if (status === ShipmentStatus.IN_TRANSIT || status === ShipmentStatus.OUT_FOR_DELIVERY) return ShipmentStatus.RETURNING;
  return status;
}

/** USPS lists events newest first, but the order is not a promise; sort by instant, keep USPS's order for ties. */
function oldestFirst(scans: readonly UspsTrackingEvent[]): UspsTrackingEvent[] {
  return scans
    .map((scan, index) => ({ scan, index, at: Date.parse(uspsOccurredAt(scan)) }))
    .sort((a, b) => a.at - b.at || b.index - a.index)
    .map(({ scan }) => scan);
}

/**
 * Regional facilities come as a city of "QUEENS NY DISTRIBUTION CENTER" with no state or ZIP, and
 * domestic scans leave `eventCountry` null; a US state or ZIP makes the country the US.
 */
function toLocation(scan: UspsTrackingEvent): TrackingLocation | undefined {
  const location = withoutUndefined<TrackingLocation>({
    city: scan.eventCity,
    region: scan.eventState,
    postalCode: scan.eventZIP,
    countryCode: countryCode(scan),
  });
  return Object.keys(location).length > 0 ? location : undefined;
}

function countryCode(scan: UspsTrackingEvent): string | undefined {
  const country = scan.eventCountry?.toUpperCase();
  if (country && /^[A-Z]{2}$/.test(country)) return country;
  if (country === 'UNITED STATES' || country === 'USA') return 'US';
  if (country) return undefined;
  const domestic = (scan.eventState && /^[A-Z]{2}$/i.test(scan.eventState)) || (scan.eventZIP && /^\d{5}(-?\d{4})?$/.test(scan.eventZIP));
  return domestic ? 'US' : undefined;
}

/**
 * The predicted date (USPS's newer, data-driven estimate) wins over the expected and guaranteed
 * dates. Its window is bare local times; the newest scan's offset anchors it, since windows appear
 * when the parcel is already in the destination's zone. Without an offset only the date is kept.
 */
function toEstimatedDelivery(details: UspsTrackingDetails, scansOldestFirst: readonly UspsTrackingEvent[]): EstimatedDelivery | undefined {
  const date =
    details.predictedDeliveryDate ?? datePart(details.expectedDeliveryTimeStamp) ?? datePart(details.guaranteedDeliveryTimeStamp);
  if (!date) return undefined;
  const estimate: EstimatedDelivery = { date };
  const offset = latestOffsetMinutes(scansOldestFirst);
  const from = clockTime(details.predictedDeliveryWindowStartTime);
  const to = clockTime(details.predictedDeliveryWindowEndTime);
  if (details.predictedDeliveryDate && offset !== undefined && from && to) {
    estimate.from = `${date}T${from}${formatOffset(offset)}`;
    estimate.to = `${date}T${to}${formatOffset(offset)}`;
  }
  return estimate;
}

function latestOffsetMinutes(scansOldestFirst: readonly UspsTrackingEvent[]): number | undefined {
  for (let i = scansOldestFirst.length - 1; i >= 0; i--) {
    const scan = scansOldestFirst[i];
    const gmtMs = scan.GMTTimestamp ? Date.parse(scan.GMTTimestamp) : undefined;
    const offset = parseOffsetMinutes(scan.GMTOffset) ?? derivedOffsetMinutes(scan.eventTimestamp, gmtMs);
    if (offset !== undefined) return offset;
  }
  return undefined;
}

/**
 * From the newest delivery scan: USPS names the signer in `name` (signature services only) and puts
 * the place in the event text ("Delivered, Front Door/Porch"). The signature image itself is only
 * in the emailed proof-of-delivery letter, which `proofOfDeliveryEnabled` says is available.
 */
function toProofOfDelivery(
  details: UspsTrackingDetails,
  scansOldestFirst: readonly UspsTrackingEvent[],
  events: readonly TrackingEvent[],
): ProofOfDelivery | undefined {
  let index = -1;
  for (let i = events.length - 1; i >= 0 && index < 0; i--) {
    if (events[i].status === ShipmentStatus.DELIVERED || events[i].status === ShipmentStatus.RETURNED) index = i;
  }
  if (index < 0) return undefined;
  const scan = scansOldestFirst[index];
  const proof: ProofOfDelivery = {
    ...withoutUndefined({ signedBy: scan.name, receivedBy: scan.name ?? scan.firm, place: deliveryPlace(scan.eventType) }),
    hasSignature: Boolean(scan.name),
    hasProofOfDelivery: details.proofOfDeliveryEnabled === true || details.trackingProofOfDeliveryEnabled === true,
  };
  const saysAnything = proof.receivedBy || proof.place || proof.hasSignature || proof.hasProofOfDelivery;
  return saysAnything ? proof : undefined;
}

/** "Delivered, Front Door/Porch" → "Front Door/Porch"; a bare "Delivered" names no place. */
function deliveryPlace(eventType: string | undefined): string | undefined {
  const comma = eventType?.indexOf(',') ?? -1;
  if (!eventType || comma < 0) return undefined;
  return eventType.slice(comma + 1).trim() || undefined;
}

/** "2026-03-04T17:00:00" or an instant → "2026-03-04" (the date as USPS wrote it). */
function datePart(value: string | null | undefined): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})T/.exec(value ?? '');
  return match ? match[1] : undefined;
}

/** "14:30", "14:30:00", "2:30 pm" or "2:30PM" → "14:30:00"; undefined for anything else. */
function clockTime(value: string | undefined): string | undefined {
  const match = /^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?$/i.exec(value?.trim() ?? '');
  if (!match) return undefined;
  let hours = Number(match[1]);
  const minutes = Number(match[2]);
  const seconds = Number(match[3] ?? '0');
  const meridiem = match[4]?.toLowerCase().replace(/\./g, '');
  if (meridiem) {
    if (hours < 1 || hours > 12) return undefined;
    hours = (hours % 12) + (meridiem === 'pm' ? 12 : 0);
  }
  if (hours > 23 || minutes > 59 || seconds > 59) return undefined;
  return [hours, minutes, seconds].map((n) => String(n).padStart(2, '0')).join(':');
}

/** "-05:00", "-7:00" or "+0530" → minutes; undefined for anything that is not a real offset. */
function parseOffsetMinutes(gmtOffset: string | null | undefined): number | undefined {
  const match = USPS_GMT_OFFSET_PATTERN.exec(gmtOffset?.trim() ?? '');
  if (!match) return undefined;
  const [, sign, hours, minutes] = match;
  const total = Number(hours) * 60 + Number(minutes);
  if (Number(minutes) > 59 || total > MAX_OFFSET_MINUTES) return undefined;
  return sign === '-' ? -total : total;
}

/**
 * The local time minus the GMT time, rounded to a quarter hour: USPS truncates local times to the
 * minute ("13:58:00") while the GMT time keeps its seconds ("18:58:40Z").
 */
function derivedOffsetMinutes(eventTimestamp: string | null | undefined, gmtMs: number | undefined): number | undefined {
  if (!eventTimestamp || gmtMs === undefined) return undefined;
  const localAsUtc = Date.parse(`${localIso(eventTimestamp)}Z`);
  if (Number.isNaN(localAsUtc)) return undefined;
  const minutes = Math.round((localAsUtc - gmtMs) / MINUTE_MS / 15) * 15;
  return Math.abs(minutes) <= MAX_OFFSET_MINUTES ? minutes : undefined;
}

/** An instant written as local time at a fixed offset, e.g. "2024-11-22T13:58:40-05:00". */
function inOffset(instantMs: number, offsetMinutes: number): string {
  const local = new Date(instantMs + offsetMinutes * MINUTE_MS).toISOString();
  const withoutZone = local.endsWith('.000Z') ? local.slice(0, 19) : local.slice(0, 23);
  return `${withoutZone}${formatOffset(offsetMinutes)}`;
}

function formatOffset(offsetMinutes: number): string {
  if (offsetMinutes === 0) return '+00:00';
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** "2024-11-22T13:58" or "…T13:58:00.5" → "2024-11-22T13:58:00". */
function localIso(eventTimestamp: string): string {
  const match = USPS_LOCAL_DATE_TIME_PATTERN.exec(eventTimestamp.trim());
  if (!match) return eventTimestamp.trim();
  const [, y, mo, d, h, mi, s] = match;
  return `${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}`;
}

/** Leaves absent fields out altogether, so stored documents and digests do not carry `undefined`s. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
