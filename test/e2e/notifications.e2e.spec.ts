import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allocatePorts, startDevStack, type RunningStack } from '../support/dev-stack-process';
import { httpClient, waitUntil } from '../support/http-client';

/**
 * Customer messages and platform status sync on the real stack, over HTTP only: emails caught by
 * the SMTP sink and parsed with mailparser, SMS by the Twilio-compatible emulator, pushes by the
 * mobile-push emulator and status webhooks by a receiver that verifies their signatures.
 */
describe('notifications end to end', () => {
  let dataDir: string;
  let stack: RunningStack;
  let api: ReturnType<typeof httpClient>;
  const runId = Date.now().toString(36);

  interface Mail {
    subject: string;
    text: string;
    html: string;
    headers: Record<string, string>;
  }

  /** An IANA zone where it is now about `hour` o'clock (Etc/GMT signs are inverted). */
  const zoneAt = (hour: number): string => {
    let offset = hour - new Date().getUTCHours();
    if (offset > 14) offset -= 24;
    if (offset < -12) offset += 24;
    return offset === 0 ? 'Etc/UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
  };

  async function placeOrder(name: string, customer: Record<string, string>): Promise<{ orderId: string; trackingNumber: string }> {
    const orderId = `NT-${runId}-${name}`;
    const created = await api.post('/v1/orders', { orderId, customer: { name: 'Grace Hopper', ...customer } }, stack.apiKeys.platform);
    expect(created.status).toBe(201);
    const parcel = await api.post('/sandbox/parcels', { carrier: 'ups', scenario: 'delivered', speed: 20_000 });
    const added = await api.post(`/v1/orders/${orderId}/shipments`, { trackingNumber: parcel.body.trackingNumber }, stack.apiKeys.platform);
    expect(added.status).toBe(201);
    return { orderId, trackingNumber: parcel.body.trackingNumber };
  }

  const delivered = (orderId: string) =>
    waitUntil(`${orderId} delivered`, async () => ((await api.get(`/v1/orders/${orderId}`, stack.apiKeys.support)).body.status === 'delivered' ? true : undefined), 120_000);
  const mailTo = async (address: string): Promise<Mail[]> => (await api.get(`/sandbox/mail?to=${encodeURIComponent(address)}`)).body.messages;
  const smsTo = async (phone: string): Promise<Array<{ body: string }>> => (await api.get(`/sandbox/sms?to=${encodeURIComponent(phone)}`)).body.messages;
  const log = async (orderId: string): Promise<Array<{ milestone: string; channel: string; state: string; skipReason?: string }>> =>
    (await api.get(`/v1/orders/${orderId}/notifications`, stack.apiKeys.support)).body.notifications;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'waybill-e2e-notifications-'));
    stack = await startDevStack(dataDir, await allocatePorts(), {
      POLL_INTERVAL_PRE_TRANSIT_MS: '1000',
      POLL_INTERVAL_IN_TRANSIT_MS: '1000',
      POLL_INTERVAL_OUT_FOR_DELIVERY_MS: '1000',
      DELIVERY_CONFIRM_DELAY_MS: '500',
    });
    api = httpClient(stack.apiUrl);
  }, 300_000);

  afterAll(async () => {
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('emails, texts and pushes each milestone with the tracking link, and keeps the platform in step', async () => {
    const email = `multi.${runId}@example.com`;
    const phone = '+14155550101';
    const { orderId, trackingNumber } = await placeOrder('multi', { email, phone, customerRef: `cus_${runId}_multi`, timeZone: zoneAt(12) });
    await delivered(orderId);
    const trackingLink = `https://www.ups.com/track?tracknum=${trackingNumber}`;

    const mails = await waitUntil('four emails', async () => ((await mailTo(email)).length >= 4 ? mailTo(email) : undefined), 30_000);
    expect(mails).toHaveLength(4);
    for (const mail of mails) {
      expect(mail.html).toContain('<html');
      expect(mail.text.length).toBeGreaterThan(0);
      expect(mail.headers['list-unsubscribe']).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/v1\/unsubscribe\/[\w.-]+>$/);
      expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    }
    const shipped = mails.find((m) => m.subject.includes('has shipped'))!;
    expect(shipped.text).toContain(trackingLink);
    expect(shipped.html).toContain(trackingLink.replace(/&/g, '&amp;'));

    const texts = await waitUntil('three SMS', async () => ((await smsTo(phone)).length >= 3 ? smsTo(phone) : undefined), 30_000);
    expect(texts).toHaveLength(3);
    expect(texts.every((t) => t.body.includes(trackingLink))).toBe(true);

    const pushes = await waitUntil('four pushes', async () => {
      const { notifications } = (await api.get(`/sandbox/mobile-push?orderId=${orderId}`)).body;
      return notifications.length >= 4 ? notifications : undefined;
    }, 30_000);
    expect(pushes.map((p: { milestone: string }) => p.milestone).sort()).toEqual(['delivered', 'order_received', 'out_for_delivery', 'shipped']);

    const webhooks = await waitUntil('status webhooks up to delivered', async () => {
      const list = (await api.get(`/sandbox/platform-webhooks?orderId=${orderId}`)).body.webhooks as Array<{ sequence: number; status: string }>;
      return list.some((w) => w.status === 'delivered') ? list : undefined;
    }, 30_000);
    expect(webhooks.map((w) => w.sequence)).toEqual(webhooks.map((_, i) => i + 1));
    expect(webhooks.map((w) => w.status)).toEqual(expect.arrayContaining(['order_received', 'shipped', 'delivered']));
    expect(JSON.stringify(webhooks)).not.toContain(email);

    const entries = await log(orderId);
    expect(entries.filter((e) => e.state === 'sent').map((e) => e.channel).sort()).toEqual([...Array(4).fill('email'), ...Array(4).fill('push'), ...Array(3).fill('sms')]);
  }, 240_000);

  it('writes in the customer’s language', async () => {
    const email = `es.${runId}@example.com`;
    const { orderId } = await placeOrder('es', { email, locale: 'es-MX', timeZone: 'America/Mexico_City' });
    const [first] = await waitUntil('the first email', async () => ((await mailTo(email)).length > 0 ? mailTo(email) : undefined), 60_000);
    expect(first.subject).toContain(`Hemos recibido tu pedido ${orderId}`);
  }, 120_000);

  it('sends nothing more to a customer who unsubscribed from everything', async () => {
    const email = `leaver.${runId}@example.com`;
    const phone = '+14155550102';
    const customer = { email, phone, customerRef: `cus_${runId}_leaver`, timeZone: zoneAt(12) };
    const first = await placeOrder('leaver-1', customer);
    const [welcome] = await waitUntil('the first email', async () => ((await mailTo(email)).length > 0 ? mailTo(email) : undefined), 60_000);
    const link = welcome.headers['list-unsubscribe'].slice(1, -1);
    const unsubscribe = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: 'scope=all' });
    expect(unsubscribe.status).toBe(200);
    await delivered(first.orderId);

    const before = (await mailTo(email)).length;
    const second = await placeOrder('leaver-2', customer);
    await delivered(second.orderId);
    const entries = await waitUntil('the second order’s log', async () => {
      const list = await log(second.orderId);
      return list.some((e) => e.milestone === 'delivered' && e.channel === 'email') ? list : undefined;
    }, 30_000);
    expect(entries.every((e) => e.state === 'skipped' && e.skipReason === 'suppressed')).toBe(true);
    expect((await mailTo(email)).length).toBe(before);
    expect((await smsTo(phone)).some((t) => t.body.includes(second.orderId))).toBe(false);
  }, 240_000);

  it('holds an SMS through the customer’s quiet hours, and sends only the delivery once they end', async () => {
    const phone = '+14155550103';
    const customerRef = `cus_${runId}_night`;
    // Quiet hours in UTC from a minute ago until two minutes from now: the whole delivery falls inside.
    const hhmm = (offsetMinutes: number) => new Date(Date.now() + offsetMinutes * 60_000).toISOString().slice(11, 16);
    const prefs = await api.put(`/v1/customers/${customerRef}/notification-preferences`, { quietHours: { start: hhmm(-1), end: hhmm(2) } }, stack.apiKeys.platform);
    expect(prefs.status).toBe(200);
    const { orderId } = await placeOrder('night', { email: `night.${runId}@example.com`, phone, customerRef, timeZone: 'Etc/UTC' });
    await delivered(orderId);
    expect(await smsTo(phone)).toHaveLength(0);
    const texts = await waitUntil('the SMS after quiet hours', async () => ((await smsTo(phone)).length > 0 ? smsTo(phone) : undefined), 240_000, 2_000);
    expect(texts).toHaveLength(1);
    expect(texts[0].body).toMatch(/delivered/i);
    const sms = (await log(orderId)).filter((e) => e.channel === 'sms');
    expect(sms.filter((e) => e.state === 'skipped').map((e) => e.skipReason)).toEqual(['collapsed', 'collapsed']);
  }, 420_000);
});
