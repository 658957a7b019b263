import type { EstimatedDelivery, PickupDetails, ProofOfDelivery, TrackingEvent, TrackingSnapshot } from '../shared/tracking';
import { ShipmentStatus, type Carrier } from '../shared/vocabulary';
import type { ManualDelivery, ShipmentLifecycle } from './shipment-lifecycle';
import { isSideStatus, isTerminalShipmentStatus, ladderRank } from './shipment-status-rules';

/**
 * A shipment's durable state, as plain JSON: it crosses continue-as-new and query boundaries.
 * Pure functions below decide every transition; the workflow only carries out their effects.
 */
export interface ShipmentState {
  shipmentId: string;
  orderId: string;
  carrier: Carrier;
  trackingNumber: string;
  trackingUrl: string;
  /** What the customer is shown: the ladder position, or a side state while it is the newest news. */
  status: ShipmentStatus;
  /** The furthest point on the ladder ever reached. Never moves back. */
  ladderStatus: ShipmentStatus;
  /** Carrier time of the newest event applied, ISO-8601. */
  lastEventAt?: string;
  /** Timeline, oldest first. Fingerprints in it are the dedupe set. */
  events: TrackingEvent[];
  estimatedDelivery?: EstimatedDelivery;
  proofOfDelivery?: ProofOfDelivery;
  attempts: number;
  /** Digest of the last carrier snapshot a poll returned; lets the poller skip unchanged answers. */
  lastPollDigest?: string;
  /** Workflow time when a pushed carrier event last brought news; polling relaxes while pushes flow. */
  lastPushAt?: string;
  /** Bumped on every change, so read-model writes and parent updates can be ordered. */
  revision: number;
  /** Where the parcel waits for the customer, while it does. */
  pickup?: PickupDetails;
  /** Clocks and delivery evidence; absent in runs that started before the lifecycle existed. */
  lifecycle?: ShipmentLifecycle;
  /** An admin's word that the parcel arrived, with their proof. */
  manualDelivery?: ManualDelivery;
}

export interface NewShipment {
  shipmentId: string;
  orderId: string;
  carrier: Carrier;
  trackingNumber: string;
  trackingUrl: string;
}

export function initialShipmentState(shipment: NewShipment): ShipmentState {
  return {
    ...shipment,
    status: ShipmentStatus.PENDING,
    ladderStatus: ShipmentStatus.PENDING,
    events: [],
    attempts: 0,
    revision: 1,
  };
}

export interface ShipmentChange {
  state: ShipmentState;
  /** Anything visible changed: timeline, status, estimate or proof of delivery. */
  changed: boolean;
  statusChanged: boolean;
  /** Events not seen before, oldest first. */
  newEvents: TrackingEvent[];
}

const instant = (iso: string): number => Date.parse(iso);

const byTime = (a: TrackingEvent, b: TrackingEvent): number => instant(a.occurredAt) - instant(b.occurredAt);

/** Where one event moves the status, given everything applied before it. */
function nextStatus(state: ShipmentState, event: TrackingEvent, isNewest: boolean): Pick<ShipmentState, 'status' | 'ladderStatus'> {
  const { status, ladderStatus } = state;
  if (isTerminalShipmentStatus(ladderStatus)) return { status, ladderStatus };
  if (isSideStatus(event.status)) {
    return isNewest ? { status: event.status, ladderStatus } : { status, ladderStatus };
  }
  if (ladderRank(event.status) > ladderRank(ladderStatus)) {
    // An older scan can still lift the ladder, but must not hide a newer side state.
    const showsSide = isSideStatus(status) && !isNewest && !isTerminalShipmentStatus(event.status);
    return { status: showsSide ? status : event.status, ladderStatus: event.status };
  }
  // A repeat of an earlier rung (a reattempt after a failed attempt, say) clears a side state.
  if (isNewest && isSideStatus(status)) return { status: ladderStatus, ladderStatus };
  return { status, ladderStatus };
}

