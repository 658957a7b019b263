import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { addShipmentUpdate, type AddShipmentInput } from '../../workflows/order/order.messages';
import { orderWorkflow } from '../../workflows/order/order.workflow';
import { DEFAULT_LIFECYCLE_POLICY } from '../../workflows/shared/lifecycle-policy';
import { orderWorkflowId, WAYBILL_TASK_QUEUE } from '../../workflows/shared/ids';
import { EscrowState, OrderStatus } from '../../workflows/shared/vocabulary';
import { ScriptedCarrier } from '../support/fake-carrier';
import { useWorkflowTestServer } from '../support/temporal-test-env';
import { UPS_JOURNEY } from '../support/tracking-events';
import { createHarness, TEST_POLL_POLICY, uniqueOrderId } from '../support/workflow-harness';

/**
 * A multi-parcel order on a time-skipping server of its own: other tests' leftover workflows and
 * timers on a shared server moved its clock and starved its parcels' polls.
 */
const platform = { role: 'platform' as const, keyId: 'key_test' };
const { label, pickedUp, outForDelivery, delivered } = UPS_JOURNEY;

describe('multi-parcel order on durable timers', () => {
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;

  useWorkflowTestServer('time-skipping', (started, bundled) => {
    [env, bundle] = [started, bundled];
  });

  const parcel = (shipmentId: string, trackingNumber: string): [AddShipmentInput] => [
    { shipmentId, carrier: 'ups', trackingNumber, trackingUrl: `https://www.ups.com/track?tracknum=${trackingNumber}`, actor: platform },
  ];

  it('waits for every parcel before scheduling the release, and releases once', async () => {
    const sut = createHarness(env, bundle, new ScriptedCarrier('ups', [[label], [label, pickedUp], [label, pickedUp, outForDelivery], [label, pickedUp, outForDelivery, delivered]]));
    const orderId = uniqueOrderId();
    const result = await sut.run(async () => {
      const handle = await env.client.workflow.start(orderWorkflow, {
        workflowId: orderWorkflowId(orderId),
        taskQueue: WAYBILL_TASK_QUEUE,
        args: [
          {
            order: { orderId, customer: { name: 'Ada', email: 'ada@example.com' }, escrow: { amount: 4999, currency: 'USD' } },
            requestHash: 'test',
            pollPolicy: TEST_POLL_POLICY,
            lifecycle: DEFAULT_LIFECYCLE_POLICY,
          },
        ],
      });
      await handle.executeUpdate(addShipmentUpdate, { args: parcel('shp_multi_1', '1Z5R89390357567127') });
      await handle.executeUpdate(addShipmentUpdate, { args: parcel('shp_multi_2', '1Z999AA10123456784') });
      return handle.result();
    });
    expect(result.status).toBe(OrderStatus.DELIVERED);
    expect(result.escrow.state).toBe(EscrowState.RELEASED);
    const scheduled = result.history.find((h) => h.type === 'escrow_release_scheduled')!;
    const allDelivered = result.history.find((h) => h.type === 'status_changed' && h.detail?.endsWith('→ delivered'))!;
    expect(Date.parse(scheduled.at)).toBeGreaterThanOrEqual(Date.parse(allDelivered.at));
    expect(sut.escrowProvider.transactions).toHaveLength(1);
  });
});
