import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { addShipmentUpdate, cancelOrderUpdate, getOrderQuery, markProcessingUpdate } from '../../workflows/order/order.messages';
import type { OrderWorkflowInput } from '../../workflows/order/order.types';
import { orderWorkflow } from '../../workflows/order/order.workflow';
import { orderWorkflowId, shipmentWorkflowId, WAYBILL_TASK_QUEUE } from '../../workflows/shared/ids';
import { OrderStatus, ShipmentStatus } from '../../workflows/shared/vocabulary';
import { ScriptedCarrier } from '../support/fake-carrier';
import { waitUntil } from '../support/http-client';
import { useWorkflowTestServer } from '../support/temporal-test-env';
import { UPS_JOURNEY } from '../support/tracking-events';
import { createHarness, TEST_POLL_POLICY, uniqueOrderId } from '../support/workflow-harness';

const platform = { role: 'platform' as const, keyId: 'key_test' };
const TRACKING = '1Z5R89390357567127';

const { label, pickedUp, outForDelivery, delivered } = UPS_JOURNEY;

const orderInput = (orderId: string, extra: Partial<OrderWorkflowInput> = {}): OrderWorkflowInput => ({
  order: { orderId, customer: { name: 'Ada Lovelace', email: 'ada@example.com', timeZone: 'America/New_York' } },
  requestHash: 'test',
  pollPolicy: TEST_POLL_POLICY,
  ...extra,
});

const addShipmentArgs = (shipmentId: string) => ({
  shipmentId,
  carrier: 'ups' as const,
  trackingNumber: TRACKING,
  trackingUrl: `https://www.ups.com/track?tracknum=${TRACKING}`,
  actor: platform,
});

