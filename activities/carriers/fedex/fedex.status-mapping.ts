import { ShipmentStatus } from '../../../workflows/shared/vocabulary';

/*
 * Tables from FedEx's "Tracking Status Codes" (carrier-specs/fedex/Tracking-Status-Codes.html) and
 * carriers.md §2.4. FedEx gives two codes per status: the scan code (`eventType` on a scan,
 * `code` on `latestStatusDetail`) and a coarser "derived" code. Neither is enough alone:
 * - the package's derived code is the better summary (`FD` "At FedEx destination facility" is
 *   derived `RL` "Running late"), so the package is mapped by `derivedCode`, falling back to `code`;
 * - on scans the derived code is lossy or wrong: OD, AR and even HP ("Ready for recipient pickup")
 *   carry derived `IT`, and an RS "Returning package to shipper" scan has been seen carrying derived
 *   `DL` (FedEx sandbox). Scans are therefore mapped by `eventType`, and the derived code is only
 *   the fallback for an event type FedEx has not documented.
 */

const CODE_TABLE: ReadonlyArray<readonly [ShipmentStatus, readonly string[]]> = [
  // IN "Initiated" / "Label created" is the derived code of OC; OX is the USPS hand-off notice.
  [ShipmentStatus.INFO_RECEIVED, ['IN', 'OC', 'OX']],
  // Not in carriers.md's table: the pickup stage (at pickup, enroute to pickup, vehicle dispatched,
  // vehicle not used). FedEx does not have the parcel yet, so these must not read as "shipped".
  [ShipmentStatus.INFO_RECEIVED, ['AP', 'EP', 'DS', 'DR']],
  [
    ShipmentStatus.IN_TRANSIT,
    ['PU', 'PX', 'IT', 'IX', 'AR', 'AF', 'AO', 'AE', 'AA', 'AC', 'AX', 'DP', 'LO', 'OF', 'FD', 'SF', 'PL', 'PF', 'PM'],
  ],
  [ShipmentStatus.IN_TRANSIT, ['EA', 'EO', 'TR', 'OW', 'CC', 'CP']],
  // Running late and the delays keep the parcel moving; isFedexDelayCode raises the flag.
  [ShipmentStatus.IN_TRANSIT, ['RL', 'DY', 'DD', 'PD']],
  [ShipmentStatus.OUT_FOR_DELIVERY, ['OD', 'ED', 'AD']],
  [ShipmentStatus.AVAILABLE_FOR_PICKUP, ['HL', 'HP']],
  [ShipmentStatus.DELIVERED, ['DL']],
  // DE "Delivery exception" is refined by its reason (mapFedexScan, mapFedexLatestStatus).
  [ShipmentStatus.EXCEPTION, ['SE', 'DE', 'CD', 'CA']],
  [ShipmentStatus.RETURNING, ['RS']],
];

const BY_CODE = new Map<string, ShipmentStatus>(CODE_TABLE.flatMap(([status, codes]) => codes.map((code) => [code, status] as const)));

const DELAY_CODES = new Set(['RL', 'DY', 'DD', 'PD']);

/**
 * Reason codes meaning "nobody could take the parcel": exception 08 "Customer not available or
 * business closed" (live answers) and 007 (carriers.md's sandbox list). Compared verbatim: FedEx
 * codes are strings, and "7" and "007" need not mean the same.
 */
const ATTEMPT_REASON_CODES = new Set(['007', '08']);
/** "Returning package to shipper" as an ancillary reason (FedEx sandbox, carriers.md §2.4). */
const RETURN_REASON_CODES = new Set(['060G']);

/*
 * The wording fallbacks below read English text. That is reliable only because the adapter asks
 * for `x-locale: en_US`; they catch reason codes FedEx has not published, never override a code.
 */
const ATTEMPT_WORDING = /customer not available|business closed|no one available|recipient not available/i;
const RETURN_WORDING = /return(?:ing|ed)? (?:package )?to (?:the )?(?:shipper|sender)/i;

export const FedexCommitMessage = {
  FIRST_ATTEMPT: 'FIRST_DELIVERY_ATTEMPTED',
  SUBSEQUENT_ATTEMPT: 'SUBSEQUENT_DELIVERY_ATTEMPTED',
  FINAL_ATTEMPT: 'FINAL_DELIVERY_ATTEMPTED',
  /** Also the `_WITH_ADDRESS` variant; not HELD_PACKAGE_NOT_AVAILABLE_FOR_RECIPIENT_PICKUP. */
  HELD_AVAILABLE: 'HELD_PACKAGE_AVAILABLE_FOR_RECIPIENT_PICKUP',
} as const;

const ATTEMPT_COMMIT_MESSAGES: ReadonlySet<string> = new Set([
  FedexCommitMessage.FIRST_ATTEMPT,
  FedexCommitMessage.SUBSEQUENT_ATTEMPT,
  FedexCommitMessage.FINAL_ATTEMPT,
]);

/** A reason FedEx gives for an exception: a scan's exception code and text, or an ancillary detail. */
export interface FedexReason {
  code?: string;
  description?: string;
}

export interface FedexScanCodes {
  eventType?: string;
  derivedStatusCode?: string;
  exceptionCode?: string;
  exceptionDescription?: string;
}

