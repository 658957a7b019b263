import { WorkflowNotFoundError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import fc from 'fast-check';
import { addShipmentUpdate } from '../../workflows/order/order.messages';
import { orderWorkflow } from '../../workflows/order/order.workflow';
import { carrierEventsSignal } from '../../workflows/shipment/shipment.messages';
import { orderWorkflowId, shipmentWorkflowId, WAYBILL_TASK_QUEUE } from '../../workflows/shared/ids';
import type { TrackingEvent } from '../../workflows/shared/tracking';
import { EscrowState, OrderStatus, ShipmentStatus } from '../../workflows/shared/vocabulary';
import { ScriptedCarrier } from '../support/fake-carrier';
import { useWorkflowTestServer } from '../support/temporal-test-env';
import { trackingEvent } from '../support/tracking-events';
import { createHarness, TEST_LIFECYCLE_POLICY, TEST_POLL_POLICY, uniqueOrderId } from '../support/workflow-harness';

/**
 * The real workflows on the real-time dev server, fed a parcel's pushes in random order, with
 * repeats, across worker restarts (each session a new worker with an empty cache, so it rebuilds
 * every workflow from history), and sometimes an escrow provider that loses its first answer.
 * Every run must end with every event the shipment took in its timeline once, one email per
 * milestone, and exactly one release at the provider.
 */
const platform = { role: 'platform' as const, keyId: 'key_test' };
const policy = { ...TEST_LIFECYCLE_POLICY, disputeWindowMs: 300 };
const journey = (n: number): TrackingEvent[] => [
  trackingEvent(ShipmentStatus.INFO_RECEIVED, '2026-11-20T08:00:00-05:00', { fingerprint: `label-${n}` }),
  trackingEvent(ShipmentStatus.IN_TRANSIT, '2026-11-20T18:00:00-05:00', { fingerprint: `pickup-${n}` }),
  trackingEvent(ShipmentStatus.IN_TRANSIT, '2026-11-21T03:00:00-05:00', { fingerprint: `hub-${n}` }),
  trackingEvent(ShipmentStatus.OUT_FOR_DELIVERY, '2026-11-22T07:10:00-05:00', { fingerprint: `ofd-${n}` }),
  trackingEvent(ShipmentStatus.DELIVERED, '2026-11-22T14:30:00-05:00', { fingerprint: `delivered-${n}` }),
];

/** Push batches: picks into the journey (repeats allowed), each in one of three worker sessions. */
const pushPlan = fc.array(fc.record({ session: fc.integer({ min: 0, max: 2 }), picks: fc.array(fc.nat({ max: 4 }), { minLength: 1, maxLength: 4 }) }), {
  minLength: 1,
  maxLength: 8,
});

/**
 * Waits until neither workflow has a task or activity outstanding, so the worker stops between tasks
 * (a crash mid-task is the fault suite's business: its task waits out its timeout before a retry).
 */
const PENDING_ACTIVITY_SCHEDULED = 1;

async function quiet(env: TestWorkflowEnvironment, ...workflowIds: string[]): Promise<void> {
  let calm = 0;
  for (let i = 0; i < 200 && calm < 3; i++) {
    const described = await Promise.all(workflowIds.map((id) => env.client.workflow.getHandle(id).describe()));
    // A carrier poll waiting out its retry interval is how a parcel waits between polls, not work.
    const working = (a: { state?: unknown; lastFailure?: unknown }) => Number(a.state) !== PENDING_ACTIVITY_SCHEDULED || !a.lastFailure;
    const busy = described.some((d) => d.status.name === 'RUNNING' && (!!d.raw.pendingWorkflowTask || (d.raw.pendingActivities ?? []).some(working)));
    calm = busy ? 0 : calm + 1;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('order workflow under random pushes and worker restarts (property)', () => {
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;

  useWorkflowTestServer('dev', (started, bundled) => {
    [env, bundle] = [started, bundled];
  });

  it('loses no event, repeats no email and releases exactly once', async () => {
    await fc.assert(
      fc.asyncProperty(pushPlan, fc.boolean(), async (plan, providerLosesAnswer) => {
        const events = journey(0);
        // The carrier's API knows only the delivery, and only when asked to confirm it: every other
        // event reaches the workflow by push, so none can hide behind a poll.
        const sut = createHarness(env, bundle, new ScriptedCarrier('ups', [[], [events[4]]]));
        if (providerLosesAnswer) sut.escrowProvider.failCreates('timeout_after_commit');
        const orderId = uniqueOrderId();
        const shipmentId = `shp_${orderId}`;
        // Whatever the plan, every event is pushed at least once, in the last session.
        const batches = [...plan, { session: 2, picks: [0, 1, 2, 3, 4].filter((i) => !plan.some((b) => b.picks.includes(i))) }].filter((b) => b.picks.length > 0);
        const handle = await env.client.workflow.start(orderWorkflow, {
          workflowId: orderWorkflowId(orderId),
          taskQueue: WAYBILL_TASK_QUEUE,
          args: [{
            order: { orderId, customer: { name: 'Ada', email: 'ada@example.com' }, escrow: { amount: 4999, currency: 'USD' } },
            requestHash: 'h',
            pollPolicy: TEST_POLL_POLICY,
            lifecycle: policy,
          }],
        });
        await sut.run(() =>
          handle.executeUpdate(addShipmentUpdate, { args: [{ shipmentId, carrier: 'ups', trackingNumber: '1Z5R89390357567127', trackingUrl: 'https://t', actor: platform }] }),
        );
        const shipment = env.client.workflow.getHandle(shipmentWorkflowId(shipmentId));
        // Every event the server took as a signal, and the delivery the confirming poll reads.
        const accepted = new Set<string>([events[4].fingerprint]);
        let result;
        for (const session of [0, 1, 2]) {
          // A new worker each session: its cache is empty, so both workflows replay from history.
          result = await sut.run(async () => {
            for (const batch of batches.filter((b) => b.session === session)) {
              const pushed = batch.picks.map((i) => events[i]);
              try {
                await shipment.signal(carrierEventsSignal, { events: pushed });
                for (const e of pushed) accepted.add(e.fingerprint);
              } catch (err) {
                // Confirmed delivered, the parcel's workflow has ended; the webhook inbox keeps late pushes.
                if (!(err instanceof WorkflowNotFoundError)) throw err;
              }
            }
            if (session === 2) return handle.result();
            await quiet(env, handle.workflowId, shipment.workflowId);
            return undefined;
          });
        }

        expect(result).toMatchObject({ status: OrderStatus.DELIVERED, escrow: { state: EscrowState.RELEASED } });
        expect(sut.escrowProvider.transactionsOf(orderId).map((t) => t.action)).toEqual(['release']);
        const timeline = sut.readModel.shipments.get(shipmentId)?.events.map((e) => e.fingerprint);
        expect(timeline).toEqual(events.map((e) => e.fingerprint).filter((fingerprint) => accepted.has(fingerprint)));
        const subjects = sut.email.sent.map((m) => m.subject);
        expect(new Set(subjects).size).toBe(subjects.length);
      }),
      { numRuns: 4, endOnFailure: true },
    );
  }, 240_000);
});
