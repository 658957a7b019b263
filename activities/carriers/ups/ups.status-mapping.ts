import { ShipmentStatus } from '../../../workflows/shared/vocabulary';

export interface UpsStatusCodes {
  /** Activity type letter: D, I, M, MV, X, DO, DD, W, NA, U (and the legacy P). */
  type?: string;
  /** 2-character activity code, e.g. F4, OT, ZP. */
  code?: string;
  /** 3-digit status/description code, e.g. "011". */
  statusCode?: string;
  /**
   * Accepted for the caller's convenience, never used: descriptions are translated per locale and
   * reworded by UPS, so mapping on them would break silently.
   */
  description?: string;
}

/*
 * Tables from the UPS appendix ("Status/Description Codes", "Delivery Codes", "Package Activity
 * Types") and carriers.md §1.4. The type letter alone is not enough in the JSON API: an Access
 * Point delivery arrives as type D, and attempts, returns and delays arrive as type X, so the
 * status code is consulted first and the type is the fallback.
 */

/** Waiting for the customer to collect, even when UPS reports it with type D. */
const AVAILABLE_FOR_PICKUP_CODES = ['017', '040', '144', '161'];

/** Type D activity codes that are not a delivery to the recipient. */
const DELIVERY_ACTIVITY_CODES = new Map<string, ShipmentStatus>([
  ['1N', ShipmentStatus.AVAILABLE_FOR_PICKUP], // delivered to a locker, awaiting pickup
  ['2Q', ShipmentStatus.AVAILABLE_FOR_PICKUP], // delivered to a UPS Access Point
  ['EP', ShipmentStatus.AVAILABLE_FOR_PICKUP], // SurePost held at the Post Office for pickup
  ['ZP', ShipmentStatus.AVAILABLE_FOR_PICKUP], // Access Point delivery awaiting pickup (api-documentation#7)
  ['B0', ShipmentStatus.RETURNED], // "Package Delivered To Original Sender": the return is complete
]);

const STATUS_CODE_TABLE: ReadonlyArray<readonly [ShipmentStatus, readonly string[]]> = [
  [ShipmentStatus.OUT_FOR_DELIVERY, ['006', '021', '037', '072', '078', '089', '091', '146', '162']],
  // First, second, final and other attempts; 064 (refused) and 069 (unable to deliver) are exceptions.
  [ShipmentStatus.ATTEMPT_FAILED, ['022', '023', '024', '060', '061', '062', '066', '145']],
  // The whole "return to sender" family maps to returning, including 034 "Returned to Sender" and
  // 067 "Returned to Sender by Post Office": UPS reports those when the parcel starts its way back,
  // not when the sender has it. The journey back ends with a delivery scan (B0 above, or a plain
  // type D that ups.normalize reads in context), or on a separate return tracking number. Marking
  // the shipment returned earlier would tell the merchant the goods are home while they are still
  // on a truck.
  [ShipmentStatus.RETURNING, ['033', '034', '035', '036', '067', '081', '118', '119']],
  // Void (007), damage (059), refused (064), lost and found (068), unable to deliver (069),
  // seized (147), destroyed (149), plain exceptions (013, 029, 030, 049, 076) and "information
  // required" (050, 058, 124, 125). UPS never declares a parcel lost through a status code; 068
  // means the parcel lost its label, so it stays an exception for a human to look at.
  [
    ShipmentStatus.EXCEPTION,
    ['007', '013', '029', '030', '049', '050', '058', '059', '064', '068', '069', '076', '124', '125', '147', '149'],
  ],
  [ShipmentStatus.INFO_RECEIVED, ['003', '079', '080', '157', '166']],
  [ShipmentStatus.PENDING, ['000', '148', '163']],
  // Delays keep the parcel moving (see isUpsDelayStatus for the flag), even when typed X.
  [ShipmentStatus.IN_TRANSIT, ['046', '048', '051', '052', '053', '086', '090', '132']],
  // On the way, picked up, dropped off by the customer, customs clearance.
  [
    ShipmentStatus.IN_TRANSIT,
    ['005', '010', '012', '014', '025', '038', '039', '044', '045', '047', '087', '092', '134', '158', '159', '160'],
  ],
  [ShipmentStatus.IN_TRANSIT, ['164', '165', '167', '168', '169']],
];

const DELAY_CODES = new Set(['046', '048', '051', '052', '053', '086', '090', '132']);

