import type { EstimatedDelivery } from '../shared/tracking';
import { ShipmentStatus } from '../shared/vocabulary';

/**
 * How often to ask the carrier, in milliseconds. It arrives in workflow input (from configuration),
 * so tuning it never touches workflow code. Fields added after the first release are optional:
 * workflows started before them carry policies without them.
 */
export interface PollPolicy {
  preTransitMs: number;
  inTransitMs: number;
  outForDeliveryMs: number;
  awaitingPickupMs: number;
  exceptionMs: number;
  /** Wait after a permanent carrier failure (bad credentials, a rejected number) before trying again. */
  failureBackoffMs: number;
  /** After a failed delivery attempt: the carrier tries again or holds the parcel, usually the next business day. */
  attemptFailedMs?: number;
  /** In transit, the interval is multiplied by `farEtaSlowdown` while the estimated delivery is more than `farEtaMs` away. */
  farEtaMs?: number;
  farEtaSlowdown?: number;
  /**
   * While the carrier's pushes keep the shipment current (the latest within `pushFreshMs`), polling
   * is only a safety net: every interval is multiplied by `pushSlowdown`.
   */
  pushFreshMs?: number;
  pushSlowdown?: number;
}

type AdaptiveKnobs = Required<Pick<PollPolicy, 'farEtaMs' | 'farEtaSlowdown' | 'pushFreshMs' | 'pushSlowdown'>>;

export const ADAPTIVE_POLL_DEFAULTS: Readonly<AdaptiveKnobs> = {
  farEtaMs: 2 * 24 * 60 * 60_000,
  farEtaSlowdown: 2,
  pushFreshMs: 24 * 60 * 60_000,
  pushSlowdown: 4,
};

/** What the adaptive schedule looks at; `now` is workflow time. */
export interface PollContext {
  status: ShipmentStatus;
  estimatedDelivery?: EstimatedDelivery;
  /** Workflow time of the last pushed carrier event that was news, ISO-8601. */
  lastPushAt?: string;
  now: number;
}

/** The first schedule: by phase only. Kept for workflows whose history was written with it. */
export function phasePollInterval(status: ShipmentStatus, policy: PollPolicy): number {
  switch (status) {
    case ShipmentStatus.PENDING:
    case ShipmentStatus.INFO_RECEIVED:
      return policy.preTransitMs;
    case ShipmentStatus.OUT_FOR_DELIVERY:
    case ShipmentStatus.ATTEMPT_FAILED:
      return policy.outForDeliveryMs;
    case ShipmentStatus.AVAILABLE_FOR_PICKUP:
      return policy.awaitingPickupMs;
    case ShipmentStatus.EXCEPTION:
      return policy.exceptionMs;
    default:
      return policy.inTransitMs;
  }
}

/**
 * The schedule: slow before pickup, slower still in transit while delivery is days away, fast on
 * the delivery day, medium after a failed attempt, and rare while pushes are arriving. Jitter is
 * added by the poll activity, outside the workflow, so the schedule stays deterministic.
 */
export function adaptivePollInterval(context: PollContext, policy: PollPolicy): number {
  const { farEtaMs, farEtaSlowdown, pushFreshMs, pushSlowdown } = { ...ADAPTIVE_POLL_DEFAULTS, ...definedOnly(policy) };
  let interval: number;
  if (context.status === ShipmentStatus.ATTEMPT_FAILED) {
    interval = policy.attemptFailedMs ?? policy.exceptionMs;
  } else {
    interval = phasePollInterval(context.status, policy);
    if (context.status === ShipmentStatus.IN_TRANSIT) {
      const eta = estimateMs(context.estimatedDelivery);
      if (eta !== undefined && eta - context.now > farEtaMs) interval *= farEtaSlowdown;
    }
  }
  const lastPush = context.lastPushAt ? Date.parse(context.lastPushAt) : Number.NaN;
  if (context.now - lastPush <= pushFreshMs) interval *= pushSlowdown;
  return Math.round(interval);
}

/** The latest moment the carrier promises, in epoch ms; undefined when it promises nothing usable. */
export function estimateMs(estimate: EstimatedDelivery | undefined): number | undefined {
  if (!estimate) return undefined;
  const candidate = estimate.to ?? estimate.from ?? (estimate.date ? `${estimate.date}T23:59:59Z` : undefined);
  const ms = candidate ? Date.parse(candidate) : Number.NaN;
  return Number.isNaN(ms) ? undefined : ms;
}

function definedOnly(policy: PollPolicy): Partial<AdaptiveKnobs> {
  const picked: Partial<AdaptiveKnobs> = {};
  for (const key of Object.keys(ADAPTIVE_POLL_DEFAULTS) as Array<keyof AdaptiveKnobs>) {
    const value = policy[key];
    if (value !== undefined) picked[key] = value;
  }
  return picked;
}