export interface ApplyOptions {
  /** A delivered scan to an access point counts as available for pickup until the customer collects it. */
  accessPointCountsAsPickup?: boolean;
}

/** The events as this shipment's policy reads them. */
export function asPolicyReadsThem(events: readonly TrackingEvent[], options: ApplyOptions): TrackingEvent[] {
  if (!options.accessPointCountsAsPickup) return [...events];
  return events.map((e) => (e.status === ShipmentStatus.DELIVERED && e.atAccessPoint ? { ...e, status: ShipmentStatus.AVAILABLE_FOR_PICKUP } : e));
}

/**
 * Applies carrier events in time order. Events already seen (same fingerprint) are ignored, late or
 * out-of-order events join the timeline without regressing the status.
 */
export function applyTrackingEvents(previous: ShipmentState, incoming: readonly TrackingEvent[], options: ApplyOptions = {}): ShipmentChange {
  const seen = new Set(previous.events.map((e) => e.fingerprint));
  const fresh = asPolicyReadsThem(incoming, options).filter((e) => !seen.has(e.fingerprint) && !Number.isNaN(instant(e.occurredAt)));
  const newEvents = dedupeByFingerprint(fresh).sort(byTime);
  let state = previous;
  for (const event of newEvents) {
    const isNewest = state.lastEventAt === undefined || instant(event.occurredAt) >= instant(state.lastEventAt);
    state = {
      ...state,
      ...nextStatus(state, event, isNewest),
      events: [...state.events, event].sort(byTime),
      lastEventAt: isNewest ? event.occurredAt : state.lastEventAt,
      attempts: state.attempts + (event.status === ShipmentStatus.ATTEMPT_FAILED ? 1 : 0),
    };
  }
  return finish(previous, state, newEvents);
}

/** Applies a polled snapshot: its events, plus the carrier's estimate and proof of delivery. */
export function applySnapshot(previous: ShipmentState, snapshot: TrackingSnapshot, digest: string, options: ApplyOptions = {}): ShipmentChange {
  const afterEvents = applyTrackingEvents(previous, snapshot.events, options);
  const state: ShipmentState = {
    ...afterEvents.state,
    estimatedDelivery: snapshot.estimatedDelivery ?? afterEvents.state.estimatedDelivery,
    proofOfDelivery: snapshot.proofOfDelivery ?? afterEvents.state.proofOfDelivery,
    pickup: snapshot.pickup ?? afterEvents.state.pickup,
    attempts: Math.max(afterEvents.state.attempts, snapshot.attempts ?? 0),
    lastPollDigest: digest,
  };
  return finish(previous, state, afterEvents.newEvents);
}

function finish(previous: ShipmentState, next: ShipmentState, newEvents: TrackingEvent[]): ShipmentChange {
  const statusChanged = next.status !== previous.status;
  const changed =
    statusChanged ||
    newEvents.length > 0 ||
    next.attempts !== previous.attempts ||
    JSON.stringify(next.estimatedDelivery) !== JSON.stringify(previous.estimatedDelivery) ||
    JSON.stringify(next.proofOfDelivery) !== JSON.stringify(previous.proofOfDelivery) ||
    JSON.stringify(next.pickup) !== JSON.stringify(previous.pickup);
  const state = changed ? { ...next, revision: previous.revision + 1 } : next;
  return { state, changed, statusChanged, newEvents };
}

function dedupeByFingerprint(events: TrackingEvent[]): TrackingEvent[] {
  const byFingerprint = new Map<string, TrackingEvent>();
  for (const event of events) if (!byFingerprint.has(event.fingerprint)) byFingerprint.set(event.fingerprint, event);
  return [...byFingerprint.values()];
}

export const isShipmentFinished = (state: ShipmentState): boolean => isTerminalShipmentStatus(state.ladderStatus);
