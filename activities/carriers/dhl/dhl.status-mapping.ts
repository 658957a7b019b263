import { ShipmentStatus } from '../../../workflows/shared/vocabulary';

export interface DhlStatusText {
  /** pre-transit | transit | delivered | failure | unknown; Express events often have none. */
  statusCode?: string;
  /** A division's own code or word, sometimes a whole sentence. */
  status?: string;
  description?: string;
  remark?: string;
}

/** What is known about the shipment as a whole; only the current status uses it. */
export interface DhlShipmentContext {
  /** `returnFlag`: the shipment is (on) its way back to the sender. */
  returnFlag?: boolean;
  /** `destination.servicePoint` is set: the parcel goes to, or waits at, a shop or locker. */
  atServicePoint?: boolean;
}

/*
 * carriers.md §3.4: DHL's five status codes give the family, and keywords in the texts refine it,
 * because DHL has no finer code that every division fills. The keywords are English: the adapter
 * always asks for `language=en`. The phrases are narrow on purpose: "Shipment picked up" is the
 * courier collecting from the shipper (in transit), not the customer collecting from a shop.
 */
const RETURN = /\breturn(?:ed|ing|s)?\b/i;
const DAMAGED = /\bdamage[ds]?\b/i;
const anyOf = (...patterns: RegExp[]): RegExp => new RegExp(patterns.map((p) => p.source).join('|'), 'i');
const ATTEMPT = anyOf(
  /\bdelivery attempt/,
  /\battempted delivery\b/,
  /\bcould not be delivered\b/,
  /\bnotification card\b/,
  /\bnot at home\b/,
  /\brecipient (?:was )?not (?:at home|available|present)\b/,
  /\bunable to deliver\b/,
);
const OUT_FOR_DELIVERY = anyOf(
  /\bout (?:with courier )?for delivery\b/,
  /\bwith delivery courier\b/,
  /\bloaded (?:on|onto|to|into|in) (?:the )?(?:delivery )?(?:van|vehicle)\b/,
);
const AWAITING_PICKUP = anyOf(
  /\b(?:ready|available|awaiting|held) for (?:pick ?-?up|collection)\b/,
  /\bawaiting (?:pick ?-?up|collection)\b/,
  /\bavailable at\b/,
  /\bservice ?point\b/,
  /\bparcel ?shop\b/,
  /\bpackstation\b/,
  /\bparcel locker\b/,
);
/** Under a delivered code: the customer collected it from the shop or locker. */
const COLLECTED = /\b(?:picked up|collected)\b/i;
/**
 * A delivery left at a locker or access point. Under a delivered code the narrower "awaiting pickup"
 * words above already make it available_for_pickup (service point, parcel shop, Packstation, parcel
 * locker); what is still "delivered" and names one of these is a drop at an access point that DHL
 * counts as delivered ("Delivered - Left in DHL Locker").
 */
const ACCESS_POINT = anyOf(
  /\blocker\b/,
  /\baccess ?point\b/,
  /\bservice ?point\b/,
  /\bparcel ?shop\b/,
  /\bpackstation\b/,
  /\bretail (?:outlet|location)\b/,
);

/**
 * True for a delivered scan that left the parcel at a locker or access point rather than with the
 * recipient: its text names one (see ACCESS_POINT), or it is the newest delivery of a shipment
 * whose `destination.servicePoint` is set. A customer collecting it ("Collected from DHL Service
 * Point by: …", "picked up") is not one.
 */
export function isDhlAccessPointDelivery(status: DhlStatusText, context: { atServicePoint?: boolean } = {}): boolean {
  const text = [status.status, status.description, status.remark].filter(Boolean).join('\n');
  if (COLLECTED.test(text)) return false;
  return ACCESS_POINT.test(text) || context.atServicePoint === true;
}

/** Only for events without a status code (Express): the texts DHL uses before the first scan. */
const INFO_RECEIVED = /\b(?:shipment )?information received\b|\blabel (?:was )?created\b|\bhas been announced\b/i;
/** Only for events without a status code: a delivery, not a promise of one ("will be delivered"). */
const DELIVERED = /^(?:shipment )?delivered\b|\b(?:has|have) been delivered\b|\bwas delivered\b/i;

/** Maps one DHL status (an event's or the shipment's) to Waybill's vocabulary. */
export function mapDhlStatus(status: DhlStatusText, context: DhlShipmentContext = {}): ShipmentStatus {
  const text = [status.status, status.description, status.remark].filter(Boolean).join('\n');
  switch (status.statusCode?.trim().toLowerCase()) {
    // The code wins over the words: karrio's fixture pairs pre-transit with status "DELIVERED".
    case 'pre-transit':
      return ShipmentStatus.INFO_RECEIVED;
    case 'transit':
      return transit(text, context);
    case 'delivered':
      return delivered(text, context);
    case 'failure':
      return failure(text, context);
    case 'unknown':
      return ShipmentStatus.PENDING;
    default:
      return fromTextAlone(text, context);
  }
}

function transit(text: string, context: DhlShipmentContext): ShipmentStatus {
  if (context.returnFlag || RETURN.test(text)) return ShipmentStatus.RETURNING;
  if (DAMAGED.test(text)) return ShipmentStatus.EXCEPTION;
  if (ATTEMPT.test(text)) return ShipmentStatus.ATTEMPT_FAILED;
  if (OUT_FOR_DELIVERY.test(text)) return ShipmentStatus.OUT_FOR_DELIVERY;
  if (context.atServicePoint || AWAITING_PICKUP.test(text)) return ShipmentStatus.AVAILABLE_FOR_PICKUP;
  return ShipmentStatus.IN_TRANSIT;
}

/**
 * A delivery to the recipient, unless it is the sender getting the parcel back, or the parcel
 * being left at a shop or locker to wait for the customer.
 */
function delivered(text: string, context: DhlShipmentContext): ShipmentStatus {
  if (context.returnFlag || RETURN.test(text)) return ShipmentStatus.RETURNED;
  if (COLLECTED.test(text)) return ShipmentStatus.DELIVERED;
  if (AWAITING_PICKUP.test(text)) return ShipmentStatus.AVAILABLE_FOR_PICKUP;
  return ShipmentStatus.DELIVERED;
}

/**
 * A return comes first: DHL Express reports "Returned to shipper" (failure) when the parcel turns
 * back at origin, not when the sender has it, so it is returning; the journey back ends with a
 * delivered code.
 */
function failure(text: string, context: DhlShipmentContext): ShipmentStatus {
  if (context.returnFlag || RETURN.test(text)) return ShipmentStatus.RETURNING;
  if (ATTEMPT.test(text)) return ShipmentStatus.ATTEMPT_FAILED;
  return ShipmentStatus.EXCEPTION;
}

/** Express events come with a description only; read it like a transit event unless it says more. */
function fromTextAlone(text: string, context: DhlShipmentContext): ShipmentStatus {
  if (!text) return ShipmentStatus.PENDING;
  if (INFO_RECEIVED.test(text)) return ShipmentStatus.INFO_RECEIVED;
  if (DELIVERED.test(text.trim())) return delivered(text, context);
  return transit(text, context);
}
