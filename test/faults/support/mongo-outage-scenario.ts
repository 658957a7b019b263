import { waitUntil } from '../../support/http-client';
import { recordFinding } from './fault-record';
import { sleep, type FaultStack } from './fault-stack';
import { checkInvariants, expectInvariants, sandboxParcelEvents } from './invariants';
import { customersOf, orderBody, placeOrder, scenarioCustomer, shipParcel, waitForOrderClosed, type ScenarioCustomer } from './process-fault-orders';

/** What a request answered while MongoDB was down. */
interface Answer {
  what: string;
  status: number;
}

/**
 * MongoDB (FerretDB) is stopped for `downMs` while a parcel moves and its order's lifecycle runs.
 * Meanwhile the API must answer, never crash, and never acknowledge a write it then loses; the
 * worker's activities fail and retry. Once it is back, everything converges and the invariants hold.
 * Shared by the CI variant (~15 s) and the long one (60 s).
 */
export async function mongoOutageScenario(stack: FaultStack, runId: string, downMs: number): Promise<void> {
  const moving = scenarioCustomer(runId, 'mongo-moving');
  const during = scenarioCustomer(runId, 'mongo-during');
  await placeOrder(stack, moving, { amount: 4200, currency: 'USD' });
  // Delivered about 13 s after it is made (sandbox speed 20,000): its scans land during the outage.
  const trackingNumber = await shipParcel(stack, moving.orderId);

  const answers: Answer[] = [];
  const ask = async (what: string, request: () => Promise<{ status: number }>) => {
    try {
      answers.push({ what, status: (await request()).status });
    } catch (err) {
      answers.push({ what, status: 0 });
      recordFinding(`${what}: no HTTP answer (${err instanceof Error ? err.message : String(err)})`);
    }
  };

  const started = Date.now();
  let acceptedDuring: ScenarioCustomer | undefined;
  await stack.withMongoDown(async () => {
    await ask('GET /health/ready', () => stack.api.get('/health/ready'));
    await ask('GET /v1/orders/{id}', () => stack.api.get(`/v1/orders/${moving.orderId}`, stack.apiKeys.support));
    await ask('GET /v1/orders', () => stack.api.get('/v1/orders?limit=5', stack.apiKeys.support));
    await ask('PUT notification preferences', () =>
      stack.api.put(`/v1/customers/${during.customerRef}/notification-preferences`, { channels: { email: 'all', sms: 'all', push: 'all' }, quietHours: null }, stack.apiKeys.platform),
    );
    await ask('POST /v1/orders', async () => {
      const created = await stack.api.post('/v1/orders', orderBody(during), stack.apiKeys.platform);
      if (created.status === 201) acceptedDuring = during;
      return created;
    });
    await sleep(Math.max(0, downMs - (Date.now() - started)));
    await ask('GET /health/ready (end of outage)', () => stack.api.get('/health/ready'));
  });
  recordFinding(`MongoDB down ${Math.round((Date.now() - started) / 1000)} s; the API answered ${answers.map((a) => `${a.what} → ${a.status || 'nothing'}`).join(', ')}`);

  // Answers, not crashes: every request got a status, none a 500 (an unhandled error).
  expect(answers.filter((a) => a.status === 0 || a.status >= 500 && a.status !== 503)).toEqual([]);
  // A write the API acknowledged is kept; one it refused is retried, as a client does after a 503,
  // and the retry is accepted once (201), or finds the order the refused request had started (200).
  if (!acceptedDuring) {
    const retried = await waitUntil(`${during.orderId} accepted on retry`, async () => {
      const created = await stack.api.post('/v1/orders', orderBody(during), stack.apiKeys.platform);
      return created.status === 200 || created.status === 201 ? created.status : undefined;
    }, 60_000, 1_000);
    recordFinding(`the order refused with 503 during the outage, retried after it: ${retried === 200 ? '200 (the refused request had started it; the retry found it)' : '201 (created by the retry)'}`);
  }

  await waitUntil('the API to be ready again', async () => ((await stack.api.get('/health/ready')).status === 200 ? true : undefined), 60_000, 1_000);
  const recovered = Date.now();
  await waitForOrderClosed(stack, moving.orderId, 180_000);
  recordFinding(`${moving.orderId} completed (delivered, escrow released) ${Math.round((Date.now() - recovered) / 1000)} s after MongoDB returned`);
  // The order placed during or after the outage reaches the read model too (its workflow writes it).
  const scope = { orderIds: [moving.orderId, during.orderId] };
  await waitUntil('both orders in the read model and Temporal', async () => ((await checkInvariants(stack.target, { ...scope, only: ['nothingLost'] })).ok ? true : undefined), 60_000, 1_000);

  await expectInvariants(stack.target, {
    ...scope,
    expectEvents: await sandboxParcelEvents(stack.apiUrl, trackingNumber),
    customers: customersOf([moving, during]),
  });
  expect(stack.unexpectedExits()).toEqual([]);
}
