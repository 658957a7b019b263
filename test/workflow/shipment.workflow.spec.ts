import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { carrierEventsSignal } from '../../workflows/shipment/shipment.messages';
import { shipmentWorkflow } from '../../workflows/shipment/shipment.workflow';
import { shipmentWorkflowId, WAYBILL_TASK_QUEUE } from '../../workflows/shared/ids';
import { ShipmentStatus } from '../../workflows/shared/vocabulary';
import { ScriptedCarrier } from '../support/fake-carrier';
import { useWorkflowTestServer } from '../support/temporal-test-env';
import { trackingEvent } from '../support/tracking-events';
import { createHarness, TEST_LIFECYCLE_POLICY, TEST_POLL_POLICY } from '../support/workflow-harness';

const hops = Array.from({ length: 8 }, (_, i) => trackingEvent(ShipmentStatus.IN_TRANSIT, `2026-11-20T${String(10 + i).padStart(2, '0')}:00:00Z`));
const delivered = trackingEvent(ShipmentStatus.DELIVERED, '2026-11-21T15:00:00Z');

async function eventually(predicate: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// On the dev server: these tests need continued runs to start while the test drives them.
describe('shipmentWorkflow', () => {
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;

  useWorkflowTestServer('dev', (started, bundled) => {
    [env, bundle] = [started, bundled];
  });

  it('continues as new with its timeline and dedupe set intact', async () => {
    // Everything arrives by push: the carrier's API knows the number only when asked to confirm the delivery.
    const sut = createHarness(env, bundle, new ScriptedCarrier('ups', [[], [delivered]]));
    const shipmentId = `shp_can_${Date.now()}`;
    const { view, firstRunId, lastRunId } = await sut.run(async () => {
      const handle = await env.client.workflow.start(shipmentWorkflow, {
        workflowId: shipmentWorkflowId(shipmentId),
        taskQueue: WAYBILL_TASK_QUEUE,
        args: [
          {
            shipment: { shipmentId, orderId: 'no-such-order', carrier: 'ups', trackingNumber: '1Z5R89390357567127', trackingUrl: 'https://www.ups.com/track' },
            pollPolicy: TEST_POLL_POLICY, lifecycle: TEST_LIFECYCLE_POLICY,
            continueAsNewAtHistoryLength: 15,
          },
        ],
      });
      for (const hop of hops) {
        await handle.signal(carrierEventsSignal, { events: [hop] });
        // Every hop again: after continue-as-new, the fingerprints must still be known.
        await handle.signal(carrierEventsSignal, { events: hops.slice(0, hops.indexOf(hop) + 1) });
        // One change per workflow task, so history grows past the threshold before the parcel is done.
        await eventually(() => sut.readModel.shipments.get(shipmentId)?.events.length === hops.indexOf(hop) + 1);
      }
      // A continue-as-new loses the race to every signal that arrives while it is being decided (the
      // server refuses the completion and the signal is handled first), so wait for it while quiet.
      const latestRunId = async () => (await env.client.workflow.getHandle(handle.workflowId).describe()).runId;
      await eventually(async () => (await latestRunId()) !== handle.firstExecutionRunId);
      await handle.signal(carrierEventsSignal, { events: [delivered] });
      const view = await handle.result();
      const lastRunId = await latestRunId();
      return { view, firstRunId: handle.firstExecutionRunId, lastRunId };
    });
    expect(lastRunId).not.toBe(firstRunId);
    expect(view.status).toBe(ShipmentStatus.DELIVERED);
    expect(view.events.map((e) => e.fingerprint)).toEqual([...hops, delivered].map((e) => e.fingerprint));
    expect(sut.readModel.shipments.get(shipmentId)?.events).toHaveLength(hops.length + 1);
  });

  it('ignores a malformed signal instead of failing its workflow task', async () => {
    const sut = createHarness(env, bundle, new ScriptedCarrier('ups', [[], [delivered]]));
    const shipmentId = `shp_bad_${Date.now()}`;
    const view = await sut.run(async () => {
      const handle = await env.client.workflow.start(shipmentWorkflow, {
        workflowId: shipmentWorkflowId(shipmentId),
        taskQueue: WAYBILL_TASK_QUEUE,
        args: [{ shipment: { shipmentId, orderId: 'no-such-order', carrier: 'ups', trackingNumber: '1Z5R89390357567127', trackingUrl: 'u' }, pollPolicy: TEST_POLL_POLICY, lifecycle: TEST_LIFECYCLE_POLICY }],
      });
      await handle.signal('carrierEvents', { nonsense: true });
      await handle.signal(carrierEventsSignal, { events: [delivered] });
      return handle.result();
    });
    expect(view.status).toBe(ShipmentStatus.DELIVERED);
  });

  it('takes in the pushes a carrier sent before the shipment existed', async () => {
    const sut = createHarness(env, bundle, new ScriptedCarrier('ups', [[], [delivered]]));
    const shipmentId = `shp_early_${Date.now()}`;
    const trackingNumber = '1Z5R89390357567127';
    sut.unmatched.kept.push(
      { carrier: 'ups', trackingNumber, events: hops.slice(0, 2) },
      { carrier: 'ups', trackingNumber: '1Z999AA10123456784', events: [delivered] },
      { carrier: 'ups', trackingNumber, events: [delivered], proofOfDelivery: { receivedBy: 'MORGAN', hasSignature: false, hasProofOfDelivery: true } },
    );
    const view = await sut.run(async () => {
      const handle = await env.client.workflow.start(shipmentWorkflow, {
        workflowId: shipmentWorkflowId(shipmentId),
        taskQueue: WAYBILL_TASK_QUEUE,
        args: [{ shipment: { shipmentId, orderId: 'no-such-order', carrier: 'ups', trackingNumber, trackingUrl: 'u' }, pollPolicy: TEST_POLL_POLICY, lifecycle: TEST_LIFECYCLE_POLICY }],
      });
      return handle.result();
    });
    expect(view.status).toBe(ShipmentStatus.DELIVERED);
    expect(view.events.map((e) => e.fingerprint)).toEqual([...hops.slice(0, 2), delivered].map((e) => e.fingerprint));
    expect(view.proofOfDelivery).toMatchObject({ receivedBy: 'MORGAN' });
    // Another parcel's kept push stays for its own shipment.
    expect(sut.unmatched.kept.map((u) => u.trackingNumber)).toEqual(['1Z999AA10123456784']);
  });
});
