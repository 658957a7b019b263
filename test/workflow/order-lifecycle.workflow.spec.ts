import type { Duration } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import {
  addShipmentUpdate,
  confirmReceiptUpdate,
  getOrderQuery,
  reportProblemUpdate,
  resolveDisputeUpdate,
  type AddShipmentInput,
} from '../../workflows/order/order.messages';
import type { OrderWorkflowInput } from '../../workflows/order/order.types';
import { orderWorkflow } from '../../workflows/order/order.workflow';
import { DEFAULT_LIFECYCLE_POLICY } from '../../workflows/shared/lifecycle-policy';
import { orderWorkflowId, shipmentWorkflowId, WAYBILL_TASK_QUEUE } from '../../workflows/shared/ids';
import { EscrowState, OrderStatus, ShipmentStatus } from '../../workflows/shared/vocabulary';
import { ScriptedCarrier } from '../support/fake-carrier';
import { useWorkflowTestServer } from '../support/temporal-test-env';
import { trackingEvent, UPS_JOURNEY } from '../support/tracking-events';
import { createHarness, TEST_POLL_POLICY, uniqueOrderId } from '../support/workflow-harness';

/**
 * Every lifecycle branch on the time-skipping server, with production's durations: a 72-hour
 * dispute window or a 14-day silence passes in a second of test time.
 */
const platform = { role: 'platform' as const, keyId: 'key_test' };
const customer = { role: 'customer' as const, keyId: 'tok_test' };
const admin = { role: 'admin' as const, keyId: 'key_admin' };

const { label, pickedUp, outForDelivery, delivered } = UPS_JOURNEY;
const attempt = (n: number) => trackingEvent(ShipmentStatus.ATTEMPT_FAILED, `2026-11-2${2 + n}T12:00:00-05:00`);
const outAgain = (n: number) => trackingEvent(ShipmentStatus.OUT_FOR_DELIVERY, `2026-11-2${2 + n}T08:00:00-05:00`);
const returning = trackingEvent(ShipmentStatus.RETURNING, '2026-11-26T09:00:00-05:00');
const returned = trackingEvent(ShipmentStatus.RETURNED, '2026-11-29T09:00:00-05:00');

const toDelivered = [[label], [label, pickedUp], [label, pickedUp, outForDelivery], [label, pickedUp, outForDelivery, delivered]];

