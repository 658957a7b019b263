import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SANDBOX_ESCROW_SECRET_KEY } from '../../src/config/config';
import { allocatePorts, startDevStack, type RunningStack } from '../support/dev-stack-process';
import { httpClient, waitUntil } from '../support/http-client';

/**
 * Every branch of an order's life on the real stack (Temporal dev server, FerretDB, worker, API,
 * sandbox carriers, SMTP sink and escrow provider), driven over HTTP only. All orders start in
 * `beforeAll` and play out side by side; each test then waits for its own order's ending. The
 * stack's clocks are shortened so a stall, a loss and a dispute window each take seconds.
 */
describe('order lifecycle end to end', () => {
  let dataDir: string;
  let stack: RunningStack;
  let api: ReturnType<typeof httpClient>;
  const runId = Date.now().toString(36);
  const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
  const DISPUTE_WINDOW_MS = 15_000;

  interface Started {
    orderId: string;
    email: string;
    trackingNumbers: string[];
  }
  const orders = new Map<string, Started>();

  const key = () => stack.apiKeys;

  async function startOrder(name: string, scenarios: string[], options: { promised?: string; speed?: number } = {}): Promise<void> {
    const orderId = `LC-${runId}-${name}`;
    const email = `${name}.${runId}@example.com`;
    const created = await api.post(
      '/v1/orders',
      {
        orderId,
        customer: { name: 'Grace Hopper', email, locale: 'en-US', timeZone: 'America/Chicago' },
        promisedDeliveryDate: options.promised ?? day(10),
        escrow: { amount: 4999, currency: 'USD' },
      },
      key().platform,
    );
    expect(created.status).toBe(201);
    const trackingNumbers: string[] = [];
    for (const scenario of scenarios) {
      const parcel = await api.post('/sandbox/parcels', { carrier: 'ups', scenario, speed: options.speed ?? 20_000 });
      expect(parcel.status).toBe(201);
      const added = await api.post(`/v1/orders/${orderId}/shipments`, { trackingNumber: parcel.body.trackingNumber }, key().platform);
      expect(added.status).toBe(201);
      trackingNumbers.push(parcel.body.trackingNumber);
    }
    orders.set(name, { orderId, email, trackingNumbers });
  }

  const order = async (name: string) => (await api.get(`/v1/orders/${orders.get(name)!.orderId}`, key().support)).body;

  const waitForOrder = (name: string, what: string, check: (body: any) => boolean, timeoutMs = 120_000) =>
    waitUntil(`${name}: ${what}`, async () => {
      const body = await order(name);
      return check(body) ? body : undefined;
    }, timeoutMs);

  const subjects = async (name: string): Promise<string[]> => {
    const { body } = await api.get(`/sandbox/mail?to=${encodeURIComponent(orders.get(name)!.email)}`);
    return body.messages.map((m: { subject: string }) => m.subject);
  };

  const escrowLedger = async (name: string) => {
    const orderId = orders.get(name)!.orderId;
    const auth = SANDBOX_ESCROW_SECRET_KEY;
    const transfers = await api.get(`/sandbox/escrow/v1/transfers?order_id=${orderId}`, auth);
    const refunds = await api.get(`/sandbox/escrow/v1/refunds?order_id=${orderId}`, auth);
    return { transfers: transfers.body.data as unknown[], refunds: refunds.body.data as unknown[] };
  };

  const customerToken = async (name: string): Promise<string> => {
    const issued = await api.post(`/v1/orders/${orders.get(name)!.orderId}/customer-token`, undefined, key().platform);
    expect(issued.status).toBe(201);
    return issued.body.token;
  };

  const alertsOf = async (name: string): Promise<Array<{ kind: string }>> =>
    (await api.get(`/v1/alerts?orderId=${encodeURIComponent(orders.get(name)!.orderId)}`, key().support)).body.alerts;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'waybill-e2e-lifecycle-'));
    stack = await startDevStack(dataDir, await allocatePorts(), {
      POLL_INTERVAL_PRE_TRANSIT_MS: '1000',
      POLL_INTERVAL_IN_TRANSIT_MS: '1000',
      POLL_INTERVAL_OUT_FOR_DELIVERY_MS: '1000',
      POLL_INTERVAL_ATTEMPT_FAILED_MS: '1000',
      POLL_INTERVAL_AWAITING_PICKUP_MS: '1000',
      LIFECYCLE_STALL_IN_TRANSIT_MS: '6000',
      LIFECYCLE_LOST_AFTER_MS: '15000',
      DELIVERY_CONFIRM_DELAY_MS: '500',
      ESCROW_DISPUTE_WINDOW_MS: String(DISPUTE_WINDOW_MS),
    });
    api = httpClient(stack.apiUrl);
    await startOrder('release', ['delivered_with_signature']);
    await startOrder('attempt', ['failed_attempt_then_delivered']);
    await startOrder('lost', ['stalled_then_lost']);
    await startOrder('multi', ['delivered', 'failed_attempt_then_delivered']);
    await startOrder('returned', ['three_failed_attempts_then_returned']);
    // Sandbox time runs so fast that every estimate falls today, so this promise is late from the start
    // (two days back, because a promised day ends only when it has ended everywhere, at UTC−12).
    await startOrder('late', ['eta_slips'], { promised: day(-2) });
  }, 300_000);

  afterAll(async () => {
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('releases the escrow exactly once when the dispute window ends after a confirmed delivery', async () => {
    const released = await waitForOrder('release', 'escrow released', (o) => o.escrow.state === 'released', 180_000);
    expect(released.status).toBe('delivered');
    expect(released.escrow.transactionId).toMatch(/^tr_/);
    expect(released.history.map((h: { type: string }) => h.type)).toEqual(expect.arrayContaining(['escrow_release_scheduled', 'escrow_released']));
    expect(await escrowLedger('release')).toEqual({ transfers: [expect.objectContaining({ amount: 4999 })], refunds: [] });
  }, 240_000);

  // These two orders start in their own tests: their dispute windows must still be open when the test acts.
  it('releases at once when the customer confirms receipt', async () => {
    await startOrder('confirm', ['delivered']);
    await waitForOrder('confirm', 'delivered and confirmed', (o) => o.escrow.state === 'release_scheduled');
    const token = await customerToken('confirm');
    const confirmed = await api.post(`/v1/track/${token}/confirm-receipt`);
    expect(confirmed.status).toBe(200);
    // Well inside the dispute window: the customer's word released it, not the window's end.
    const released = await waitForOrder('confirm', 'escrow released', (o) => o.escrow.state === 'released', DISPUTE_WINDOW_MS - 5_000);
    expect(released.history.find((h: { type: string }) => h.type === 'receipt_confirmed')).toMatchObject({ actor: { role: 'customer' } });
    expect((await escrowLedger('confirm')).transfers).toHaveLength(1);
  }, 240_000);

  it('holds the money on a "not received" report, alerts support, and refunds on the admin’s word', async () => {
    await startOrder('dispute', ['delivered']);
    await waitForOrder('dispute', 'delivered and confirmed', (o) => o.escrow.state === 'release_scheduled');
    const token = await customerToken('dispute');
    const reported = await api.post(`/v1/track/${token}/report-problem`, { kind: 'not_received', note: 'Nothing at the door' });
    expect(reported.status).toBe(200);
    expect(reported.body.escrow.state).toBe('disputed');
    await waitUntil('the dispute alert', async () => ((await alertsOf('dispute')).some((a) => a.kind === 'dispute_opened') ? true : undefined), 10_000);
    // The dispute window passing changes nothing while the dispute is open.
    await new Promise((resolve) => setTimeout(resolve, DISPUTE_WINDOW_MS + 1000));
    expect((await order('dispute')).escrow.state).toBe('disputed');
    const resolved = await api.post(`/v1/orders/${orders.get('dispute')!.orderId}/dispute/resolve`, { resolution: 'refund', note: 'Carrier could not show proof' }, key().admin);
    expect(resolved.status).toBe(200);
    await waitForOrder('dispute', 'escrow refunded', (o) => o.escrow.state === 'refunded', 10_000);
    expect(await escrowLedger('dispute')).toEqual({ transfers: [], refunds: [expect.objectContaining({ amount: 4999 })] });
    await waitUntil('dispute emails', async () => {
      const all = await subjects('dispute');
      return all.some((s) => s.startsWith('Update on your report')) && all.some((s) => s.startsWith("We've received your report")) ? all : undefined;
    }, 30_000);
  }, 240_000);

  it('tells the customer about a failed attempt, then delivers', async () => {
    await waitForOrder('attempt', 'delivered', (o) => o.status === 'delivered');
    const all = await waitUntil('the attempt email', async () => {
      const list = await subjects('attempt');
      return list.some((s) => s.startsWith("We couldn't deliver")) ? list : undefined;
    }, 30_000);
    expect(all.filter((s) => s.startsWith("We couldn't deliver"))).toHaveLength(1);
  }, 240_000);

  it('after the final failed attempt, follows the return and refunds', async () => {
    const returned = await waitForOrder('returned', 'returned and refunded', (o) => o.status === 'returned' && o.escrow.state === 'refunded', 180_000);
    expect(returned.shipments[0]).toMatchObject({ status: 'returned' });
    expect(await escrowLedger('returned')).toEqual({ transfers: [], refunds: [expect.objectContaining({ amount: 4999 })] });
    const all = await waitUntil('the return emails', async () => {
      const list = await subjects('returned');
      return list.some((s) => s.includes('was returned to the sender')) ? list : undefined;
    }, 30_000);
    // One message per attempt the polls saw; two attempts seen in one read make one message, the final one.
    const { body } = await api.get(`/sandbox/mail?to=${encodeURIComponent(orders.get('returned')!.email)}`);
    const attemptTexts: string[] = body.messages.filter((m: { subject: string }) => m.subject.startsWith("We couldn't deliver")).map((m: { text: string }) => m.text);
    expect(attemptTexts.length).toBeGreaterThanOrEqual(1);
    expect(attemptTexts.length).toBeLessThanOrEqual(3);
    expect(attemptTexts.filter((text) => text.includes('This was the final delivery attempt (attempt 3)'))).toHaveLength(1);
    expect(all.filter((s) => s.includes('is being returned to the sender'))).toHaveLength(1);
    expect(all.filter((s) => s.includes('was returned to the sender'))).toHaveLength(1);
  }, 240_000);

  it('marks an order delayed once its promise has passed, and tells the customer once per new date', async () => {
    // The parcel is delivered long before this test's turn, and the delivery clears the flag.
    const delivered = await waitForOrder('late', 'delivered', (o) => o.status === 'delivered', 180_000);
    expect(delivered.delayed).toBe(false);
    const types: string[] = delivered.history.map((h: { type: string }) => h.type);
    expect(types).toContain('delayed');
    expect(types.lastIndexOf('delay_cleared')).toBeGreaterThan(types.indexOf('delayed'));
    const { body } = await api.get(`/sandbox/mail?to=${encodeURIComponent(orders.get('late')!.email)}`);
    const delayTexts: string[] = body.messages.filter((m: { subject: string }) => m.subject.includes('is delayed')).map((m: { text: string }) => m.text);
    // Possibly one before the carrier gave any estimate, then one naming the new day; never a repeat.
    expect(delayTexts.length).toBeGreaterThanOrEqual(1);
    expect(new Set(delayTexts).size).toBe(delayTexts.length);
    expect(delayTexts.some((text) => text.includes('It is now expected on'))).toBe(true);
  }, 240_000);

  it('alerts support when a parcel stalls, then declares it lost and refunds', async () => {
    const lost = await waitForOrder('lost', 'lost and refunded', (o) => o.status === 'lost' && o.escrow.state === 'refunded', 120_000);
    expect(lost.shipments[0]).toMatchObject({ status: 'lost' });
    expect((await alertsOf('lost')).map((a) => a.kind)).toContain('shipment_stalled');
    expect((await escrowLedger('lost')).refunds).toHaveLength(1);
    await waitUntil('the lost email', async () => ((await subjects('lost')).some((s) => / was lost in transit/.test(s)) ? true : undefined), 30_000);
  }, 240_000);


  it('waits for every parcel of a multi-parcel order before scheduling the release', async () => {
    const partial = await waitForOrder('multi', 'partially delivered or delivered', (o) => ['partially_delivered', 'delivered'].includes(o.status));
    if (partial.status === 'partially_delivered') expect(['held']).toContain(partial.escrow.state);
    const delivered = await waitForOrder('multi', 'delivered', (o) => o.status === 'delivered' && o.escrow.state !== 'held', 180_000);
    expect(['release_scheduled', 'released']).toContain(delivered.escrow.state);
    expect(delivered.shipments).toHaveLength(2);
  }, 240_000);
});
