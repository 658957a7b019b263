import { ShipmentStatus } from '../../../workflows/shared/vocabulary';

export interface UspsStatusCodes {
  /** Top-level `statusCategory` ("In Transit", "Delivery Attempt", …); only the newest event has one. */
  statusCategory?: string;
  /** An event's `eventCode` (Pub 199 Appendix G-4), e.g. "01", "OF", "GX". */
  eventCode?: string;
  /**
   * Accepted for the caller's convenience, never used: USPS rewords its event texts ("Delivered,
   * Parcel Locker", "Delivered, Front Door/Porch"), so mapping on them would break silently.
   */
  eventType?: string;
}

/*
 * Tables from carriers.md §4.4 (Pub 199, the community USPS::WebTools::Tracking::Codes table and the
 * karrio fixture). The event code is the finer signal, so it wins; the category decides only for
 * codes the tables do not know (and for answers without events).
 */

/** Return to Sender and its reasons: No Such Number, Insufficient Address, Moved, …, Not Picked Up. */
const RETURN_TO_SENDER_CODES = ['09', '21', '22', '23', '24', '25', '26', '27', '28', '29', '31'];

const EVENT_CODE_TABLE: ReadonlyArray<readonly [ShipmentStatus, readonly string[]]> = [
  [ShipmentStatus.INFO_RECEIVED, ['GX', 'MA']],
  // Acceptance, network scans, forwarding, hand-offs to shipping partners and "rescheduled to the
  // next delivery day" (71): the parcel is on its way.
  [
    ShipmentStatus.IN_TRANSIT,
    ['03', 'TM', 'PA', '10', 'A1', 'T1', 'TL', 'SF', 'EF', '07', 'PC', '06', '19', '41', '42', '80', '81', '82', '71'],
  ],
  // "Delivery Status Not Updated": USPS has the parcel but no delivery scan. It is not pending (USPS
  // knows the parcel) and not an exception (nothing went wrong yet), so it stays in transit.
  [ShipmentStatus.IN_TRANSIT, ['DX']],
  [ShipmentStatus.OUT_FOR_DELIVERY, ['OF']],
  // Notice left and its variants, no access (30) and business closed (51).
  [ShipmentStatus.ATTEMPT_FAILED, ['02', '52', '53', '54', '55', '56', '30', '51']],
  [ShipmentStatus.AVAILABLE_FOR_PICKUP, ['14', '16']],
  // Delivered, picked up at the Post Office (43) or by an agent (17).
  [ShipmentStatus.DELIVERED, ['01', '43', '17']],
  // Refused, undeliverable as addressed, missent, dead letter, mis-shipped, customer recall. USPS
  // never declares a parcel lost through a code; a dead letter stays an exception for a human.
  [ShipmentStatus.EXCEPTION, ['04', '05', '08', '11', '15', '44']],
  [ShipmentStatus.RETURNING, RETURN_TO_SENDER_CODES],
];

const BY_EVENT_CODE = new Map<string, ShipmentStatus>(
  EVENT_CODE_TABLE.flatMap(([status, codes]) => codes.map((code) => [code, status] as const)),
);

/** Categories seen in live answers; Pub 199 Appendix G is the authoritative (unverified) list. */
const BY_CATEGORY = new Map<string, ShipmentStatus>([
  ['pre-shipment', ShipmentStatus.INFO_RECEIVED],
  ['accepted', ShipmentStatus.IN_TRANSIT],
  ['in transit', ShipmentStatus.IN_TRANSIT],
  ['out for delivery', ShipmentStatus.OUT_FOR_DELIVERY],
  ['delivered', ShipmentStatus.DELIVERED],
  ['alert', ShipmentStatus.EXCEPTION],
  ['available for pickup', ShipmentStatus.AVAILABLE_FOR_PICKUP],
  ['delivery attempt', ShipmentStatus.ATTEMPT_FAILED],
]);

/** Maps one USPS status (an event's code, the answer's category, or both) to Waybill's vocabulary. */
export function mapUspsStatus(status: UspsStatusCodes): ShipmentStatus {
  const code = normaliseCode(status.eventCode);
  const byCode = code ? BY_EVENT_CODE.get(code) : undefined;
  if (byCode) return byCode;
  const category = normaliseCategory(status.statusCategory);
  const byCategory = category ? BY_CATEGORY.get(category) : undefined;
  if (byCategory) return byCategory;
  // A code or category USPS has not documented: known to USPS, nothing more to say.
  return code || category ? ShipmentStatus.IN_TRANSIT : ShipmentStatus.PENDING;
}

/** 17 "Picked Up By Agent": an agent holds it for the recipient. */
const AGENT_DELIVERY_CODES = new Set(['17']);
/**
 * Delivery texts (Pub 199 "Delivered, …" variants, e.g. "Delivered, Parcel Locker" in the karrio
 * fixture) that left the item in a locker or with an agent. Front Desk/Reception, Mail Room, PO Box,
 * Front Door/Porch, In/At Mailbox, Left with Individual and "Individual Picked Up at Post Office"
 * (43: the recipient has it) are deliveries to the recipient or their address and do not count.
 * Texts are read only for this flag, never for the status.
 */
const ACCESS_POINT_DELIVERY_TEXT = /\b(?:parcel )?locker\b|\bto (?:an? )?agent\b/i;

/** True for a delivery scan that left the item in a parcel locker or with an agent (see above). */
export function isUspsAccessPointDelivery(status: UspsStatusCodes): boolean {
  if (mapUspsStatus({ eventCode: status.eventCode, statusCategory: status.statusCategory }) !== ShipmentStatus.DELIVERED) return false;
  const code = normaliseCode(status.eventCode);
  if (code === '43') return false;
  return (code !== undefined && AGENT_DELIVERY_CODES.has(code)) || ACCESS_POINT_DELIVERY_TEXT.test(status.eventType ?? '');
}

/**
 * After one of these the parcel is on its way back: later network scans are the return leg and a
 * later delivery scan ("Delivered, To Original Sender") is the sender getting it back.
 */
export function isUspsReturnToSenderCode(eventCode: string | undefined): boolean {
  const code = normaliseCode(eventCode);
  return code !== undefined && RETURN_TO_SENDER_CODES.includes(code);
}

function normaliseCode(eventCode: string | undefined): string | undefined {
  return eventCode?.trim().toUpperCase() || undefined;
}

/** "In Transit", "IN TRANSIT" and "In  transit" are one category. */
function normaliseCategory(category: string | undefined): string | undefined {
  return category?.trim().replace(/\s+/g, ' ').toLowerCase() || undefined;
}