describe('order lifecycle on durable timers', () => {
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;

  useWorkflowTestServer('time-skipping', (started, bundled) => {
    [env, bundle] = [started, bundled];
  });

  const input = (orderId: string, extra: Partial<OrderWorkflowInput['order']> = {}): OrderWorkflowInput => ({
    order: { orderId, customer: { name: 'Ada', email: 'ada@example.com' }, escrow: { amount: 4999, currency: 'USD' }, ...extra },
    requestHash: 'test',
    pollPolicy: TEST_POLL_POLICY,
    lifecycle: DEFAULT_LIFECYCLE_POLICY,
  });
  const start = (orderId: string, extra?: Partial<OrderWorkflowInput['order']>) =>
    env.client.workflow.start(orderWorkflow, { workflowId: orderWorkflowId(orderId), taskQueue: WAYBILL_TASK_QUEUE, args: [input(orderId, extra)] });
  /** The time-skipping server skips only while a result is awaited; mid-flow, tests move time themselves. */
  async function advanceUntil(what: string, check: () => Promise<boolean>, step: Duration = '30 minutes', maxSteps = 500): Promise<void> {
    for (let i = 0; i < maxSteps; i++) {
      if (await check()) return;
      await env.sleep(step);
    }
    throw new Error(`Never happened: ${what}`);
  }
  const addParcel = (shipmentId: string, trackingNumber = '1Z5R89390357567127') => ({
    args: [{ shipmentId, carrier: 'ups' as const, trackingNumber, trackingUrl: `https://www.ups.com/track?tracknum=${trackingNumber}`, actor: platform }] as [AddShipmentInput],
  });

  it('releases the escrow once after the dispute window, even when the provider’s answer is lost', async () => {
    const sut = createHarness(env, bundle, new ScriptedCarrier('ups', toDelivered));
    sut.escrowProvider.failCreates('timeout_after_commit');
    const orderId = uniqueOrderId();
    const result = await sut.run(async () => {
      const handle = await start(orderId);
      await handle.executeUpdate(addShipmentUpdate, addParcel('shp_release'));
      return handle.result();
    });
    expect(result.escrow).toMatchObject({ state: EscrowState.RELEASED, transactionId: expect.any(String) });
    expect(sut.escrowProvider.transactions).toEqual([expect.objectContaining({ action: 'release', orderId, amount: 4999 })]);
    const scheduled = result.history.find((h) => h.type === 'escrow_release_scheduled');
    const released = result.history.find((h) => h.type === 'escrow_released');
    expect(Date.parse(released!.at) - Date.parse(scheduled!.at)).toBeGreaterThanOrEqual(DEFAULT_LIFECYCLE_POLICY.disputeWindowMs);
  });

  it('releases at once on the customer’s confirmation', async () => {
    const sut = createHarness(env, bundle, new ScriptedCarrier('ups', toDelivered));
    const orderId = uniqueOrderId();
    const result = await sut.run(async () => {
      const handle = await start(orderId);
      await handle.executeUpdate(addShipmentUpdate, addParcel('shp_confirm'));
      await advanceUntil('delivery', async () => (await handle.query(getOrderQuery)).status === OrderStatus.DELIVERED);
      await handle.executeUpdate(confirmReceiptUpdate, { args: [{ actor: customer }] });
      return handle.result();
    });
    expect(result.escrow.state).toBe(EscrowState.RELEASED);
    const confirmed = result.history.find((h) => h.type === 'receipt_confirmed')!;
    const released = result.history.find((h) => h.type === 'escrow_released')!;
    expect(Date.parse(released.at) - Date.parse(confirmed.at)).toBeLessThan(DEFAULT_LIFECYCLE_POLICY.disputeWindowMs);
    expect(sut.escrowProvider.transactions).toHaveLength(1);
  });

  it('holds the escrow on a dispute and refunds on the admin’s resolution', async () => {
    const sut = createHarness(env, bundle, new ScriptedCarrier('ups', toDelivered));
    const orderId = uniqueOrderId();
    const result = await sut.run(async () => {
      const handle = await start(orderId);
      await handle.executeUpdate(addShipmentUpdate, addParcel('shp_dispute'));
      await advanceUntil('release scheduled', async () => (await handle.query(getOrderQuery)).escrow.state === EscrowState.RELEASE_SCHEDULED, '5 minutes');
      const disputed = await handle.executeUpdate(reportProblemUpdate, { args: [{ actor: customer, kind: 'not_received' }] });
      expect(disputed.escrow.state).toBe(EscrowState.DISPUTED);
      await handle.executeUpdate(resolveDisputeUpdate, { args: [{ actor: admin, resolution: 'refund', note: 'no proof' }] });
      return handle.result();
    });
    expect(result.escrow.state).toBe(EscrowState.REFUNDED);
    expect(sut.escrowProvider.transactions.map((t) => t.action)).toEqual(['refund']);
    expect(sut.alerts.ofOrder(orderId).map((a) => a.kind)).toEqual(['dispute_opened']);
    expect(sut.email.sent.map((m) => m.subject)).toEqual(expect.arrayContaining([expect.stringContaining('report about order')]));
  });

  it('follows three failed attempts to the return, telling the customer each time, and refunds', async () => {
    const stages = [
      [label, pickedUp, outForDelivery],
      [label, pickedUp, outForDelivery, attempt(1)],
      [label, pickedUp, outForDelivery, attempt(1), outAgain(2), attempt(2)],
      [label, pickedUp, outForDelivery, attempt(1), outAgain(2), attempt(2), outAgain(3), attempt(3)],
      [label, pickedUp, outForDelivery, attempt(1), outAgain(2), attempt(2), outAgain(3), attempt(3), returning],
      [label, pickedUp, outForDelivery, attempt(1), outAgain(2), attempt(2), outAgain(3), attempt(3), returning, returned],
    ];
    const sut = createHarness(env, bundle, new ScriptedCarrier('ups', stages));
    const orderId = uniqueOrderId();
    const result = await sut.run(async () => {
      const handle = await start(orderId);
      await handle.executeUpdate(addShipmentUpdate, addParcel('shp_return'));
      return handle.result();
    });
    expect(result.status).toBe(OrderStatus.RETURNED);
    expect(result.escrow.state).toBe(EscrowState.REFUNDED);
    const subjects = sut.email.sent.map((m) => m.subject);
    expect(subjects.filter((s) => s.startsWith("We couldn't deliver"))).toHaveLength(3);
    expect(subjects.some((s) => s.includes('is being returned'))).toBe(true);
    expect(subjects.some((s) => s.includes('was returned'))).toBe(true);
  });

  it('alerts support on a stall, then declares the parcel lost and refunds', async () => {
    const sut = createHarness(env, bundle, new ScriptedCarrier('ups', [[label, pickedUp]]));
    const orderId = uniqueOrderId();
    const result = await sut.run(async () => {
      const handle = await start(orderId);
      await handle.executeUpdate(addShipmentUpdate, addParcel('shp_lost'));
      return handle.result();
    });
    expect(result.status).toBe(OrderStatus.LOST);
    expect(result.shipments[0]).toMatchObject({ status: ShipmentStatus.LOST, declaredLost: true, stalled: true });
    expect(result.escrow.state).toBe(EscrowState.REFUNDED);
    expect(sut.alerts.ofOrder(orderId).map((a) => a.kind)).toEqual(['shipment_stalled']);
    expect(sut.email.sent.some((m) => m.subject.includes('was lost in transit'))).toBe(true);
  });

  it('marks the order delayed when the promised day passes, and tells the customer once', async () => {
    const sut = createHarness(env, bundle, new ScriptedCarrier('ups', [[label, pickedUp]]));
    const orderId = uniqueOrderId();
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await sut.run(async () => {
      const handle = await start(orderId, { promisedDeliveryDate: tomorrow });
      await handle.executeUpdate(addShipmentUpdate, addParcel('shp_late'));
      await advanceUntil('the delay', async () => (await handle.query(getOrderQuery)).delayed, '6 hours');
      const view = await handle.query(getOrderQuery);
      expect(view.delay).toMatchObject({ reason: 'promise_missed' });
      // The parcel's own workflow outlives its order's; stop it too, or its polls leak into later tests.
      await env.client.workflow.getHandle(shipmentWorkflowId('shp_late')).terminate('test done');
      await handle.terminate('test done');
    });
    expect(sut.email.sent.filter((m) => m.subject.includes('is delayed'))).toHaveLength(1);
  });
});
