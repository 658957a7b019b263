import { waitUntil } from '../support/http-client';
import { recordFinding } from './support/fault-record';
import { startFaultStack, type FaultStack } from './support/fault-stack';
import { expectInvariants, sandboxParcelEvents } from './support/invariants';
import { mongoOutageScenario } from './support/mongo-outage-scenario';
import { customersOf, orderBody, orderDetail, placeOrder, scenarioCustomer, shipParcel, waitForOrderClosed } from './support/process-fault-orders';
import { pushUps, toTheSecond, UPS_ACTIVITY, upsTrackAlert, type PushAnswer } from './support/ups-track-alerts';

/** Short enough for CI, long enough that timers fall due while Temporal is down. */
const DISPUTE_WINDOW_MS = 15_000;
/** The CI variant of the MongoDB outage; fault-scenarios.faults.long.spec.ts holds it for a minute. */
const MONGO_DOWN_MS = 15_000;

/**
 * Process faults short enough for CI (docs/reliability.md): the Temporal dev server restarted while
 * durable timers are due, and MongoDB unavailable for 15 s. One stack for both, each scenario on
 * orders of its own.
 */
describe('fault: servers restarted under the stack', () => {
  const runId = Date.now().toString(36);
  let stack: FaultStack;

  beforeAll(async () => {
    stack = await startFaultStack('servers', { ESCROW_DISPUTE_WINDOW_MS: String(DISPUTE_WINDOW_MS) });
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
  }, 90_000);

  it('fires the timers that fell due while the Temporal dev server was down, hands over the pushes it acknowledged meanwhile, and loses nothing', async () => {
    // "window": delivered before the restart, its dispute window ends while Temporal is down.
    // "polling": in transit, its polls (timer-driven retries) and delivery fall due while it is down.
    const window = scenarioCustomer(runId, 'tmp-window');
    const polling = scenarioCustomer(runId, 'tmp-polling');
    await placeOrder(stack, window, { amount: 4200, currency: 'USD' });
    await placeOrder(stack, polling, { amount: 1900, currency: 'USD' });
    const windowParcel = await shipParcel(stack, window.orderId, { speed: 40_000 });
    const releaseAt = await waitUntil(`${window.orderId}'s dispute window to start`, async () => {
      const escrow = (await orderDetail(stack, window.orderId)).escrow;
      return escrow?.state === 'release_scheduled' && escrow.releaseAt ? Date.parse(escrow.releaseAt) : undefined;
    }, 60_000, 500);
    const pollingParcel = await shipParcel(stack, polling.orderId, { speed: 20_000, push: false });
    // "push": a parcel that stalls at once; UPS pushes a departure scan for it while Temporal is down.
    const pushed = scenarioCustomer(runId, 'tmp-push');
    await placeOrder(stack, pushed);
    const pushedParcel = await shipParcel(stack, pushed.orderId, { scenario: 'stalled_then_lost', speed: 1_000_000, push: false });
    const stalledScans = await sandboxParcelEvents(stack.apiUrl, pushedParcel);
    const scansOf = async (orderId: string): Promise<Array<{ occurredAt: string }>> => (await orderDetail(stack, orderId)).shipments[0]?.events ?? [];
    await waitUntil(`${pushed.orderId} to show its ${stalledScans.length} scans`, async () => ((await scansOf(pushed.orderId)).length === stalledScans.length ? true : undefined), 30_000);
    const departedAt = new Date(Date.parse(stalledScans.at(-1)!.occurredAt) + 60_000);

    // Down until a few seconds after the window ends: its timer, and the polls, are overdue on restart.
    const downMs = Math.max(5_000, releaseAt - Date.now() + 5_000);
    let push: PushAnswer | undefined;
    const refused = await stack.restartTemporal(downMs, async () => {
      const status = await createWhileDown(stack, runId);
      push = await pushUps(stack.apiUrl, upsTrackAlert(pushedParcel, departedAt, UPS_ACTIVITY.departed));
      return status;
    });
    const restarted = Date.now();
    recordFinding(`Temporal down ${Math.round(downMs / 1000)} s (the dispute window ended ${Math.round((restarted - releaseAt) / 1000)} s before the restart); POST /v1/orders while down → ${refused}; a UPS push while down → ${push?.status}`);
    // Refused, not acknowledged and lost: the order was never started.
    expect(refused).toBe(503);
    // A carrier push needs no Temporal to be acknowledged: the inbox holds it until it can be handed over.
    expect(push).toEqual({ status: 200, body: { accepted: true, updates: 1 } });
    await waitUntil('the push acknowledged while Temporal was down to reach its shipment', async () => ((await scansOf(pushed.orderId)).some((e) => Date.parse(e.occurredAt) === Date.parse(toTheSecond(departedAt))) ? true : undefined), 120_000, 500);
    recordFinding(`the push acknowledged while Temporal was down reached its shipment ${Math.round((Date.now() - restarted) / 1000)} s after the restart`);

    await waitForOrderClosed(stack, window.orderId, 120_000);
    recordFinding(`${window.orderId}'s overdue release ran ${Math.round((Date.now() - restarted) / 1000)} s after the restart`);
    await waitForOrderClosed(stack, polling.orderId, 120_000);
    expect((await orderDetail(stack, window.orderId)).escrow.state).toBe('released');
    expect((await orderDetail(stack, polling.orderId)).escrow.state).toBe('released');

    await expectInvariants(stack.target, {
      orderIds: [window.orderId, polling.orderId],
      expectEvents: [...(await sandboxParcelEvents(stack.apiUrl, windowParcel)), ...(await sandboxParcelEvents(stack.apiUrl, pollingParcel))],
      customers: customersOf([window, polling]),
    });
    expect(stack.unexpectedExits()).toEqual([]);
  }, 420_000);

  it(`answers while MongoDB is unavailable for ${MONGO_DOWN_MS / 1000} s, then converges`, async () => {
    await mongoOutageScenario(stack, runId, MONGO_DOWN_MS);
  }, 360_000);
});

/** An order created once Temporal has exited: the API must refuse it (503), not hang or accept it. */
async function createWhileDown(stack: FaultStack, runId: string): Promise<number> {
  await waitUntil('the API to report Temporal down', async () => ((await stack.api.get('/health/ready')).status === 503 ? true : undefined), 30_000, 250);
  const c = scenarioCustomer(runId, 'tmp-refused');
  const response = await stack.api.post('/v1/orders', orderBody(c), stack.apiKeys.platform);
  return response.status;
}
