import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import { startCrashableWorkerStack, type CrashableWorkerStack } from '../support/crashable-worker-stack';
import { allocatePorts } from '../support/dev-stack-process';
import { httpClient, waitUntil } from '../support/http-client';

/**
 * Exactly once across a crash (docs/notifications.md, "Crash mid-send"): the worker is killed with
 * SIGKILL while each channel's provider holds one of its requests, and a fresh worker takes over.
 *
 * - Order "accepted": the providers took the message and hold their answer (SMS `timeout`, push
 *   `slow`, SMTP `slow`), so the message reached the customer and the outbox never heard. The
 *   hardest case: the takeover must not text or push again, and may only repeat the email with the
 *   same Message-ID.
 * - Order "unsent": the providers hold the request before looking at it (`delay`); the dead worker's
 *   connection closes, they drop it unread. Claimed, never sent: the takeover sends it once.
 *
 * The send's start-to-close timeout (1 min) is when Temporal notices the dead attempt; the shortened
 * lease (OUTBOX_CLAIM_LEASE_MS) lets the retry take the claim over at once.
 */
describe('a worker killed in the middle of a send', () => {
  /**
   * Long enough to kill the worker inside it; shorter than the senders' own patience (SMTP's 30 s
   * socket timeout, the SMS and push timeouts raised below) and than the minute before Temporal
   * retries the send, so the held request is over when the takeover comes.
   */
  const HOLD_MS = 20_000;
  /** Every order announces these. */
  const MILESTONES = ['delivered', 'order_received', 'shipped'];
  /** Announced only when a poll or push saw the parcel out for delivery before it was delivered. */
  const OUT_FOR_DELIVERY = 'out_for_delivery';
  const CHANNELS = ['email', 'push', 'sms'];
  const runId = Date.now().toString(36);

  let dataDir: string;
  let stack: CrashableWorkerStack;
  let api: ReturnType<typeof httpClient>;
  let temporal: Client;

  interface Customer {
    orderId: string;
    email: string;
    phone: string;
    customerRef: string;
  }
  interface LogEntry {
    id: string;
    milestone: string;
    channel: string;
    state: string;
    attempts: number;
    providerMessageId?: string;
  }
  interface Mail {
    subject: string;
    messageId: string;
  }

  const customer = (name: string, phone: string): Customer => ({
    orderId: `CR-${runId}-${name}`,
    email: `${name}.${runId}@example.com`,
    phone,
    customerRef: `cus_${runId}_${name}`,
  });
  const accepted = customer('accepted', '+14155550181');
  const unsent = customer('unsent', '+14155550182');

  const log = async (orderId: string): Promise<LogEntry[]> => (await api.get(`/v1/orders/${orderId}/notifications`, stack.apiKeys.support)).body.notifications;
  const smsTo = async (phone: string): Promise<Array<{ sid: string; idempotencyToken: string | null }>> =>
    (await api.get(`/sandbox/sms?to=${encodeURIComponent(phone)}`)).body.messages;
  const pushesFor = async (orderId: string): Promise<Array<{ id: string; milestone: string }>> => (await api.get(`/sandbox/mobile-push?orderId=${orderId}`)).body.notifications;
  const mailTo = async (address: string): Promise<Mail[]> => (await api.get(`/sandbox/mail?to=${encodeURIComponent(address)}`)).body.messages;
  const controls = {
    sms: async () => (await api.get('/sandbox/sms/controls')).body,
    push: async () => (await api.get('/sandbox/mobile-push/controls')).body,
    mail: async () => (await api.get('/sandbox/mail/controls')).body,
  };

  /** One fault for the next request on every channel. */
  async function holdNextSends(faults: { sms: object; push: object; mail: object }): Promise<void> {
    expect((await api.post('/sandbox/sms/faults', { fault: faults.sms, count: 1 })).status).toBe(201);
    expect((await api.post('/sandbox/mobile-push/controls', { fault: faults.push })).status).toBe(200);
    expect((await api.post('/sandbox/mail/controls', { fault: faults.mail })).status).toBe(200);
  }

  /** Every channel for every milestone, and no quiet hours, so the test does not depend on the time of day. */
  async function placeOrder(c: Customer): Promise<void> {
    const prefs = await api.put(`/v1/customers/${c.customerRef}/notification-preferences`, { channels: { email: 'all', sms: 'all', push: 'all' }, quietHours: null }, stack.apiKeys.platform);
    expect(prefs.status).toBe(200);
    const created = await api.post(
      '/v1/orders',
      { orderId: c.orderId, customer: { name: 'Edsger Dijkstra', email: c.email, phone: c.phone, customerRef: c.customerRef, timeZone: 'Etc/UTC' } },
      stack.apiKeys.platform,
    );
    expect(created.status).toBe(201);
  }

  async function shipParcel(c: Customer): Promise<void> {
    const parcel = await api.post('/sandbox/parcels', { carrier: 'ups', scenario: 'delivered', speed: 20_000 });
    expect(parcel.status).toBe(201);
    const added = await api.post(`/v1/orders/${c.orderId}/shipments`, { trackingNumber: parcel.body.trackingNumber }, stack.apiKeys.platform);
    expect(added.status).toBe(201);
  }

  const claimedOnEveryChannel = async (orderId: string) => {
    const entries = await log(orderId);
    return entries.filter((e) => e.milestone === 'order_received' && e.state === 'claimed').length === CHANNELS.length ? entries : undefined;
  };
  const milestoneOf = (key: string | null) => key?.split('|')[1];
  const countBy = <T>(items: T[], keyOf: (item: T) => string | undefined) =>
    items.reduce<Record<string, number>>((counts, item) => ({ ...counts, [keyOf(item) ?? '?']: (counts[keyOf(item) ?? '?'] ?? 0) + 1 }), {});
  const once = (keys: string[]) => Object.fromEntries(keys.map((k) => [k, 1]));

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'waybill-e2e-crash-'));
    stack = await startCrashableWorkerStack(dataDir, await allocatePorts(), {
      OUTBOX_CLAIM_LEASE_MS: '5000',
      // The providers hold requests for HOLD_MS: the senders must still be waiting when the kill lands.
      SMS_HTTP_TIMEOUT_MS: '45000',
      PUSH_HTTP_TIMEOUT_MS: '45000',
      POLL_INTERVAL_PRE_TRANSIT_MS: '1000',
      POLL_INTERVAL_IN_TRANSIT_MS: '1000',
      POLL_INTERVAL_OUT_FOR_DELIVERY_MS: '1000',
      DELIVERY_CONFIRM_DELAY_MS: '500',
    });
    api = httpClient(stack.apiUrl);
    temporal = new Client({ connection: await Connection.connect({ address: stack.temporalAddress }), namespace: stack.namespace });
  }, 240_000);

  afterAll(async () => {
    await temporal?.connection.close();
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('reaches the customer exactly once per message on every channel after a fresh worker takes over', async () => {
    // The providers take order "accepted"'s messages and sit on their answers.
    await holdNextSends({ sms: { kind: 'timeout', delayMs: HOLD_MS }, push: { kind: 'slow', delayMs: HOLD_MS }, mail: { kind: 'slow', delayMs: HOLD_MS } });
    await placeOrder(accepted);
    await waitUntil('the providers to have order "accepted"’s messages', async () => {
      const [sms, push, mail] = await Promise.all([smsTo(accepted.phone), pushesFor(accepted.orderId), mailTo(accepted.email)]);
      return sms.length === 1 && push.length === 1 && mail.length === 1 ? true : undefined;
    }, 30_000, 200);

    // They hold order "unsent"'s requests without looking at them.
    await holdNextSends({ sms: { kind: 'delay', delayMs: HOLD_MS }, push: { kind: 'delay', delayMs: HOLD_MS }, mail: { kind: 'delay', delayMs: HOLD_MS } });
    await placeOrder(unsent);
    await waitUntil('the providers to hold order "unsent"’s requests', async () => {
      const all = await Promise.all([controls.sms(), controls.push(), controls.mail()]);
      return all.every((c) => c.pendingFaults.length === 0) ? true : undefined;
    }, 30_000, 200);

    // Both orders' messages are claimed in the outbox and not recorded as sent: the worker is mid-send.
    for (const c of [accepted, unsent]) await waitUntil(`${c.orderId}’s claims`, () => claimedOnEveryChannel(c.orderId), 10_000, 200);
    await stack.killWorker();
    expect(await smsTo(unsent.phone)).toEqual([]);
    expect(await pushesFor(unsent.orderId)).toEqual([]);
    expect(await mailTo(unsent.email)).toEqual([]);

    await stack.startWorker();
    // Later milestones go out through the fresh worker while the crashed sends wait for their retry.
    await Promise.all([shipParcel(accepted), shipParcel(unsent)]);

    for (const c of [accepted, unsent]) {
      const workflowId = `order:${c.orderId}`;
      // The order closes once its parcel is delivered and every message it planned has settled.
      // Read raw: nothing here needs a payload decoded.
      const status = async () =>
        (await temporal.workflowService.describeWorkflowExecution({ namespace: stack.namespace, execution: { workflowId } })).workflowExecutionInfo?.status;
      await waitUntil(`${c.orderId} to complete`, async () => ((await status()) === proto.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED ? true : undefined), 150_000, 1_000);
      const history = await temporal.workflow.getHandle(workflowId).fetchHistory();
      expect(history.events?.filter((e) => e.workflowTaskFailedEventAttributes) ?? []).toEqual([]);

      const entries = await log(c.orderId);
      const milestones = entries.some((e) => e.milestone === OUT_FOR_DELIVERY) ? [...MILESTONES, OUT_FOR_DELIVERY].sort() : MILESTONES;
      expect(entries.map((e) => `${e.milestone}/${e.channel}`).sort()).toEqual(milestones.flatMap((m) => CHANNELS.map((ch) => `${m}/${ch}`)).sort());
      expect(entries.filter((e) => e.state !== 'sent')).toEqual([]);
      // The crashed sends were taken over by a second attempt; the rest went out at the first.
      const attempts = Object.fromEntries(entries.map((e) => [`${e.milestone}/${e.channel}`, e.attempts]));
      for (const milestone of milestones) for (const channel of CHANNELS) expect(attempts[`${milestone}/${channel}`]).toBe(milestone === 'order_received' ? 2 : 1);

      // SMS and push: the provider's own records, one per message, thanks to the idempotency key.
      const texts = await smsTo(c.phone);
      expect(countBy(texts, (t) => milestoneOf(t.idempotencyToken))).toEqual(once(milestones));
      expect(countBy(await pushesFor(c.orderId), (p) => p.milestone)).toEqual(once(milestones));

      // Email: one Message-ID per message. SMTP has no idempotency key, so the message whose answer
      // was lost was delivered again under the same Message-ID; a mailbox that dedupes shows it once.
      const mails = await mailTo(c.email);
      const messageIdsPerSubject = Object.values(
        mails.reduce<Record<string, Set<string>>>((ids, m) => ({ ...ids, [m.subject]: (ids[m.subject] ?? new Set()).add(m.messageId) }), {}),
      );
      expect(messageIdsPerSubject.map((ids) => ids.size)).toEqual(milestones.map(() => 1));
      const deliveries = countBy(mails, (m) => (m.subject.includes('received your order') ? 'order_received' : 'later'));
      expect(deliveries).toEqual({ order_received: c === accepted ? 2 : 1, later: milestones.length - 1 });
    }

    // The takeover of "accepted"'s SMS got the provider's first answer back, not a second message.
    const [acceptedSms] = await smsTo(accepted.phone).then((texts) => texts.filter((t) => milestoneOf(t.idempotencyToken) === 'order_received'));
    const acceptedLog = await log(accepted.orderId);
    expect(acceptedLog.find((e) => e.milestone === 'order_received' && e.channel === 'sms')?.providerMessageId).toBe(acceptedSms.sid);

    // "unsent"'s requests reached the providers, which dropped them when the dead worker's connections closed.
    expect((await controls.sms()).stats).toMatchObject({ abandoned: 1, replayed: 1 });
    expect((await controls.push()).stats).toMatchObject({ abandoned: 1, replayed: 1 });
    expect((await controls.mail()).stats).toMatchObject({ abandoned: 1 });

    expect(stack.workerOutput()).not.toMatch(/nondetermin|TMPRL1100/i);
    expect(stack.unexpectedExits()).toEqual([]);
  }, 240_000);
});
