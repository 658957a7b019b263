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
import { shipmentUpdatedSignal } from '../order/order.messages';
import { continueAsNewDue } from '../shared/continue-as-new';
import { activityFailureType } from '../shared/failures';
import { carrierTaskQueue, orderWorkflowId } from '../shared/ids';
import { SHIPMENT_STATUS } from '../shared/search-attributes';
import { adaptivePollInterval, phasePollInterval, type PollPolicy } from './polling';
import { carrierEventsSignal, getShipmentQuery, type CarrierEventsInput } from './shipment.messages';
import { applySnapshot, applyTrackingEvents, initialShipmentState, isShipmentFinished, type ShipmentState } from './shipment.state';
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
  scope: CancellationScope;
  outcome?: PollOutcome;
}

/**
 * Starts one carrier poll on the carrier's task queue. The activity's retries are the polling loop:
 * it only completes when the carrier has news, so a quiet parcel adds nothing to history.
 */
function startPoll(state: ShipmentState, intervalMs: number, firstCallDelayMs: number): ActivePoll {
  const { pollCarrier } = proxyActivities<CarrierActivities>({
    taskQueue: carrierTaskQueue(state.carrier),
    startToCloseTimeout: '2m',
    retry: { initialInterval: intervalMs, backoffCoefficient: 1, maximumInterval: intervalMs },
  });
  const poll: ActivePoll = { intervalMs, scope: new CancellationScope() };
  const request = { carrier: state.carrier, trackingNumber: state.trackingNumber, lastDigest: state.lastPollDigest, intervalMs, firstCallDelayMs };
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
}

/**
 * Follows one tracking number to a final state: polls the carrier on a schedule that follows the
 * parcel's phase, takes pushed carrier events as signals, and reports every change through `publish`.
 */
export async function shipmentWorkflow(input: ShipmentWorkflowInput): Promise<ShipmentView> {
  let state = input.state ?? initialShipmentState(input.shipment);
  const inbox: CarrierEventsInput[] = [];
  setHandler(getShipmentQuery, () => toShipmentView(state));
  setHandler(carrierEventsSignal, (batch) => {
    // Signals are not validated by Temporal; a malformed one must not wedge the workflow.
    if (Array.isArray(batch?.events)) inbox.push(batch);
    else log.warn('Ignored a malformed carrierEvents signal', { shipmentId: state.shipmentId });
  });

  const published: Published = input.state ? { status: state.status, estimate: JSON.stringify(state.estimatedDelivery) } : {};
  if (!input.state) await publish(state, published);
  // The carrier may have pushed before the platform told us about the parcel (sandbox parcels do).
  // Taken alongside the first poll rather than before it, so signals are handled meanwhile.
  let takingUnmatched = !input.state && patched(Patches.TAKE_UNMATCHED_PUSHES);
  if (takingUnmatched) {
    void takeUnmatchedCarrierEvents({ carrier: state.carrier, trackingNumber: state.trackingNumber })
      .then((batches) => inbox.push(...batches))
      .catch((err: unknown) => log.warn('Could not take pushes kept for this parcel', { shipmentId: state.shipmentId, error: String(err) }))
      .finally(() => (takingUnmatched = false));
  }

  let poll: ActivePoll | undefined;
  // A new parcel is polled at once; after continue-as-new, the usual interval applies.
  let nextCallDelayMs: number | undefined = input.state ? undefined : 0;
  const continueAsNewDueNow = () => continueAsNewDue(input.continueAsNewAtHistoryLength);

  for (;;) {
    const finished = isShipmentFinished(state);
    if (!finished) {
      const intervalMs = pollInterval(state, input.pollPolicy);
      if (!poll || poll.intervalMs !== intervalMs) {
        poll?.scope.cancel();
        poll = startPoll(state, intervalMs, nextCallDelayMs ?? intervalMs);
        nextCallDelayMs = undefined;
      }
    }
    const current = poll;
    await condition(() => finished || current?.outcome !== undefined || inbox.length > 0 || continueAsNewDueNow());

    let changed = false;
    if (current?.outcome) {
      poll = undefined;
      if ('result' in current.outcome) {
        const change = applySnapshot(state, current.outcome.result.snapshot, current.outcome.result.digest);
        state = change.state;
        changed ||= change.changed;
      } else if (!isCancellation(current.outcome.error)) {
        // Only permanent failures get here (bad credentials, a rejected number): wait, then try again.
        log.warn('Carrier poll failed permanently; backing off', { carrier: state.carrier, failure: activityFailureType(current.outcome.error) });
        nextCallDelayMs = input.pollPolicy.failureBackoffMs;
      }
    }
    for (let batch = inbox.shift(); batch; batch = inbox.shift()) {
      const change = applyTrackingEvents(state, batch.events);
      state = {
        ...change.state,
        lastPushAt: change.changed ? new Date().toISOString() : change.state.lastPushAt,
        estimatedDelivery: batch.estimatedDelivery ?? change.state.estimatedDelivery,
        proofOfDelivery: batch.proofOfDelivery ?? change.state.proofOfDelivery,
      };
      changed ||= change.changed || batch.estimatedDelivery !== undefined || batch.proofOfDelivery !== undefined;
    }
    if (changed) await publish(state, published);

    // Close or continue only with an empty inbox, checked without an await in between, so no
    // signal that reached this run is left behind.
    if (inbox.length > 0) continue;
    if (takingUnmatched) {
      if (isShipmentFinished(state) || continueAsNewDueNow()) await condition(() => !takingUnmatched);
      if (inbox.length > 0) continue;
    }
    if (isShipmentFinished(state)) {
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

/**
 * The one place a shipment change leaves the workflow: the read model, the search attributes, and
 * the parent order, in that order.
 */
async function publish(state: ShipmentState, published: Published): Promise<void> {
  await upsertShipmentReadModel(toShipmentView(state));
  const estimate = JSON.stringify(state.estimatedDelivery);
  if (state.status === published.status && estimate === published.estimate) return;
  if (state.status !== published.status) upsertSearchAttributes([{ key: SHIPMENT_STATUS, value: state.status }]);
  published.status = state.status;
  published.estimate = estimate;
  try {
    await getExternalWorkflowHandle(orderWorkflowId(state.orderId)).signal(shipmentUpdatedSignal, {
      shipmentId: state.shipmentId,
      revision: state.revision,
      status: state.status,
      ladderStatus: state.ladderStatus,
      estimatedDelivery: state.estimatedDelivery,
      proofOfDelivery: state.proofOfDelivery,
      lastEventAt: state.lastEventAt,
    });
  } catch (err) {
    // The order may have been terminated by an operator; the shipment still finishes its own job.
    log.warn('Could not tell the order about a shipment change', { shipmentId: state.shipmentId, error: String(err) });
  }
}
