import {
  CancellationScope,
  condition,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  makeContinueAsNewFunc,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { CarrierActivities, PollCarrierResult } from '../../activities/carriers/poll-carrier.activity';
import type { ReadModelActivities } from '../../activities/read-model/read-model.activities';
import type { UnmatchedEventsActivities } from '../../activities/webhooks/unmatched-events.activities';
import { shipmentUpdatedSignal, type ShipmentUpdate } from '../order/order.messages';
import { continueAsNewDue } from '../shared/continue-as-new';
import { activityFailureType } from '../shared/failures';
import { carrierTaskQueue, orderWorkflowId } from '../shared/ids';
import { DEFAULT_LIFECYCLE_POLICY, type LifecyclePolicy } from '../shared/lifecycle-policy';
import { SHIPMENT_STATUS } from '../shared/search-attributes';
import { ShipmentStatus } from '../shared/vocabulary';
import { adaptivePollInterval, phasePollInterval, type PollPolicy } from './polling';
import {
  afterCarrierRead,
  applyClocks,
  awaitingSecondRead,
  isDeliveryConfirmed,
  manuallyDelivered,
  nextDeadline,
  startLifecycle,
  type DeliveryRead,
} from './shipment-lifecycle';
import {
  carrierEventsSignal,
  getShipmentQuery,
  markDeliveredManuallySignal,
  refreshNowSignal,
  type CarrierEventsInput,
  type ManualDeliveryInput,
} from './shipment.messages';
import {
  applySnapshot,
  applyTrackingEvents,
  initialShipmentState,
  isShipmentFinished,
  type ShipmentChange,
  type ShipmentState,
} from './shipment.state';
import { toShipmentView, type ShipmentView, type ShipmentWorkflowInput } from './shipment.types';

const { upsertShipmentReadModel } = proxyActivities<ReadModelActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});

const { takeUnmatchedCarrierEvents } = proxyActivities<UnmatchedEventsActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});

/** Patch IDs: each guards a change to workflow code, so histories written before it still replay. */
const Patches = {
  /** Pushed events that arrived before the shipment existed are taken in at its start. */
  TAKE_UNMATCHED_PUSHES: 'take-unmatched-webhook-events',
  /** The ETA- and push-aware schedule replaced the phase-only one. */
  ADAPTIVE_POLLING: 'adaptive-polling',
  /** Stall, loss and follow-up clocks, delivery confirmation by a second read, manual delivery. */
  LIFECYCLE: 'shipment-lifecycle',
  /**
   * Support's refresh restarts the poll with no wait. Checked when a refresh is handled: a refresh
   * signal buffered by a worker without a handler must not, on replay, start a poll it never started.
   */
  REFRESH_NOW: 'refresh-now',
} as const;

function pollInterval(state: ShipmentState, policy: PollPolicy): number {
  if (!patched(Patches.ADAPTIVE_POLLING)) return phasePollInterval(state.status, policy);
  return adaptivePollInterval(
    { status: state.status, estimatedDelivery: state.estimatedDelivery, lastPushAt: state.lastPushAt, now: Date.now() },
    policy,
  );
}

type PollOutcome = { result: PollCarrierResult } | { error: unknown };

interface ActivePoll {
  intervalMs: number;
  /** A confirming poll answers with whatever the carrier says, news or not: it is the second read of a delivery. */
  confirming: boolean;
  scope: CancellationScope;
  outcome?: PollOutcome;
}

interface PollPlan {
  intervalMs: number;
  confirming: boolean;
  /** Overrides the wait before the first call. */
  firstCallDelayMs?: number;
}

/**
 * Starts one carrier poll on the carrier's task queue. The activity's retries are the polling loop:
 * it only completes when the carrier has news, so a quiet parcel adds nothing to history.
 */
