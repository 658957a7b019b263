import type { CarrierCodes, EstimatedDelivery, ProofOfDelivery, TrackingEvent, TrackingLocation } from '../../../workflows/shared/tracking';
import { Carrier, ShipmentStatus } from '../../../workflows/shared/vocabulary';
import { eventFingerprint } from '../fingerprint';
import { pickupDetails, waitingScanLocation } from '../pickup';
import { validateTrackingNumber } from '../tracking-numbers';
import { WebhookPayloadError, type PushedTrackingUpdate, type WebhookDelivery } from '../webhooks/webhook-delivery';
import {
  easypostEventSchema,
  easypostTrackerSchema,
  type EasypostTracker,
  type EasypostTrackingDetail,
  type EasypostTrackingLocation,
} from './easypost.schemas';
import { mapEasypostStatus } from './easypost.status-mapping';

/*
 * EasyPost webhooks (carriers.md §5.5): one Event per POST. Tracker events carry the whole Tracker,
 * every tracking detail so far included, so each delivery repeats the scans of the ones before;
 * fingerprints make the repeats collapse in the shipment workflow. Other events (batches, refunds,
 * …) are acknowledged with nothing to route, so EasyPost stops retrying them.
 */

const TRACKER_EVENTS: ReadonlySet<string> = new Set(['tracker.created', 'tracker.updated']);

/**
 * EasyPost's carrier names (the `carrier` of a Tracker) for parcels of Waybill's carriers, keyed in
 * lower case without punctuation because EasyPost spells some of them both ways ("FedexSmartPost").
 * SurePost numbers are UPS 1Z numbers, and SmartPost (Ground Economy) numbers FedEx ones; DHL's
 * eCommerce names cover the GM… and 14-digit numbers Waybill takes as DHL. UPS Mail Innovations is
 * left out: its numbers are USPS barcodes that Waybill would never have as UPS parcels.
 */
const WAYBILL_CARRIERS: ReadonlyMap<string, Carrier> = new Map([
  ['ups', Carrier.UPS],
  ['upssurepost', Carrier.UPS],
  ['fedex', Carrier.FEDEX],
  ['fedexsmartpost', Carrier.FEDEX],
  ['dhlexpress', Carrier.DHL],
  ['dhlecommerce', Carrier.DHL],
  ['dhlecommerceasia', Carrier.DHL],
  ['dhlglobalmail', Carrier.DHL],
  ['dhlglobalmailinternational', Carrier.DHL],
  ['usps', Carrier.USPS],
]);

/** The Waybill carrier of an EasyPost carrier name; undefined for carriers Waybill does not track. */
export function waybillCarrierOf(easypostCarrier: string): Carrier | undefined {
  return WAYBILL_CARRIERS.get(easypostCarrier.toLowerCase().replace(/[^a-z0-9]/g, ''));
}

export function parseEasypostEvent(rawBody: string): WebhookDelivery {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new WebhookPayloadError('EasyPost webhook body is not JSON');
  }
  const event = easypostEventSchema.safeParse(json);
  if (!event.success) throw new WebhookPayloadError(`EasyPost webhook body is not an Event: ${describeIssue(event.error)}`);
  const eventId = event.data.id;
  if (!TRACKER_EVENTS.has(event.data.description)) return { eventId, updates: [] };

  const tracker = easypostTrackerSchema.safeParse(event.data.result);
  if (!tracker.success) throw new WebhookPayloadError(`EasyPost ${event.data.description} event carries no valid Tracker: ${describeIssue(tracker.error)}`);
  const carrier = waybillCarrierOf(tracker.data.carrier);
  if (!carrier) return { eventId, updates: [] };
  return { eventId, updates: [toUpdate(tracker.data, carrier)] };
}

function toUpdate(tracker: EasypostTracker, carrier: Carrier): PushedTrackingUpdate {
  const trackingNumber = canonicalTrackingNumber(tracker.tracking_code, carrier);
  // A return label's tracker travels back to the sender from its first scan.
  let returnUnderway = tracker.is_return === true;
  const events: TrackingEvent[] = [];
  for (const detail of oldestFirst(tracker.tracking_details ?? [])) {
    const status = mapEasypostStatus({ status: detail.status, statusDetail: detail.status_detail });
    events.push(toEvent(detail, carrier, trackingNumber, inContext(status, returnUnderway)));
    returnUnderway ||= status === ShipmentStatus.RETURNING;
  }
  const update: PushedTrackingUpdate = { carrier, trackingNumber, events };
  const estimatedDelivery = toEstimatedDelivery(tracker);
  if (estimatedDelivery) update.estimatedDelivery = estimatedDelivery;
  const proofOfDelivery = toProofOfDelivery(tracker);
  if (proofOfDelivery) update.proofOfDelivery = proofOfDelivery;
  // EasyPost's Tracker has no hold-until date and names no pickup point (carriers.md §5.2); while
  // the tracker says available_for_pickup, the place of the scan that put it there is all there is.
  if (mapEasypostStatus({ status: tracker.status, statusDetail: tracker.status_detail }) === ShipmentStatus.AVAILABLE_FOR_PICKUP) {
    const pickup = pickupDetails({ location: waitingScanLocation(events) });
    if (pickup) update.pickup = pickup;
  }
  return update;
}

