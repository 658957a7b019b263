import { orderWorkflowId, shipmentWorkflowId } from '../../workflows/shared/ids';
import { recordFinding } from './support/fault-record';
import { startFaultStack, type FaultStack } from './support/fault-stack';
import { expectChronological, expectMilestonesOnce, expectNoRegression, mailSubjects, platformStatusSequence, scaledPollEnv, workflowRuns } from './support/input-fault-helpers';
import { expectInvariants, sandboxParcelEvents } from './support/invariants';
import { customersOf, orderDetail, placeOrder, scenarioCustomer, shipParcel, waitForOrderClosed } from './support/process-fault-orders';

/** Waybill's clocks (polling, stalls, loss, confirmation, the dispute window) run 50,000× fast: a simulated day lasts 1.7 s. */
const CLOCK_SPEED = 50_000;
const DAY_MS = 86_400_000;
const SIM_DAY_MS = DAY_MS / CLOCK_SPEED;
/** The sandbox's `delivered` parcel takes 52 simulated hours; played this much slower than Waybill's clocks, it takes 90 days. */
const SHIPMENT_DAYS = 90;
const STRETCH = (SHIPMENT_DAYS * 24) / 52;
/**
 * Temporal suggests continue-as-new after 4,096 events by default; a parcel that sits still costs
 * no history (unchanged polls are retries, which Temporal does not record), so even 90 days of
 * tracking stay far below it. The dev server is told to suggest it at this length instead, so the
 * same code path (`continueAsNewSuggested`) runs several times within one shipment.
 */
const SUGGEST_CONTINUE_AS_NEW_AT = 40;

/**
 * Fault scenario (long, `npm run test:faults`): a 90-day shipment that continues as new several
 * times on the real stack (docs/reliability.md, "A 90-day shipment"). The parcel's scans are up to
 * 19 simulated days apart, so stall and loss thresholds are set as a merchant shipping by sea
 * would set them; everything else is the development configuration at 50,000×.
 */
describe('fault: a 90-day shipment across several runs', () => {
  const runId = Date.now().toString(36);
  let stack: FaultStack;

  beforeAll(async () => {
    const days = (n: number) => String(Math.round(n * SIM_DAY_MS));
    stack = await startFaultStack('long-shipment', {
      ...scaledPollEnv(CLOCK_SPEED),
      TEMPORAL_DEV_DYNAMIC_CONFIG: `limit.historyCount.suggestContinueAsNew=${SUGGEST_CONTINUE_AS_NEW_AT}`,
      LIFECYCLE_STALL_PRE_TRANSIT_MS: days(21),
      LIFECYCLE_STALL_IN_TRANSIT_MS: days(21),
      LIFECYCLE_STALL_OUT_FOR_DELIVERY_MS: days(21),
      LIFECYCLE_LOST_AFTER_MS: days(30),
      DELIVERY_CONFIRM_DELAY_MS: '1000',
    });
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
  }, 90_000);

  it(`tracks a parcel for ${SHIPMENT_DAYS} simulated days through at least three runs, and every invariant holds across them`, async () => {
    const customer = scenarioCustomer(runId, 'ninety-days');
    await placeOrder(stack, customer, { amount: 9900, currency: 'USD' });
    const begun = Date.now();
    const trackingNumber = await shipParcel(stack, customer.orderId, { carrier: 'ups', scenario: 'delivered', speed: CLOCK_SPEED / STRETCH, push: true });

    await waitForOrderClosed(stack, customer.orderId, SHIPMENT_DAYS * SIM_DAY_MS + 180_000);
    const elapsedDays = (Date.now() - begun) / SIM_DAY_MS;
    const order = await orderDetail(stack, customer.orderId);
    expect(order).toMatchObject({ status: 'delivered', escrow: { state: 'released' }, shipments: [{ status: 'delivered' }] });
    expect(elapsedDays).toBeGreaterThanOrEqual(SHIPMENT_DAYS - 1);
    const events = await sandboxParcelEvents(stack.apiUrl, trackingNumber);
    expect(order.shipments[0].events).toHaveLength(events.length);
    expectChronological(order.shipments[0].events);

    const shipmentRuns = await workflowRuns(stack, shipmentWorkflowId(order.shipments[0].shipmentId));
    const orderRuns = await workflowRuns(stack, orderWorkflowId(customer.orderId));
    recordFinding(
      `${Math.round(elapsedDays)} simulated days in ${Math.round((Date.now() - begun) / 1000)} s; shipment ${shipmentRuns.length} runs ` +
        `(${shipmentRuns.map((r) => r.historyLength).join(' + ')} events), order ${orderRuns.length} runs (${orderRuns.map((r) => r.historyLength).join(' + ')} events); ` +
        `continue-as-new suggested at ${SUGGEST_CONTINUE_AS_NEW_AT} events`,
    );
    expect(shipmentRuns.length).toBeGreaterThanOrEqual(3);

    expectNoRegression(await platformStatusSequence(stack, customer.orderId));
    expectMilestonesOnce(await mailSubjects(stack, customer.email), customer.orderId);
    // Every run of both workflows is exported and checked: the invariants hold across runs.
    const report = await expectInvariants(stack.target, { orderIds: [customer.orderId], expectEvents: events, customers: customersOf([customer]) });
    expect(report.results.find((r) => r.name === 'noNondeterminism')?.checked).toContain(`${shipmentRuns.length + orderRuns.length} runs`);
  }, 20 * 60_000);
});
