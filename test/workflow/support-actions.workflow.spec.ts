import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { addShipmentUpdate, getOrderQuery, resendNotificationUpdate, type ResendNotificationInput } from '../../workflows/order/order.messages';
import type { Actor } from '../../workflows/order/order.types';
import { orderWorkflow } from '../../workflows/order/order.workflow';
import { orderWorkflowId, shipmentWorkflowId, WAYBILL_TASK_QUEUE } from '../../workflows/shared/ids';
import { ShipmentStatus } from '../../workflows/shared/vocabulary';
import { refreshNowSignal } from '../../workflows/shipment/shipment.messages';
import { ScriptedCarrier } from '../support/fake-carrier';
import { waitUntil } from '../support/http-client';
import { useWorkflowTestServer } from '../support/temporal-test-env';
import { UPS_JOURNEY } from '../support/tracking-events';
import { createHarness, TEST_LIFECYCLE_POLICY, TEST_POLL_POLICY, uniqueOrderId, type Harness } from '../support/workflow-harness';

/**
 * Support's two actions on the real-time dev server. The test poll policy waits an hour between
 * polls, so a parcel that moves within seconds moved because support asked.
 */
const platform: Actor = { role: 'platform', keyId: 'key_platform' };
const support: Actor = { role: 'support', keyId: 'key_support' };
const TRACKING = '1Z5R89390357567127';
const { label, pickedUp } = UPS_JOURNEY;

describe('support actions', () => {
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;

  useWorkflowTestServer('dev', (started, bundled) => {
    [env, bundle] = [started, bundled];
  });

  async function startOrder(sut: Harness) {
    const orderId = uniqueOrderId();
    const shipmentId = `shp_support_${orderId}`;
    const handle = await env.client.workflow.start(orderWorkflow, {
      workflowId: orderWorkflowId(orderId),
      taskQueue: WAYBILL_TASK_QUEUE,
      args: [
        {
          order: { orderId, customer: { name: 'Ada Lovelace', email: 'ada@example.com', phone: '+14155550123', timeZone: 'Etc/UTC' } },
          requestHash: 'test',
          pollPolicy: TEST_POLL_POLICY,
          lifecycle: TEST_LIFECYCLE_POLICY,
        },
      ],
    });
    await handle.executeUpdate(addShipmentUpdate, {
      args: [{ shipmentId, carrier: 'ups', trackingNumber: TRACKING, trackingUrl: `https://www.ups.com/track?tracknum=${TRACKING}`, actor: platform }],
    });
    await waitUntil('the first poll', async () => (sut.readModel.shipments.get(shipmentId)?.status === ShipmentStatus.INFO_RECEIVED ? true : undefined), 15_000, 100);
    return { orderId, shipmentId, handle };
  }

  it('refresh now asks the carrier at once instead of an hour later', async () => {
    const carrier = new ScriptedCarrier('ups', [[label], [label, pickedUp]]);
    const sut = createHarness(env, bundle, carrier);
    await sut.run(async () => {
      const { shipmentId, handle } = await startOrder(sut);
      expect(carrier.calls).toBe(1);

      await env.client.workflow.getHandle(shipmentWorkflowId(shipmentId)).signal(refreshNowSignal, { keyId: support.keyId });
      await waitUntil('the refreshed poll', async () => (sut.readModel.shipments.get(shipmentId)?.status === ShipmentStatus.IN_TRANSIT ? true : undefined), 15_000, 100);
      expect(carrier.calls).toBe(2);
      await waitUntil('the order to hear of it', async () => ((await handle.query(getOrderQuery)).status === 'in_transit' ? true : undefined), 15_000, 100);
      await handle.terminate('test over');
    });
  });

  it('resends a sent message once per request, on the one channel asked for', async () => {
    const sut = createHarness(env, bundle, new ScriptedCarrier('ups', [[label]]));
    await sut.run(async () => {
      const { orderId, shipmentId, handle } = await startOrder(sut);
      const shippedEmails = () => sut.email.sent.filter((m) => m.subject.includes('has shipped'));
      await waitUntil('the shipped email', async () => (shippedEmails().length === 1 ? true : undefined), 15_000, 100);
      const smsBefore = sut.sms.sent.length;

      const view = await handle.executeUpdate(resendNotificationUpdate, { args: [{ actor: support, milestone: 'shipped', channel: 'email', shipmentId }] });
      expect(view.history.at(-1)).toMatchObject({ type: 'notification_resent', actor: support });
      await waitUntil('the resent email', async () => (shippedEmails().length === 2 ? true : undefined), 15_000, 100);
      expect(shippedEmails()[1].text).toContain(TRACKING);
      expect([...sut.outbox.entries.keys()]).toContain(`${orderId}|shipped|${shipmentId}|email|resend-1`);

      // A second request is a second resend, under its own key.
      await handle.executeUpdate(resendNotificationUpdate, { args: [{ actor: support, milestone: 'shipped', channel: 'email', shipmentId }] });
      await waitUntil('the second resend', async () => (shippedEmails().length === 3 ? true : undefined), 15_000, 100);
      expect(sut.sms.sent.length).toBe(smsBefore);

      const refused = (input: ResendNotificationInput) =>
        handle.executeUpdate(resendNotificationUpdate, { args: [input] }).then(
          () => 'accepted',
          (err: unknown) => (err instanceof WorkflowUpdateFailedError ? (err.cause as { type?: string } | undefined)?.type : String(err)),
        );
      expect(await refused({ actor: support, milestone: 'delivered', channel: 'email', shipmentId })).toBe('NotificationNotSent');
      expect(await refused({ actor: platform, milestone: 'shipped', channel: 'email', shipmentId })).toBe('ActionNotAllowed');
      await handle.terminate('test over');
    });
  });
});
