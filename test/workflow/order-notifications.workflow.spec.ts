import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { addShipmentUpdate } from '../../workflows/order/order.messages';
import type { CustomerContact, OrderWorkflowInput } from '../../workflows/order/order.types';
import { orderWorkflow } from '../../workflows/order/order.workflow';
import { orderWorkflowId, WAYBILL_TASK_QUEUE } from '../../workflows/shared/ids';
import { DEFAULT_LIFECYCLE_POLICY } from '../../workflows/shared/lifecycle-policy';
import { OrderStatus } from '../../workflows/shared/vocabulary';
import { PlatformWebhookDeliveryError } from '../../activities/platform-webhooks/platform-webhook.sender';
import { ScriptedCarrier } from '../support/fake-carrier';
import { useWorkflowTestServer } from '../support/temporal-test-env';
import { UPS_JOURNEY } from '../support/tracking-events';
import { createHarness, TEST_POLL_POLICY, uniqueOrderId, type Harness } from '../support/workflow-harness';

/**
 * Milestones on every channel the customer chose, on the time-skipping server: SMS held through
 * the customer's quiet hours and collapsed when newer news overtook it, push at once, nothing for a
 * channel the customer unsubscribed from.
 */
const platform = { role: 'platform' as const, keyId: 'key_test' };
const { label, pickedUp, outForDelivery, delivered } = UPS_JOURNEY;
const journey = [[label], [label, pickedUp], [label, pickedUp, outForDelivery], [label, pickedUp, outForDelivery, delivered]];

/** An IANA zone where the given instant falls at about 22:00 local time (Etc/GMT signs are inverted). */
function zoneAtTenPm(nowMs: number): string {
  const utcHour = new Date(nowMs).getUTCHours();
  let offset = 22 - utcHour;
  if (offset > 14) offset -= 24;
  if (offset < -12) offset += 24;
  return offset === 0 ? 'Etc/UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

describe('order notifications on every channel', () => {
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;

  useWorkflowTestServer('time-skipping', (started, bundled) => {
    [env, bundle] = [started, bundled];
  });

  async function deliverOrder(sut: Harness, customer: CustomerContact): Promise<string> {
    const orderId = uniqueOrderId();
    const input: OrderWorkflowInput = { order: { orderId, customer }, requestHash: 'test', pollPolicy: TEST_POLL_POLICY, lifecycle: DEFAULT_LIFECYCLE_POLICY };
    const result = await sut.run(async () => {
      const handle = await env.client.workflow.start(orderWorkflow, { workflowId: orderWorkflowId(orderId), taskQueue: WAYBILL_TASK_QUEUE, args: [input] });
      await handle.executeUpdate(addShipmentUpdate, {
        args: [{ shipmentId: `shp_${orderId}`, carrier: 'ups', trackingNumber: '1Z5R89390357567127', trackingUrl: 'https://www.ups.com/track?tracknum=1Z5R89390357567127', actor: platform }],
      });
      return handle.result();
    });
    expect(result.status).toBe(OrderStatus.DELIVERED);
    return orderId;
  }

  it('holds SMS through quiet hours, collapses what delivery overtook, and pushes at once', async () => {
    const sut = createHarness(env, bundle, new ScriptedCarrier('ups', journey));
    const timeZone = zoneAtTenPm(await env.currentTimeMs());
    const orderId = await deliverOrder(sut, { name: 'Ada', email: 'ada@example.com', phone: '+14155550123', timeZone, customerRef: 'cus_ada' });

    expect(sut.email.sent.map((m) => m.subject.split(' — ')[0])).toEqual([
      `We've received your order ${orderId}`,
      `Your order ${orderId} has shipped`,
      `Your order ${orderId} is out for delivery`,
      `Your order ${orderId} has been delivered`,
    ]);
    expect(sut.push.sent.map((p) => p.milestone)).toEqual(['order_received', 'shipped', 'out_for_delivery', 'delivered']);
    // Shipped and out for delivery waited for 08:00 and were overtaken by the delivery: one SMS.
    expect(sut.sms.sent).toHaveLength(1);
    expect(sut.sms.sent[0]).toMatchObject({ to: '+14155550123' });
    expect(sut.sms.sent[0].body).toContain('https://www.ups.com/track?tracknum=1Z5R89390357567127');
    const smsEntries = [...sut.outbox.entries].filter(([key]) => key.endsWith('|sms'));
    expect(Object.fromEntries(smsEntries.map(([key, state]) => [key.split('|')[1], state]))).toEqual({
      shipped: 'skipped',
      out_for_delivery: 'skipped',
      delivered: 'sent',
    });
  });

  it('sends nothing on a channel the customer unsubscribed from, and records why', async () => {
    const sut = createHarness(env, bundle, new ScriptedCarrier('ups', journey));
    sut.notificationPolicy.suppressed.add('email:grace@example.com');
    await deliverOrder(sut, { name: 'Grace', email: 'grace@example.com' });
    expect(sut.email.sent).toHaveLength(0);
    expect([...sut.outbox.entries.values()]).toEqual(['skipped', 'skipped', 'skipped', 'skipped']);
  });

  it('follows the channels a customer chose for each milestone', async () => {
    const sut = createHarness(env, bundle, new ScriptedCarrier('ups', journey));
    sut.notificationPolicy.preferences.set('cus_lin', { channels: { email: ['delivered'], sms: 'none', push: ['shipped'] }, quietHours: null });
    await deliverOrder(sut, { name: 'Lin', email: 'lin@example.com', phone: '+14155550199', customerRef: 'cus_lin' });
    expect(sut.email.sent.map((m) => m.subject)).toEqual([expect.stringContaining('has been delivered')]);
    expect(sut.push.sent.map((p) => p.milestone)).toEqual(['shipped']);
    expect(sut.sms.sent).toHaveLength(0);
  });

  it('keeps the platform in step: one numbered webhook per status change, a dead letter when refused', async () => {
    const sut = createHarness(env, bundle, new ScriptedCarrier('ups', journey));
    sut.platformWebhooks.failNext(new PlatformWebhookDeliveryError('PlatformWebhookRejected', 'The platform answered 410', { httpStatus: 410 }));
    const orderId = await deliverOrder(sut, { name: 'Ada', email: 'ada@example.com' });
    const sent = [...sut.platformWebhooks.sent].sort((a, b) => a.sequence - b.sequence);
    expect(sent.map((w) => [w.sequence, w.status])).toEqual([
      [1, 'order_received'],
      [2, 'shipped'],
      [3, 'in_transit'],
      [4, 'out_for_delivery'],
      [5, 'delivered'],
    ]);
    expect(sent.every((w) => w.orderId === orderId && !JSON.stringify(w).includes('ada@example.com'))).toBe(true);
    // The first was refused for good: dead-lettered once, for an admin to replay.
    expect([...sut.platformDeadLetters.deadLetters.keys()]).toEqual([`evt_order_${orderId}_1`]);
    // Refused on its first attempt: the dead letter says so.
    expect(sut.platformDeadLetters.deadLetters.get(`evt_order_${orderId}_1`)?.attempts).toBe(1);
  });
});
