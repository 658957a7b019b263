import { ShipmentStatus } from '../../../workflows/shared/vocabulary';
import type { EasypostStatus } from './easypost.schemas';

/*
 * EasyPost's status and status_detail (carriers.md §5.2 and its mapping table) to Waybill's
 * vocabulary. The status says where the parcel is in its journey; a few details say more than the
 * status can, so they are consulted first. Both vocabularies are EasyPost's own, normalised across
 * carriers, so no carrier-specific code is needed here.
 */

const BY_STATUS: Record<EasypostStatus, ShipmentStatus> = {
  unknown: ShipmentStatus.PENDING,
  pre_transit: ShipmentStatus.INFO_RECEIVED,
  in_transit: ShipmentStatus.IN_TRANSIT,
  out_for_delivery: ShipmentStatus.OUT_FOR_DELIVERY,
  available_for_pickup: ShipmentStatus.AVAILABLE_FOR_PICKUP,
  delivered: ShipmentStatus.DELIVERED,
  // EasyPost keeps return_to_sender for the whole way back, so it means the return is underway; the
  // caller reads a later delivery as the sender getting the parcel back.
  return_to_sender: ShipmentStatus.RETURNING,
  failure: ShipmentStatus.EXCEPTION,
  // A voided label will not travel.
  cancelled: ShipmentStatus.EXCEPTION,
  error: ShipmentStatus.EXCEPTION,
};

/**
 * Details that override the status. Lost stays an exception, as carriers.md's table has it: a
 * terminal "lost" would stop tracking a parcel carriers often find again.
 */
const BY_DETAIL = new Map<string, ShipmentStatus>([
  // An attempt that failed, reported under in_transit or failure ([design choice] in carriers.md).
  ['delivery_exception', ShipmentStatus.ATTEMPT_FAILED],
  ['return', ShipmentStatus.RETURNING],
  ['lost', ShipmentStatus.EXCEPTION],
  ['damaged', ShipmentStatus.EXCEPTION],
  ['refused', ShipmentStatus.EXCEPTION],
  ['transit_exception', ShipmentStatus.EXCEPTION],
  ['cancelled', ShipmentStatus.EXCEPTION],
  // EasyPost gave up on a number the carrier never reported (the unified "Expired").
  ['expired', ShipmentStatus.EXPIRED],
]);

/**
 * Statuses no detail changes: the parcel is with the recipient or about to be, or on its way back
 * (where "refused" or "delivery_exception" explain the return rather than start a new state).
 */
const SETTLED_STATUSES: ReadonlySet<string> = new Set(['delivered', 'available_for_pickup', 'out_for_delivery', 'return_to_sender']);

export interface EasypostStatusCodes {
  status: string;
  statusDetail?: string;
}

/** Maps one EasyPost status (a tracker's or a tracking detail's) to Waybill's vocabulary. */
export function mapEasypostStatus({ status, statusDetail }: EasypostStatusCodes): ShipmentStatus {
  const normalisedStatus = status.trim().toLowerCase();
  const detail = statusDetail?.trim().toLowerCase();
  const byDetail = detail ? BY_DETAIL.get(detail) : undefined;
  if (byDetail && !SETTLED_STATUSES.has(normalisedStatus)) {
    // "expired" only ever means expired when EasyPost knows nothing else about the parcel.
    if (byDetail !== ShipmentStatus.EXPIRED || normalisedStatus === 'unknown') return byDetail;
  }
  if (isEasypostStatus(normalisedStatus)) return BY_STATUS[normalisedStatus];
  // A status EasyPost has added since: it reports something, which is at least movement.
  return ShipmentStatus.IN_TRANSIT;
}

function isEasypostStatus(status: string): status is EasypostStatus {
  return Object.prototype.hasOwnProperty.call(BY_STATUS, status);
}