function startPoll(state: ShipmentState, plan: PollPlan, firstCallDelayMs: number): ActivePoll {
  const { intervalMs, confirming } = plan;
  const { pollCarrier } = proxyActivities<CarrierActivities>({
    taskQueue: carrierTaskQueue(state.carrier),
    startToCloseTimeout: '2m',
    retry: { initialInterval: intervalMs, backoffCoefficient: 1, maximumInterval: intervalMs },
  });
  const poll: ActivePoll = { intervalMs, confirming, scope: new CancellationScope() };
  const lastDigest = confirming ? undefined : state.lastPollDigest;
  const request = { carrier: state.carrier, trackingNumber: state.trackingNumber, lastDigest, intervalMs, firstCallDelayMs };
  void poll.scope
    .run(() => pollCarrier(request))
    .then(
      (result) => void (poll.outcome = { result }),
      (error: unknown) => void (poll.outcome = { error }),
    );
  return poll;
}

/** What the parent and the search attributes last heard, to tell them only about real news. */
interface Published {
  status?: string;
  estimate?: string;
  /** Lifecycle facts the parent acts on; only tracked by runs with the lifecycle. */
  lifecycle?: string;
}

const now = (): string => new Date().toISOString();

/**
 * Follows one tracking number to a final state: polls the carrier on a schedule that follows the
 * parcel's phase, takes pushed carrier events as signals, runs the stall, loss, follow-up and
 * confirmation clocks, and reports every change through `publish`.
 */