export interface FedexLatestStatusCodes {
  code?: string;
  derivedCode?: string;
  /** `latestStatusDetail.ancillaryDetails`, as reasons. */
  reasons?: readonly FedexReason[];
  /** `deliveryDetails.deliveryAttempts`. */
  deliveryAttempts?: number;
  /** `serviceCommitMessage.type`. */
  commitMessage?: string;
}

/** Maps one FedEx code (scan code or derived code) on its own; undefined when FedEx has not documented it. */
export function mapFedexCode(code: string | undefined): ShipmentStatus | undefined {
  const key = normaliseCode(code);
  return key ? BY_CODE.get(key) : undefined;
}

/** Maps one scan event, by its event type (see the note at the top of this file). */
export function mapFedexScan(scan: FedexScanCodes): ShipmentStatus {
  const eventType = normaliseCode(scan.eventType);
  const reason: FedexReason = { code: scan.exceptionCode, description: scan.exceptionDescription };
  if (eventType === 'DE') return refineDeliveryException([reason], false);
  const status = mapFedexCode(eventType) ?? mapFedexCode(scan.derivedStatusCode);
  if (status) return status;
  // A code FedEx has not documented: the parcel is known and moving, nothing more can be said.
  return eventType || normaliseCode(scan.derivedStatusCode) ? ShipmentStatus.IN_TRANSIT : ShipmentStatus.PENDING;
}

/** Maps `latestStatusDetail`, with the package-level facts FedEx puts beside it. */
export function mapFedexLatestStatus(latest: FedexLatestStatusCodes): ShipmentStatus {
  const derived = normaliseCode(latest.derivedCode);
  const code = normaliseCode(latest.code);
  const reasons = latest.reasons ?? [];
  // The RS quirk in the other direction: an RS status with derived DL is a return, not a delivery.
  if (code === 'RS') return ShipmentStatus.RETURNING;
  const commitMessage = latest.commitMessage?.trim().toUpperCase() ?? '';
  if (derived === 'DE' || (!derived && code === 'DE')) {
    const attempted = (latest.deliveryAttempts ?? 0) > 0 || ATTEMPT_COMMIT_MESSAGES.has(commitMessage);
    return refineDeliveryException(reasons, attempted);
  }
  const status = mapFedexCode(derived) ?? mapFedexCode(code) ?? (derived || code ? ShipmentStatus.IN_TRANSIT : ShipmentStatus.PENDING);
  const stillOnItsWay = status === ShipmentStatus.IN_TRANSIT || status === ShipmentStatus.OUT_FOR_DELIVERY;
  if (stillOnItsWay && commitMessage.startsWith(FedexCommitMessage.HELD_AVAILABLE)) return ShipmentStatus.AVAILABLE_FOR_PICKUP;
  return status;
}

/**
 * Scan `locationType` values (track.openapi.json `ScanEvent.locationType`) of FedEx retail points
 * where a parcel can be left for collection: a DL scanned there was left at an access point.
 */
const ACCESS_POINT_SCAN_LOCATIONS = new Set(['FEDEX_OFFICE_LOCATION', 'SHIP_AND_GET_LOCATION']);
/**
 * `deliveryDetails.locationType` values meaning "left at a FedEx location". The rest of the enum
 * (RESIDENCE, RECEPTIONIST_OR_FRONT_DESK, MAILROOM, SHIPPING_RECEIVING, GUARD_OR_SECURITY_STATION,
 * LEASING_OFFICE, …) is somewhere at the recipient's address, which is an ordinary delivery.
 */
const ACCESS_POINT_DELIVERY_LOCATIONS = new Set(['FEDEX_LOCATION']);

export function isFedexAccessPointScanLocation(locationType: string | undefined): boolean {
  return ACCESS_POINT_SCAN_LOCATIONS.has(locationType?.trim().toUpperCase() ?? '');
}

export function isFedexAccessPointDeliveryLocation(locationType: string | undefined): boolean {
  return ACCESS_POINT_DELIVERY_LOCATIONS.has(locationType?.trim().toUpperCase() ?? '');
}

/** FedEx codes that mean "late" (running late, delays): the shipment's delayed flag. */
export function isFedexDelayCode(code: string | undefined): boolean {
  const key = normaliseCode(code);
  return key !== undefined && DELAY_CODES.has(key);
}

/** True when a reason says the parcel is on its way back to the shipper. */
export function isFedexReturnReason(reason: FedexReason): boolean {
  const code = reason.code?.trim().toUpperCase();
  return (code !== undefined && RETURN_REASON_CODES.has(code)) || RETURN_WORDING.test(reason.description ?? '');
}

/** True when a reason says nobody could take the parcel. */
export function isFedexAttemptReason(reason: FedexReason): boolean {
  const code = reason.code?.trim().toUpperCase();
  return (code !== undefined && ATTEMPT_REASON_CODES.has(code)) || ATTEMPT_WORDING.test(reason.description ?? '');
}

/**
 * DE covers three different things. A return reason wins over an attempt: after the final attempt
 * FedEx keeps counting the attempts while the parcel turns back.
 */
function refineDeliveryException(reasons: readonly FedexReason[], attempted: boolean): ShipmentStatus {
  if (reasons.some(isFedexReturnReason)) return ShipmentStatus.RETURNING;
  if (attempted || reasons.some(isFedexAttemptReason)) return ShipmentStatus.ATTEMPT_FAILED;
  return ShipmentStatus.EXCEPTION;
}

function normaliseCode(code: string | undefined): string | undefined {
  return code?.trim().toUpperCase() || undefined;
}