/** The parcel is physically on its way back; mere requests (033, 119) can still be cancelled. */
const RETURN_UNDERWAY_CODES = new Set(['034', '035', '036', '067', '081', '118']);

const BY_STATUS_CODE = new Map<string, ShipmentStatus>(
  STATUS_CODE_TABLE.flatMap(([status, codes]) => codes.map((code) => [code, status] as const)),
);

const BY_TYPE = new Map<string, ShipmentStatus>([
  ['D', ShipmentStatus.DELIVERED],
  ['I', ShipmentStatus.IN_TRANSIT],
  ['P', ShipmentStatus.IN_TRANSIT], // legacy "Pickup"
  ['DO', ShipmentStatus.IN_TRANSIT], // freight: delivered to the origin CFS, still on its way
  ['DD', ShipmentStatus.IN_TRANSIT], // freight: at the destination CFS, not yet with the recipient
  ['W', ShipmentStatus.IN_TRANSIT], // freight warehousing
  ['M', ShipmentStatus.INFO_RECEIVED],
  ['MV', ShipmentStatus.EXCEPTION], // billing information voided: the label will not travel
  ['X', ShipmentStatus.EXCEPTION],
  ['NA', ShipmentStatus.PENDING],
  // Track Alert "updates" only move the estimated delivery; callers must not let them change the
  // shipment's status. in_transit is the least surprising value for the event itself.
  ['U', ShipmentStatus.IN_TRANSIT],
]);

/** Maps one UPS status (an activity's or `currentStatus`) to Waybill's vocabulary. */
export function mapUpsStatus(status: UpsStatusCodes): ShipmentStatus {
  const type = status.type?.trim().toUpperCase();
  const statusCode = normaliseStatusCode(status.statusCode);
  if (statusCode && AVAILABLE_FOR_PICKUP_CODES.includes(statusCode)) return ShipmentStatus.AVAILABLE_FOR_PICKUP;
  if (type === 'D') return DELIVERY_ACTIVITY_CODES.get(status.code?.trim().toUpperCase() ?? '') ?? ShipmentStatus.DELIVERED;
  const byStatusCode = statusCode ? BY_STATUS_CODE.get(statusCode) : undefined;
  if (byStatusCode) return byStatusCode;
  const byType = type ? BY_TYPE.get(type) : undefined;
  if (byType) return byType;
  // A type UPS has not documented, or nothing at all: known to UPS, nothing more to say.
  return type || statusCode ? ShipmentStatus.IN_TRANSIT : ShipmentStatus.PENDING;
}

/**
 * Type D scans UPS still calls a delivery although nobody at the address took the parcel: 143
 * "Delivered to Agent" (Status/Description Codes appendix). The other access-point codes (017, 040,
 * 144, 161 and activity codes 1N, 2Q, EP, ZP) already map to available_for_pickup, because UPS
 * reports them while the parcel waits; "Delivered by Local Post Office" (026) is a delivery to the
 * address and does not count.
 */
const ACCESS_POINT_DELIVERY_CODES = new Set(['143']);

/** True for a delivery scan that left the parcel with an agent rather than the recipient (see above). */
export function isUpsAccessPointDelivery(status: UpsStatusCodes): boolean {
  const code = normaliseStatusCode(status.statusCode);
  return code !== undefined && ACCESS_POINT_DELIVERY_CODES.has(code) && mapUpsStatus(status) === ShipmentStatus.DELIVERED;
}

/** UPS status codes that mean "delayed" (weather, emergencies, security): the shipment's delayed flag. */
export function isUpsDelayStatus(statusCode: string | undefined): boolean {
  const code = normaliseStatusCode(statusCode);
  return code !== undefined && DELAY_CODES.has(code);
}

/**
 * After one of these, a later delivery scan is the parcel reaching its sender, not the recipient
 * (UPS reports it as an ordinary type D).
 */
export function isUpsReturnUnderwayStatus(statusCode: string | undefined): boolean {
  const code = normaliseStatusCode(statusCode);
  return code !== undefined && RETURN_UNDERWAY_CODES.has(code);
}

function normaliseStatusCode(statusCode: string | undefined): string | undefined {
  const trimmed = statusCode?.trim();
  if (!trimmed) return undefined;
  return /^\d{1,3}$/.test(trimmed) ? trimmed.padStart(3, '0') : trimmed;
}