export async function shipmentWorkflow(input: ShipmentWorkflowInput): Promise<ShipmentView> {
  // Runs whose history predates the lifecycle keep behaving as they did.
  const policy: LifecyclePolicy | undefined = patched(Patches.LIFECYCLE) ? (input.lifecycle ?? DEFAULT_LIFECYCLE_POLICY) : undefined;
  let state = input.state ?? initialShipmentState(input.shipment);
  if (policy && !state.lifecycle) state = { ...state, lifecycle: startLifecycle(now()) };
  const applyOptions = { accessPointCountsAsPickup: policy?.accessPointCountsAsPickup };
  const inbox: CarrierEventsInput[] = [];
  let manualDelivery: ManualDeliveryInput | undefined;
  setHandler(getShipmentQuery, () => toShipmentView(state));
  setHandler(carrierEventsSignal, (batch) => {
    // Signals are not validated by Temporal; a malformed one must not wedge the workflow.
    if (Array.isArray(batch?.events)) inbox.push(batch);
    else log.warn('Ignored a malformed carrierEvents signal', { shipmentId: state.shipmentId });
  });
  if (policy) setHandler(markDeliveredManuallySignal, (request) => void (manualDelivery = request));
  let refreshRequested = false;
  setHandler(refreshNowSignal, () => void (refreshRequested = true));

  const published: Published = input.state
    ? { status: state.status, estimate: JSON.stringify(state.estimatedDelivery), lifecycle: policy && lifecycleFacts(state) }
    : {};
  if (!input.state) await publish(state, published, policy);
  // The carrier may have pushed before the platform told us about the parcel (sandbox parcels do).
  // Taken alongside the first poll rather than before it, so signals are handled meanwhile.
  let takingUnmatched = !input.state && patched(Patches.TAKE_UNMATCHED_PUSHES);
  if (takingUnmatched) {
    void takeUnmatchedCarrierEvents({ carrier: state.carrier, trackingNumber: state.trackingNumber })
      .then((batches) => inbox.push(...batches))
      .catch((err: unknown) => log.warn('Could not take pushes kept for this parcel', { shipmentId: state.shipmentId, error: String(err) }))
      .finally(() => (takingUnmatched = false));
  }

  /** Folds a carrier read into the clocks; true when that is news for the parent. */
  const recordRead = (change: ShipmentChange, source: DeliveryRead, events: CarrierEventsInput['events']): void => {
    if (!policy || !state.lifecycle) return;
    const lifecycle = afterCarrierRead(
      state.lifecycle,
      { source, newEvents: change.newEvents, events, status: state.status, ladderStatus: state.ladderStatus },
      policy,
      now(),
    );
    state = withLifecycle(state, lifecycle);
  };
  // A run with the lifecycle ends a delivered parcel only once a second read (or an admin) confirmed it.
  const settled = (): boolean => isShipmentFinished(state) && (!policy || state.ladderStatus !== ShipmentStatus.DELIVERED || isDeliveryConfirmed(state.lifecycle));

  let poll: ActivePoll | undefined;
  // A new parcel is polled at once; after continue-as-new, the usual interval applies.
  let nextCallDelayMs: number | undefined = input.state ? undefined : 0;
  const continueAsNewDueNow = () => continueAsNewDue(input.continueAsNewAtHistoryLength);

  for (;;) {
    const finished = settled();
    const refresh = refreshRequested && !finished && patched(Patches.REFRESH_NOW);
    refreshRequested = false;
    if (!finished) {
      const plan = pollPlan(state, input.pollPolicy, policy);
      if (refresh || !poll || poll.intervalMs !== plan.intervalMs || poll.confirming !== plan.confirming) {
        poll?.scope.cancel();
        poll = startPoll(state, plan, refresh ? 0 : (nextCallDelayMs ?? plan.firstCallDelayMs ?? plan.intervalMs));
        nextCallDelayMs = undefined;
      }
    }
    const current = poll;
    const woken = () =>
      finished || current?.outcome !== undefined || inbox.length > 0 || manualDelivery !== undefined || refreshRequested || continueAsNewDueNow();
    const deadline = policy && state.lifecycle && !finished ? nextDeadline(state.lifecycle, state, policy) : undefined;
    let clocksRanOut = false;
    if (deadline === undefined) await condition(woken);
    else clocksRanOut = !(await condition(woken, Math.max(1, deadline - Date.now())));

    const before = state;
    let changed = false;
    if (current?.outcome) {
      poll = undefined;
      if ('result' in current.outcome) {
        const change = applySnapshot(state, current.outcome.result.snapshot, current.outcome.result.digest, applyOptions);
        state = change.state;
        changed ||= change.changed;
        recordRead(change, 'poll', current.outcome.result.snapshot.events);
      } else if (!isCancellation(current.outcome.error)) {
        // Only permanent failures get here (bad credentials, a rejected number): wait, then try again.
        log.warn('Carrier poll failed permanently; backing off', { carrier: state.carrier, failure: activityFailureType(current.outcome.error) });
        nextCallDelayMs = input.pollPolicy.failureBackoffMs;
      }
    }
    for (let batch = inbox.shift(); batch; batch = inbox.shift()) {
      const change = applyTrackingEvents(state, batch.events, applyOptions);
      state = {
        ...change.state,
        lastPushAt: change.changed ? new Date().toISOString() : change.state.lastPushAt,
        estimatedDelivery: batch.estimatedDelivery ?? change.state.estimatedDelivery,
        proofOfDelivery: batch.proofOfDelivery ?? change.state.proofOfDelivery,
        pickup: batch.pickup ?? change.state.pickup,
      };
      recordRead(change, 'push', batch.events);
      const carriesFacts = batch.estimatedDelivery !== undefined || batch.proofOfDelivery !== undefined || batch.pickup !== undefined;
      changed ||= change.changed || carriesFacts;
    }
    if (manualDelivery && policy) {
      state = deliveredManually(state, manualDelivery);
      manualDelivery = undefined;
    }
    if (clocksRanOut && policy) state = afterClocks(state, policy);
    if (policy && state.revision === before.revision && changed) state = { ...state, revision: state.revision + 1 };
    changed ||= state.revision !== before.revision;
    if (changed) await publish(state, published, policy);

    // Close or continue only with an empty inbox, checked without an await in between, so no
    // signal that reached this run is left behind.
    if (inbox.length > 0) continue;
    if (takingUnmatched) {
      if (settled() || continueAsNewDueNow()) await condition(() => !takingUnmatched);
      if (inbox.length > 0) continue;
    }
    if (settled()) {
      poll?.scope.cancel();
      return toShipmentView(state);
    }
    if (continueAsNewDueNow()) {
      poll?.scope.cancel();
      const continueAsNew = makeContinueAsNewFunc<typeof shipmentWorkflow>({ typedSearchAttributes: workflowInfo().typedSearchAttributes });
      return continueAsNew({ ...input, state });
    }
  }
}

function pollPlan(state: ShipmentState, pollPolicy: PollPolicy, policy: LifecyclePolicy | undefined): PollPlan {
  if (policy && awaitingSecondRead(state.lifecycle)) {
    return { intervalMs: pollPolicy.outForDeliveryMs, confirming: true, firstCallDelayMs: policy.deliveryConfirmDelayMs };
  }
  return { intervalMs: pollInterval(state, pollPolicy), confirming: false };
}

