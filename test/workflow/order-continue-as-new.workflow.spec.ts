import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { addShipmentUpdate, markProcessingUpdate } from '../../workflows/order/order.messages';
import { orderWorkflow } from '../../workflows/order/order.workflow';
import { carrierEventsSignal } from '../../workflows/shipment/shipment.messages';
import { orderWorkflowId, shipmentWorkflowId, WAYBILL_TASK_QUEUE } from '../../workflows/shared/ids';
import { OrderStatus } from '../../workflows/shared/vocabulary';
import { ScriptedCarrier } from '../support/fake-carrier';
import { waitUntil } from '../support/http-client';
import { useWorkflowTestServer } from '../support/temporal-test-env';
import { UPS_JOURNEY } from '../support/tracking-events';
import { createHarness, TEST_LIFECYCLE_POLICY, TEST_POLL_POLICY, uniqueOrderId } from '../support/workflow-harness';

/**
 * On the real-time dev server: the time-skipping server starts a continued-as-new run only while a
 * client holds time unlocked, and under load the order's next run sometimes never started.
 */
const platform = { role: 'platform' as const, keyId: 'key_test' };
const TRACKING = '1Z5R89390357567127';
const { label, pickedUp, outForDelivery, delivered } = UPS_JOURNEY;

describe('orderWorkflow continue-as-new', () => {
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;

  useWorkflowTestServer('dev', (started, bundled) => {
    [env, bundle] = [started, bundled];
  });

  it('continues as new with its state, and its parcel carries on', async () => {
    // The first poll sees the label; pushes bring the rest; the confirming poll sees the delivery.
    const sut = createHarness(env, bundle, new ScriptedCarrier('ups', [[label], [label, pickedUp, outForDelivery, delivered]]));
    const orderId = uniqueOrderId();
    const shipmentId = `shp_can_${orderId}`;
    const { result, firstRunId, lastRunId } = await sut.run(async () => {
      const handle = await env.client.workflow.start(orderWorkflow, {
        workflowId: orderWorkflowId(orderId),
        taskQueue: WAYBILL_TASK_QUEUE,
        args: [{
          order: { orderId, customer: { name: 'Ada Lovelace', email: 'ada@example.com', timeZone: 'America/New_York' } },
          requestHash: 'test',
          pollPolicy: TEST_POLL_POLICY,
          lifecycle: TEST_LIFECYCLE_POLICY,
          continueAsNewAtHistoryLength: 12,
        }],
      });
      await handle.executeUpdate(markProcessingUpdate, { args: [{ actor: platform }] });
      await handle.executeUpdate(addShipmentUpdate, {
        args: [{ shipmentId, carrier: 'ups', trackingNumber: TRACKING, trackingUrl: `https://www.ups.com/track?tracknum=${TRACKING}`, actor: platform }],
      });
      const shipment = env.client.workflow.getHandle(shipmentWorkflowId(shipmentId));
      const orderStatus = (status: OrderStatus) => async () => (sut.readModel.orders.get(orderId)?.status === status ? true : undefined);
      await waitUntil('the label to reach the order', orderStatus(OrderStatus.SHIPPED), 20_000, 20);
      await shipment.signal(carrierEventsSignal, { events: [pickedUp] });
      await waitUntil('in transit to reach the order', orderStatus(OrderStatus.IN_TRANSIT), 20_000, 20);
      await shipment.signal(carrierEventsSignal, { events: [outForDelivery] });
      await waitUntil('out for delivery to reach the order', orderStatus(OrderStatus.OUT_FOR_DELIVERY), 20_000, 20);
      await shipment.signal(carrierEventsSignal, { events: [delivered] });
      const result = await handle.result();
      const lastRunId = (await env.client.workflow.getHandle(orderWorkflowId(orderId)).describe()).runId;
      return { result, firstRunId: handle.firstExecutionRunId, lastRunId };
    });
    expect(lastRunId).not.toBe(firstRunId);
    expect(result.status).toBe(OrderStatus.DELIVERED);
    expect(result.shipments.map((s) => s.shipmentId)).toEqual([shipmentId]);
    expect(result.history.map((h) => h.type)).toEqual(expect.arrayContaining(['order_received', 'processing', 'shipment_added']));
    // No milestone was sent twice across runs.
    expect(sut.email.sent.map((m) => m.subject.split(' — ')[0])).toEqual([
      `We've received your order ${orderId}`,
      `Your order ${orderId} has shipped`,
      `Your order ${orderId} is out for delivery`,
      `Your order ${orderId} has been delivered`,
    ]);
  });
});