describe('orderWorkflow', () => {
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;

  useWorkflowTestServer('time-skipping', (started, bundled) => {
    [env, bundle] = [started, bundled];
  });

  const start = (orderId: string, extra?: Partial<OrderWorkflowInput>) =>
    env.client.workflow.start(orderWorkflow, { workflowId: orderWorkflowId(orderId), taskQueue: WAYBILL_TASK_QUEUE, args: [orderInput(orderId, extra)] });

  it('follows a parcel to delivered and emails each milestone exactly once', async () => {
    const carrier = new ScriptedCarrier('ups', [[label], [label, pickedUp], [label, pickedUp, outForDelivery], [label, pickedUp, outForDelivery, delivered]]);
    const sut = createHarness(env, bundle, carrier);
    const orderId = uniqueOrderId();
    const result = await sut.run(async () => {
      const handle = await start(orderId);
      await handle.executeUpdate(markProcessingUpdate, { args: [{ actor: platform }] });
      const shipment = await handle.executeUpdate(addShipmentUpdate, { args: [addShipmentArgs('shp_happy')] });
      expect(shipment.status).toBe(ShipmentStatus.PENDING);
      return handle.result();
    });

    expect(result.status).toBe(OrderStatus.DELIVERED);
    expect(result.history.map((h) => h.type)).toEqual(expect.arrayContaining(['order_received', 'processing', 'shipment_added']));
    expect(sut.email.sent.map((m) => m.subject.split(' — ')[0])).toEqual([
      `We've received your order ${orderId}`,
      `Your order ${orderId} has shipped`,
      `Your order ${orderId} is out for delivery`,
      `Your order ${orderId} has been delivered`,
    ]);
    expect(sut.email.sent.every((m) => m.to === 'ada@example.com')).toBe(true);
    expect(sut.email.sent[1].text).toContain(`https://www.ups.com/track?tracknum=${TRACKING}`);
    expect(sut.readModel.orders.get(orderId)?.status).toBe(OrderStatus.DELIVERED);
    const shipmentView = sut.readModel.shipments.get('shp_happy');
    expect(shipmentView?.status).toBe(ShipmentStatus.DELIVERED);
    expect(shipmentView?.events.map((e) => e.status)).toEqual([
      ShipmentStatus.INFO_RECEIVED,
      ShipmentStatus.IN_TRANSIT,
      ShipmentStatus.OUT_FOR_DELIVERY,
      ShipmentStatus.DELIVERED,
    ]);
    // The carrier was asked once per stage, plus once more to confirm the delivery: nothing after that.
    expect(carrier.calls).toBe(5);
  });

  it('deduplicates events that arrive by webhook and by poll, and repeated webhooks', async () => {
    const carrier = new ScriptedCarrier('ups', [[label, pickedUp], [label, pickedUp, outForDelivery, delivered]]);
    const sut = createHarness(env, bundle, carrier);
    const orderId = uniqueOrderId();
    await sut.run(async () => {
      const handle = await start(orderId);
      await handle.executeUpdate(addShipmentUpdate, { args: [addShipmentArgs('shp_dupes')] });
      const shipment = env.client.workflow.getHandle(shipmentWorkflowId('shp_dupes'));
      const push = { events: [pickedUp, outForDelivery] };
      await shipment.signal('carrierEvents', push);
      await shipment.signal('carrierEvents', push);
      await handle.result();
    });
    const events = sut.readModel.shipments.get('shp_dupes')?.events ?? [];
    expect(events.map((e) => e.fingerprint)).toEqual([label, pickedUp, outForDelivery, delivered].map((e) => e.fingerprint));
    const outForDeliveryEmails = sut.email.sent.filter((m) => m.subject.includes('out for delivery'));
    expect(outForDeliveryEmails).toHaveLength(1);
  });

  it('never regresses on out-of-order events', async () => {
    const carrier = new ScriptedCarrier('ups', [[]]);
    const sut = createHarness(env, bundle, carrier);
    const orderId = uniqueOrderId();
    const result = await sut.run(async () => {
      const handle = await start(orderId);
      await handle.executeUpdate(addShipmentUpdate, { args: [addShipmentArgs('shp_order')] });
      const shipment = env.client.workflow.getHandle(shipmentWorkflowId('shp_order'));
      await shipment.signal('carrierEvents', { events: [outForDelivery] });
      await shipment.signal('carrierEvents', { events: [pickedUp, label] });
      const view = await shipment.query('getShipment');
      expect(view).toMatchObject({ status: ShipmentStatus.OUT_FOR_DELIVERY });
      await shipment.signal('carrierEvents', { events: [delivered] });
      const order = await waitUntil('the order to be delivered', async () => {
        const current = await handle.query(getOrderQuery);
        return current.status === OrderStatus.DELIVERED ? current : undefined;
      }, 30_000, 100);
      // Pushed alone, the delivery waits for a poll to confirm it; this carrier never answers one.
      await shipment.terminate('test done');
      await handle.terminate('test done');
      return order;
    });
    expect(result.status).toBe(OrderStatus.DELIVERED);
    expect(sut.readModel.shipments.get('shp_order')?.events.map((e) => e.status)).toEqual([
      ShipmentStatus.INFO_RECEIVED,
      ShipmentStatus.IN_TRANSIT,
      ShipmentStatus.OUT_FOR_DELIVERY,
      ShipmentStatus.DELIVERED,
    ]);
  });

  it('cancels before shipping, and refuses to cancel once shipped', async () => {
    const sut = createHarness(env, bundle, new ScriptedCarrier('ups', [[]]));
    const cancelledId = uniqueOrderId();
    const shippedId = uniqueOrderId();
    await sut.run(async () => {
      const handle = await start(cancelledId);
      const view = await handle.executeUpdate(cancelOrderUpdate, { args: [{ actor: platform, reason: 'changed mind' }] });
      expect(view.status).toBe(OrderStatus.CANCELLED);
      expect((await handle.result()).status).toBe(OrderStatus.CANCELLED);

      const shipped = await start(shippedId);
      await shipped.executeUpdate(addShipmentUpdate, { args: [addShipmentArgs('shp_cancel')] });
      const refusal = shipped.executeUpdate(cancelOrderUpdate, { args: [{ actor: platform }] });
      await expect(refusal).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
      await expect(refusal).rejects.toMatchObject({ cause: { type: 'OrderAlreadyShipped' } });
      expect((await shipped.query(getOrderQuery)).status).toBe(OrderStatus.SHIPPED);
      await shipped.terminate('test done');
      await env.client.workflow.getHandle(shipmentWorkflowId('shp_cancel')).terminate('test done');
    });
    expect(sut.email.sent.filter((m) => m.subject.includes(cancelledId))).toHaveLength(1);
  });
});
