import type { ScenarioDefinition, ScenarioStep, StepKind } from './scenario.types';

export interface TimelineParcel {
  createdAt: Date;
  /** How many times faster than real time the scenario plays; 1 is real time. */
  speed: number;
  scenario: ScenarioDefinition;
}

/** A step that has happened, with its real wall-clock times. */
export interface VisibleStep extends ScenarioStep {
  occurredAt: Date;
  /** `eta_updated`: the new estimated delivery. */
  eta?: Date;
  /** `held_for_pickup`: when the pickup point stops holding the parcel. */
  holdUntil?: Date;
}

export interface Timeline {
  /** False when the carrier has never heard of the parcel. */
  knownToCarrier: boolean;
  /** Oldest first. */
  steps: VisibleStep[];
  /** The current estimate; null before any estimate exists and once delivery is no longer pending. */
  estimatedDelivery: Date | null;
  /** True once an `eta_updated` step has moved the first estimate. */
  etaRescheduled: boolean;
  /** When the next step becomes visible; null when the scenario has played out. */
  nextStepAt: Date | null;
}

/**
 * After these, the parcel is no longer "on its way to the customer", so carriers stop quoting a
 * delivery estimate.
 */
const KINDS_THAT_END_THE_ESTIMATE: ReadonlySet<StepKind> = new Set<StepKind>([
  'delivered',
  'delivered_signed',
  'held_for_pickup',
  'picked_up_by_customer',
  'return_to_sender',
  'returned_to_sender',
  'exception_damaged',
]);

/** Real time of a simulated offset: simulated minutes shrink by `speed`. */
export function simulatedToReal(createdAt: Date, speed: number, simulatedMinutes: number): Date {
  if (!Number.isFinite(speed) || speed <= 0) throw new RangeError(`speed must be a positive number, got ${speed}`);
  return new Date(createdAt.getTime() + Math.round((simulatedMinutes * 60_000) / speed));
}

/** Which steps of the parcel's scenario have happened by `now`, and the estimate they leave. */
export function playTimeline(parcel: TimelineParcel, now: Date): Timeline {
  const { createdAt, speed, scenario } = parcel;
  const toReal = (minutes: number): Date => simulatedToReal(createdAt, speed, minutes);
  const steps: VisibleStep[] = [];
  let estimate = scenario.etaAt === null ? null : toReal(scenario.etaAt);
  let etaRescheduled = false;
  let nextStepAt: Date | null = null;

  for (const step of scenario.steps) {
    const occurredAt = toReal(step.at);
    // Steps at or before creation are the parcel's history: visible even if the clock lags a little.
    if (step.at > 0 && occurredAt.getTime() > now.getTime()) {
      nextStepAt = occurredAt;
      break;
    }
    const visible: VisibleStep = { ...step, occurredAt };
    if (step.kind === 'eta_updated' && step.etaAt !== undefined) {
      visible.eta = toReal(step.etaAt);
      estimate = visible.eta;
      etaRescheduled = true;
    }
    if (step.holdUntilAt !== undefined) visible.holdUntil = toReal(step.holdUntilAt);
    if (KINDS_THAT_END_THE_ESTIMATE.has(step.kind)) estimate = null;
    steps.push(visible);
  }

  return { knownToCarrier: scenario.knownToCarrier, steps, estimatedDelivery: estimate, etaRescheduled, nextStepAt };
}
