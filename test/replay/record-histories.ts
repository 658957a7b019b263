/**
 * Records the event histories that the replay test replays (`npm run record-histories`).
 *
 * Run it whenever workflow code changes on purpose, and commit the new files next to the old
 * ones: old histories must keep replaying, or running workflows would break on deploy.
 * Each scenario runs the real workflows on a Temporal dev server with in-memory activities, through
 * the test environment's data converter: payloads and failure messages are encrypted with the
 * committed test-only key (TEST_ONLY_PAYLOAD_ENCRYPTION_KEYS), which the replay test decrypts with.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { Client } from '@temporalio/client';
import {
  addShipmentUpdate,
  cancelOrderUpdate,
  getOrderQuery,
  markProcessingUpdate,
  reportProblemUpdate,
  resendNotificationUpdate,
  resolveDisputeUpdate,
} from '../../workflows/order/order.messages';
import { orderWorkflow } from '../../workflows/order/order.workflow';
import { carrierEventsSignal, refreshNowSignal } from '../../workflows/shipment/shipment.messages';
import { orderWorkflowId, shipmentWorkflowId, WAYBILL_TASK_QUEUE } from '../../workflows/shared/ids';
import { EscrowState, ShipmentStatus } from '../../workflows/shared/vocabulary';
import { ScriptedCarrier } from '../support/fake-carrier';
import { bundleWaybillWorkflows, createLocalDevEnv } from '../support/temporal-test-env';
import { trackingEvent, UPS_JOURNEY } from '../support/tracking-events';
import { waitUntil } from '../support/http-client';
import { defaultNotificationPreferences } from '../../activities/notifications/notification-policy';
import { createHarness, TEST_LIFECYCLE_POLICY, TEST_POLL_POLICY } from '../support/workflow-harness';

/** Bump when workflow code changes in a way worth a new set of histories. */
// v2: shipments take kept pushes at their start and poll on the adaptive schedule (patches in shipment.workflow.ts).
// v3: the lifecycle: delays, confirmation by a second read, dispute window, escrow release and refund, disputes.
const HISTORY_VERSION = 'v6';
const OUT_DIR = join(__dirname, 'histories');
const actor = { role: 'platform' as const, keyId: 'key_recorder' };
const customer = { role: 'customer' as const, keyId: 'tok_recorder' };
const admin = { role: 'admin' as const, keyId: 'key_recorder_admin' };
const support = { role: 'support' as const, keyId: 'key_recorder_support' };
/** Real-time clocks short enough to record in seconds: a 2-second dispute window. */
const lifecycle = { ...TEST_LIFECYCLE_POLICY, disputeWindowMs: 2_000 };
const trackingNumber = '1Z5R89390357567127';

const { label, pickedUp, outForDelivery } = UPS_JOURNEY;
const attempt = trackingEvent(ShipmentStatus.ATTEMPT_FAILED, '2026-11-22T12:00:00-05:00');
const delivered = trackingEvent(ShipmentStatus.DELIVERED, '2026-11-23T14:30:00-05:00');

async function save(client: Client, workflowId: string, name: string): Promise<void> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const file = join(OUT_DIR, `${name}.${HISTORY_VERSION}.json`);
  writeFileSync(file, `${historyToJSON(history)}\n`);
  process.stdout.write(`recorded ${file}\n`);
}