/** Replaces the clocks; a change the parent acts on is a new revision. */
function withLifecycle(state: ShipmentState, lifecycle: NonNullable<ShipmentState['lifecycle']>): ShipmentState {
  if (lifecycle === state.lifecycle) return state;
  const next = { ...state, lifecycle };
  return lifecycleFacts(next) === lifecycleFacts(state) ? next : { ...next, revision: next.revision + 1 };
}

function deliveredManually(state: ShipmentState, request: ManualDeliveryInput): ShipmentState {
  if (state.manualDelivery || !state.lifecycle) return state;
  // A parcel already returned or lost stays so here; the order records the admin's word.
  if (isShipmentFinished(state) && state.ladderStatus !== ShipmentStatus.DELIVERED) return state;
  const at = now();
  return {
    ...state,
    status: ShipmentStatus.DELIVERED,
    ladderStatus: ShipmentStatus.DELIVERED,
    manualDelivery: { at, keyId: request.keyId, note: request.note },
    lifecycle: manuallyDelivered(state.lifecycle, at),
    revision: state.revision + 1,
  };
}

function afterClocks(state: ShipmentState, policy: LifecyclePolicy): ShipmentState {
  if (!state.lifecycle) return state;
  const outcome = applyClocks(state.lifecycle, state, policy, now());
  if (!outcome.changed) return state;
  if (outcome.endAs) {
    log.info('No carrier movement for too long; ending the parcel', { shipmentId: state.shipmentId, endAs: outcome.endAs });
    return { ...state, status: outcome.endAs, ladderStatus: outcome.endAs, lifecycle: outcome.lifecycle, revision: state.revision + 1 };
  }
  return withLifecycle(state, outcome.lifecycle);
}

/** The lifecycle facts the order acts on, as one comparable string. */
function lifecycleFacts(state: ShipmentState): string {
  const l = state.lifecycle;
  return JSON.stringify([
    state.attempts,
    state.pickup,
    state.proofOfDelivery,
    l?.stallCount,
    !!l?.stalledSince,
    l?.attemptOverdue,
    l?.delivery?.confirmedBy,
    l?.delivery?.overdue,
    !!l?.declaredLostAt,
  ]);
}

function shipmentUpdateOf(state: ShipmentState, withLifecycleFacts: boolean): ShipmentUpdate {
  const update: ShipmentUpdate = {
    shipmentId: state.shipmentId,
    revision: state.revision,
    status: state.status,
    ladderStatus: state.ladderStatus,
    estimatedDelivery: state.estimatedDelivery,
    proofOfDelivery: state.proofOfDelivery,
    lastEventAt: state.lastEventAt,
  };
  const l = state.lifecycle;
  if (!withLifecycleFacts || !l) return update;
  return {
    ...update,
    attempts: state.attempts,
    pickup: state.pickup,
    stallCount: l.stallCount,
    stalled: !!l.stalledSince,
    attemptOverdue: l.attemptOverdue,
    deliveryConfirmedBy: l.delivery?.confirmedBy,
    deliveryUnconfirmedOverdue: l.delivery?.overdue,
    declaredLost: !!l.declaredLostAt,
  };
}

/**
 * The one place a shipment change leaves the workflow: the read model, the search attributes, and
 * the parent order, in that order.
 */
async function publish(state: ShipmentState, published: Published, policy: LifecyclePolicy | undefined): Promise<void> {
  await upsertShipmentReadModel(toShipmentView(state));
  const estimate = JSON.stringify(state.estimatedDelivery);
  const lifecycle = policy && lifecycleFacts(state);
  if (state.status === published.status && estimate === published.estimate && lifecycle === published.lifecycle) return;
  if (state.status !== published.status) upsertSearchAttributes([{ key: SHIPMENT_STATUS, value: state.status }]);
  published.status = state.status;
  published.estimate = estimate;
  published.lifecycle = lifecycle;
  try {
    await getExternalWorkflowHandle(orderWorkflowId(state.orderId)).signal(shipmentUpdatedSignal, shipmentUpdateOf(state, !!policy));
  } catch (err) {
    // The order may have been terminated by an operator; the shipment still finishes its own job.
    log.warn('Could not tell the order about a shipment change', { shipmentId: state.shipmentId, error: String(err) });
  }
}
