import { ShipmentStatus } from '../shared/vocabulary';

/**
 * The shipment ladder. A shipment's ladder position only ever moves up; side states
 * (attempt failed, exception) are shown while they are the newest news but never move it back.
 */
const LADDER_RANK: Partial<Record<ShipmentStatus, number>> = {
  [ShipmentStatus.PENDING]: 0,
  [ShipmentStatus.INFO_RECEIVED]: 1,
  [ShipmentStatus.IN_TRANSIT]: 2,
  [ShipmentStatus.OUT_FOR_DELIVERY]: 3,
  [ShipmentStatus.AVAILABLE_FOR_PICKUP]: 4,
  [ShipmentStatus.DELIVERED]: 5,
  [ShipmentStatus.RETURNING]: 6,
  [ShipmentStatus.RETURNED]: 7,
  [ShipmentStatus.LOST]: 8,
  [ShipmentStatus.EXPIRED]: 8,
};

const TERMINAL: ReadonlySet<ShipmentStatus> = new Set([
  ShipmentStatus.DELIVERED,
  ShipmentStatus.RETURNED,
  ShipmentStatus.LOST,
  ShipmentStatus.EXPIRED,
]);

export const isSideStatus = (status: ShipmentStatus): boolean => LADDER_RANK[status] === undefined;

export const isTerminalShipmentStatus = (status: ShipmentStatus): boolean => TERMINAL.has(status);

/** Rank on the ladder; side states have none. */
export const ladderRank = (status: ShipmentStatus): number => LADDER_RANK[status] ?? -1;