async function main(): Promise<void> {
  mkdirSync(OUT_DIR, { recursive: true });
  const env = await createLocalDevEnv();
  const bundle = await bundleWaybillWorkflows();
  const order = (orderId: string, continueAsNewAtHistoryLength?: number) => ({
    workflowId: orderWorkflowId(orderId),
    taskQueue: WAYBILL_TASK_QUEUE,
    args: [
      {
        order: {
          orderId,
          customer: { name: 'Replay Customer', email: 'replay@example.com', phone: '+14155550123', customerRef: 'cus_replay' },
          escrow: { amount: 4200, currency: 'USD' },
          // Already past: the order is late from its start, and says so once.
          promisedDeliveryDate: '2026-11-21',
        },
        requestHash: 'recorded',
        pollPolicy: { ...TEST_POLL_POLICY, preTransitMs: 1000, inTransitMs: 1000, outForDeliveryMs: 1000 },
        lifecycle,
        continueAsNewAtHistoryLength,
      },
    ] as Parameters<typeof orderWorkflow>,
  });
  const shipment = (shipmentId: string) => ({ shipmentId, carrier: 'ups' as const, trackingNumber, trackingUrl: `https://www.ups.com/track?tracknum=${trackingNumber}`, actor });

  try {
    // Polls and a pushed event, a failed attempt, then delivery.
    const deliveredCarrier = new ScriptedCarrier('ups', [[label], [label, pickedUp], [label, pickedUp, outForDelivery], [label, pickedUp, outForDelivery, attempt, delivered]]);
    const deliveredHarness = createHarness(env, bundle, deliveredCarrier);
    // Quiet hours (UTC) that end within two minutes: SMS waits on a durable timer, then collapses.
    const hhmm = (offsetMinutes: number) => new Date(Date.now() + offsetMinutes * 60_000).toISOString().slice(11, 16);
    deliveredHarness.notificationPolicy.preferences.set('cus_replay', { ...defaultNotificationPreferences(), quietHours: { start: hhmm(-1), end: hhmm(2) } });
    await deliveredHarness.run(async () => {
      const handle = await env.client.workflow.start(orderWorkflow, order('REPLAY-DELIVERED'));
      await handle.executeUpdate(markProcessingUpdate, { args: [{ actor }] });
      await handle.executeUpdate(addShipmentUpdate, { args: [shipment('shp_replay_delivered')] });
      await env.client.workflow.getHandle(shipmentWorkflowId('shp_replay_delivered')).signal(carrierEventsSignal, { events: [pickedUp] });
      // Support's actions: a resend of the first email, and a poll asked for now.
      await handle.executeUpdate(resendNotificationUpdate, { args: [{ actor: support, milestone: 'order_received', channel: 'email' }] });
      await env.client.workflow.getHandle(shipmentWorkflowId('shp_replay_delivered')).signal(refreshNowSignal, { keyId: support.keyId });
      await handle.result();
      await save(env.client, handle.workflowId, 'order.delivered');
      await save(env.client, shipmentWorkflowId('shp_replay_delivered'), 'shipment.delivered');
    });

    await createHarness(env, bundle, new ScriptedCarrier('ups', [[]])).run(async () => {
      const handle = await env.client.workflow.start(orderWorkflow, order('REPLAY-CANCELLED'));
      await handle.executeUpdate(cancelOrderUpdate, { args: [{ actor, reason: 'recorded' }] });
      await handle.result();
      await save(env.client, handle.workflowId, 'order.cancelled');
    });

    // Delivered, then reported not received inside the dispute window, then refunded by an admin.
    const disputedCarrier = new ScriptedCarrier('ups', [[label, pickedUp, outForDelivery, delivered]]);
    await createHarness(env, bundle, disputedCarrier).run(async () => {
      const handle = await env.client.workflow.start(orderWorkflow, { ...order('REPLAY-DISPUTED'), args: [{ ...order('REPLAY-DISPUTED').args[0], lifecycle: { ...lifecycle, disputeWindowMs: 600_000 } }] });
      await handle.executeUpdate(addShipmentUpdate, { args: [shipment('shp_replay_disputed')] });
      await waitUntil('the release to be scheduled', async () => ((await handle.query(getOrderQuery)).escrow.state === EscrowState.RELEASE_SCHEDULED ? true : undefined), 30_000, 100);
      await handle.executeUpdate(reportProblemUpdate, { args: [{ actor: customer, kind: 'not_received', note: 'recorded' }] });
      await handle.executeUpdate(resolveDisputeUpdate, { args: [{ actor: admin, resolution: 'refund', note: 'recorded' }] });
      await handle.result();
      await save(env.client, handle.workflowId, 'order.disputed');
    });
  } finally {
    await env.teardown();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