/**
 * The number as Waybill stores it, so the update finds its shipment: a USPS routing prefix the
 * tracker was created with is dropped. A code the carrier's formats do not accept (EasyPost's EZ…
 * test codes) is kept as sent; no shipment has it, and it waits with the unmatched updates.
 */
function canonicalTrackingNumber(code: string, carrier: Carrier): string {
  const compact = code.replace(/\s+/g, '').toUpperCase();
  if (!/^[0-9A-Z]{4,40}$/.test(compact)) throw new WebhookPayloadError('EasyPost tracker has a tracking_code that is not a tracking number');
  const check = validateTrackingNumber(compact, carrier);
  return check.valid ? check.trackingNumber : compact;
}

function toEvent(detail: EasypostTrackingDetail, carrier: Carrier, trackingNumber: string, status: ShipmentStatus): TrackingEvent {
  const occurredAt = detail.datetime;
  const location = toLocation(detail.tracking_location);
  // Coarse to fine: EasyPost's status, the carrier's own code, EasyPost's detail.
  const carrierCodes = withoutUndefined<CarrierCodes>({ type: detail.status, code: detail.carrier_code, statusCode: detail.status_detail });
  const event: TrackingEvent = {
    fingerprint: eventFingerprint({ carrier, trackingNumber, carrierCodes, occurredAt, location }),
    status,
    occurredAt,
    description: detail.message ?? detail.description ?? '',
    carrierCodes,
  };
  if (location) event.location = location;
  return event;
}

/** On the way back, movement is the return's and a delivery is the sender getting the parcel. */
function inContext(status: ShipmentStatus, returnUnderway: boolean): ShipmentStatus {
  if (!returnUnderway) return status;
  if (status === ShipmentStatus.DELIVERED) return ShipmentStatus.RETURNED;
  if (status === ShipmentStatus.IN_TRANSIT || status === ShipmentStatus.OUT_FOR_DELIVERY) return ShipmentStatus.RETURNING;
  return status;
}

/** EasyPost lists details oldest first, but the order is not a promise; sort by instant, keep EasyPost's order for ties. */
function oldestFirst(details: readonly EasypostTrackingDetail[]): EasypostTrackingDetail[] {
  return details
    .map((detail, index) => ({ detail, index, at: Date.parse(detail.datetime) }))
    .sort((a, b) => a.at - b.at || a.index - b.index)
    .map(({ detail }) => detail);
}

function toLocation(location: EasypostTrackingLocation | null | undefined): TrackingLocation | undefined {
  if (!location) return undefined;
  const result = withoutUndefined<TrackingLocation>({
    city: location.city,
    region: location.state,
    postalCode: location.zip,
    countryCode: location.country,
  });
  return Object.keys(result).length > 0 ? result : undefined;
}

/**
 * The carrier's local delivery date when EasyPost has it; otherwise the day of est_delivery_date as
 * written, in its own offset. EasyPost gives no window Waybill could anchor to a zone.
 */
function toEstimatedDelivery(tracker: EasypostTracker): EstimatedDelivery | undefined {
  const date = tracker.carrier_detail?.est_delivery_date_local ?? tracker.est_delivery_date?.slice(0, 10);
  return date ? { date } : undefined;
}

/** EasyPost names the signer and nothing more: no signature image or photo to point to. */
function toProofOfDelivery(tracker: EasypostTracker): ProofOfDelivery | undefined {
  if (!tracker.signed_by) return undefined;
  return { signedBy: tracker.signed_by, hasSignature: true, hasProofOfDelivery: false };
}

function describeIssue(error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.map(String).join('.')} ${issue.message}`.trim() : 'unknown problem';
}

function withoutUndefined<T extends object>(value: { [K in keyof T]: T[K] | undefined }): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
