import { waitUntil } from '../support/http-client';
import { recordFinding } from './support/fault-record';
import { startFaultStack, type FaultStack } from './support/fault-stack';
import { expectInvariants, sandboxParcelEvents } from './support/invariants';
import { mongoOutageScenario } from './support/mongo-outage-scenario';
import { customersOf, orderDetail, placeOrder, scenarioCustomer, shipParcel, waitForOrderClosed, type ScenarioCustomer } from './support/process-fault-orders';

/**
 * Long process faults, run by `npm run test:faults` only (docs/reliability.md): the worker killed
 * with SIGKILL while it polls a carrier, while it releases escrow and while it sends a notification,
 * each time replaced by a fresh worker; and MongoDB unavailable for a whole minute.
 *
 * Each kill lands inside a request the sandbox holds on purpose (a fault, not timing), and recovery
 * waits for Temporal to notice the dead attempt: the activity's start-to-close timeout (the carrier
 * poll's 2 min, the escrow settlement's and the send's 1 min), so these take minutes.
 */
describe('fault: processes killed and MongoDB gone for a minute', () => {
  /** Held long enough to kill the worker inside the request; below the clients' own timeouts (carrier 15 s, SMTP 30 s). */
  const HOLD_MS = 12_000;
  const runId = Date.now().toString(36);
  let stack: FaultStack;

  beforeAll(async () => {
    stack = await startFaultStack('process', { ESCROW_DISPUTE_WINDOW_MS: '5000' });
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
  }, 90_000);

  /** Kills the worker, starts a fresh one, and returns when the kill happened. */
  async function replaceWorker(): Promise<number> {
    await stack.killWorker();
    const killedAt = Date.now();
    await stack.startWorker();
    return killedAt;
  }

  async function expectOrdersConverged(customers: ScenarioCustomer[], trackingNumbers: string[]): Promise<void> {
    const events = (await Promise.all(trackingNumbers.map((n) => sandboxParcelEvents(stack.apiUrl, n)))).flat();
    await expectInvariants(stack.target, { orderIds: customers.map((c) => c.orderId), expectEvents: events, customers: customersOf(customers) });
    expect(stack.workerOutput()).not.toMatch(/nondetermin|TMPRL1100/i);
    expect(stack.unexpectedExits()).toEqual([]);
  }

  it('kill -9 while the worker polls a carrier: a fresh worker polls on and the parcel is delivered', async () => {
    const c = scenarioCustomer(runId, 'kill-poll');
    await placeOrder(stack, c, { amount: 2500, currency: 'USD' });
    // The next track call is held by UPS's emulator: the worker is inside the poll activity when it dies.
    expect((await stack.api.post('/sandbox/carriers/ups/faults', { fault: { kind: 'slow', delayMs: HOLD_MS }, count: 1, endpoint: 'track' })).status).toBe(201);
    // Polled only: no push can make up for the dead poll.
    const trackingNumber = await shipParcel(stack, c.orderId, { push: false });
    await waitUntil('the held track call', async () => ((await stack.api.get('/sandbox/carriers/ups')).body.pendingFaults.length === 0 ? true : undefined), 30_000, 200);
    const killedAt = await replaceWorker();

    await waitForOrderClosed(stack, c.orderId, 300_000);
    recordFinding(`parcel delivered and escrow released ${Math.round((Date.now() - killedAt) / 1000)} s after the kill (the poll's 2-minute start-to-close timeout is most of it)`);
    expect((await orderDetail(stack, c.orderId)).escrow.state).toBe('released');
    await expectOrdersConverged([c], [trackingNumber]);
  }, 420_000);

  it('kill -9 while the worker releases escrow: the takeover releases exactly once', async () => {
    // "committed": the provider made the transfer and holds its answer. "held": it holds the request
    // before making it. Either way the dead worker never hears; its retry must not release twice.
    const committed = scenarioCustomer(runId, 'kill-escrow-committed');
    const held = scenarioCustomer(runId, 'kill-escrow-held');
    const parcels: string[] = [];
    for (const c of [committed, held]) {
      await placeOrder(stack, c, { amount: 4200, currency: 'USD' });
      parcels.push(await shipParcel(stack, c.orderId));
    }
    // Queued once the parcels are on their way: the next two transfers are these orders'.
    await stack.api.post('/sandbox/escrow/faults', { fault: { kind: 'timeout_after_commit', delayMs: HOLD_MS }, count: 1, endpoint: 'transfers' });
    await stack.api.post('/sandbox/escrow/faults', { fault: { kind: 'slow', delayMs: HOLD_MS }, count: 1, endpoint: 'transfers' });
    await waitUntil('both releases held by the provider', async () => ((await stack.api.get('/sandbox/escrow')).body.pendingFaults.length === 0 ? true : undefined), 90_000, 200);
    const killedAt = await replaceWorker();

    for (const c of [committed, held]) await waitForOrderClosed(stack, c.orderId, 240_000);
    recordFinding(`both releases settled ${Math.round((Date.now() - killedAt) / 1000)} s after the kill; provider stats ${JSON.stringify((await stack.api.get('/sandbox/escrow')).body.stats)}`);
    for (const c of [committed, held]) expect((await orderDetail(stack, c.orderId)).escrow.state).toBe('released');
    await expectOrdersConverged([committed, held], parcels);
  }, 420_000);

  it('kill -9 while the worker sends a notification: the customer hears each milestone once', async () => {
    // The whole technique, on every channel, is test/e2e/notification-crash.e2e.spec.ts; this is
    // its email case ending with the suite's invariants: the sink keeps the message and holds its 250.
    const c = scenarioCustomer(runId, 'kill-send');
    expect((await stack.api.post('/sandbox/mail/controls', { fault: { kind: 'slow', delayMs: HOLD_MS } })).status).toBe(200);
    await placeOrder(stack, c, { amount: 1500, currency: 'USD' });
    await waitUntil('the sink to hold the order_received email', async () => {
      const { pendingFaults } = (await stack.api.get('/sandbox/mail/controls')).body;
      const mail = (await stack.api.get(`/sandbox/mail?to=${encodeURIComponent(c.email)}`)).body.messages;
      return pendingFaults.length === 0 && mail.length === 1 ? true : undefined;
    }, 30_000, 200);
    const killedAt = await replaceWorker();
    const trackingNumber = await shipParcel(stack, c.orderId);

    await waitForOrderClosed(stack, c.orderId, 240_000);
    const log = (await stack.api.get(`/v1/orders/${c.orderId}/notifications`, stack.apiKeys.support)).body.notifications as Array<{ milestone: string; channel: string; attempts: number; state: string }>;
    const email = log.find((e) => e.milestone === 'order_received' && e.channel === 'email');
    recordFinding(`order closed ${Math.round((Date.now() - killedAt) / 1000)} s after the kill; the held email was sent ${email?.attempts} times in all (SMTP has no idempotency key: same Message-ID)`);
    expect(email).toMatchObject({ state: 'sent', attempts: 2 });
    await expectOrdersConverged([c], [trackingNumber]);
  }, 420_000);

  it('answers while MongoDB is unavailable for 60 s, then converges', async () => {
    await mongoOutageScenario(stack, runId, 60_000);
  }, 420_000);
});
