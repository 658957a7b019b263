/**
 * @jest-environment ./test/support/browser-environment.ts
 */
import type { Page } from 'playwright-core';
import { screenshot, useBrowser } from '../support/browser';
import { expectStatus, orderBody, pollingEvery, useBrowserStack } from '../support/browser-stack';
import { waitUntil } from '../support/http-client';

/*
 * The customer's tracking page (docs/tracking-page.md) on a phone, against the real stack over
 * HTTP: a sandbox parcel plays its scenario, the carrier's scan reaches the order's workflow, and the
 * page that is already open shows it through its event stream, without a reload.
 */

const runId = Date.now().toString(36);

/** Simulated minutes per real minute: the scenario's out-for-delivery scan (20 simulated minutes) comes 20 s after the parcel is made. */
const SPEED = 60;

/** From the sandbox's scan to the page: a poll or push (≤ 1 s), the workflow, the read model, the feed (250 ms), the page's fetch. */
const LIVE_WITHIN_MS = 10_000;

/** Counts the main frame's navigations from now on, and marks the window: a reload would lose the mark. */
async function watchForReloads(page: Page): Promise<{ navigations: () => number; marked: () => Promise<boolean> }> {
  let navigations = 0;
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) navigations += 1;
  });
  await page.evaluate(() => {
    (window as unknown as { waybillMark?: string }).waybillMark = 'before-update';
  });
  return {
    navigations: () => navigations,
    marked: () => page.evaluate(() => (window as unknown as { waybillMark?: string }).waybillMark === 'before-update'),
  };
}

const stepStates = (page: Page): Promise<Record<string, string | null>> =>
  page.getByTestId('steps').evaluate((list) =>
    Object.fromEntries(Array.from(list.querySelectorAll('[data-testid^="step-"]')).map((step) => [step.getAttribute('data-testid')?.slice(5), step.getAttribute('data-state')])),
  );

describe('the tracking page in Chromium (the real stack)', () => {
  const session = useBrowser();
  // Polled every second, as well as pushed: the scan reaches the workflow within about a second either way.
  const env = useBrowserStack('tracking-page', pollingEvery(1000));

  it('on a phone, follows the sandbox parcel out for delivery live, without a reload', async () => {
    const { api, baseUrl, stack } = env;
    const key = stack.apiKeys.platform;
    const orderId = `TP-${runId}-1`;

    expectStatus(await api.post('/v1/orders', orderBody(orderId), key), 201, 'create the order');
    expectStatus(await api.post(`/v1/orders/${orderId}/processing`, undefined, key), 200, 'mark it processing');
    // Already at the Chicago hub when made (its history is visible at once); out for delivery 20 s later.
    const parcel = await api.post('/sandbox/parcels', { carrier: 'ups', scenario: 'out_for_delivery_then_delivered', speed: SPEED });
    expectStatus(parcel, 201, 'create the sandbox parcel');
    const trackingNumber: string = parcel.body.trackingNumber;
    expectStatus(await api.post(`/v1/orders/${orderId}/shipments`, { trackingNumber }, key), 201, 'add the parcel');
    await waitUntil(
      'the order to be in transit',
      async () => ((await api.get(`/v1/orders/${orderId}`, key)).body.status === 'in_transit' ? true : undefined),
      15_000,
      250,
    );
    const issued = await api.post(`/v1/orders/${orderId}/customer-token`, undefined, key);
    expectStatus(issued, 201, 'issue a customer token');
    expect(issued.body.trackingUrl).toBe(`${baseUrl}/t/${issued.body.token}`);

    const page = await session.newPage('phone');
    const opened = await page.goto(issued.body.trackingUrl);
    expect(opened?.status()).toBe(200);
    const status = page.getByTestId('order-status');
    expect(await status.getAttribute('data-status')).toBe('in_transit');
    expect(await status.textContent()).toBe('In transit');
    expect(await page.getByTestId('status-line').textContent()).toBe('Your order is on its way.');
    expect(await stepStates(page)).toEqual({
      order_received: 'done',
      processing: 'done',
      shipped: 'done',
      in_transit: 'current',
      out_for_delivery: 'upcoming',
      delivered: 'upcoming',
    });
    const parcelRow = page.getByTestId('parcel');
    expect(await parcelRow.getAttribute('data-carrier')).toBe('ups');
    expect(await parcelRow.getAttribute('data-tracking-number')).toBe(trackingNumber);
    expect(await page.getByTestId('parcel-carrier-link').getAttribute('href')).toBe(`https://www.ups.com/track?tracknum=${trackingNumber}`);
    // The page's script has its stream open before the scan comes.
    await page.locator('[data-testid="live-status"][data-live-status="live"]').waitFor();
    const renderedRevision = Number(await page.getByTestId('tracking-page').getAttribute('data-revision'));
    const reloads = await watchForReloads(page);
    await screenshot(page, 'phone-1-in-transit');

    // The sandbox says when the parcel goes out for delivery; it must not have happened yet.
    const played = await api.get(`/sandbox/parcels/${trackingNumber}`);
    const scanAt = Date.parse(played.body.nextStepAt);
    expect(played.body.timeline.at(-1).kind).not.toBe('out_for_delivery');
    expect(scanAt).toBeGreaterThan(Date.now());

    await page
      .locator('[data-testid="order-status"][data-status="out_for_delivery"]')
      .waitFor({ timeout: scanAt - Date.now() + LIVE_WITHIN_MS })
      .catch((err: Error) => {
        throw new Error(`The page did not show "out for delivery" within ${LIVE_WITHIN_MS / 1000} s of the scan (${err.message})`);
      });
    expect(Date.now()).toBeLessThan(scanAt + LIVE_WITHIN_MS);
    expect(await status.textContent()).toBe('Out for delivery');
    expect(await page.getByTestId('status-line').textContent()).toBe('Your order is out for delivery.');
    expect(await stepStates(page)).toMatchObject({ in_transit: 'done', out_for_delivery: 'current', delivered: 'upcoming' });
    expect(await page.getByTestId('parcel-status').textContent()).toBe('Out for delivery');
    // The same document: no navigation, the mark on its window still there, a newer revision recorded by the script.
    expect(reloads.navigations()).toBe(0);
    await expect(reloads.marked()).resolves.toBe(true);
    expect(Number(await page.getByTestId('tracking-page').getAttribute('data-revision'))).toBeGreaterThan(renderedRevision);
    expect(await page.getByTestId('live-status').getAttribute('data-live-status')).toBe('live');
    // The platform's view agrees with what the customer sees.
    expect((await api.get(`/v1/orders/${orderId}`, key)).body.status).toBe('out_for_delivery');
    await screenshot(page, 'phone-2-out-for-delivery');
  }, 90_000);

  it('on a phone, a link that is not a token, or whose signature was changed, shows the error page and nothing about any order', async () => {
    const { api, baseUrl, stack } = env;
    const orderId = `TP-${runId}-2`;
    expectStatus(await api.post('/v1/orders', orderBody(orderId), stack.apiKeys.platform), 201, 'create the order');
    const issued = await api.post(`/v1/orders/${orderId}/customer-token`, undefined, stack.apiKeys.platform);
    expectStatus(issued, 201, 'issue a customer token');
    const [header, claims, signature] = (issued.body.token as string).split('.');
    // Another signature of the same length: the claims still name the order, but nothing vouches for them.
    const forged = `${header}.${claims}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;

    const page = await session.newPage('phone');
    for (const [name, token] of [
      ['garbled', 'not-a-token'],
      ['forged', forged],
    ] as const) {
      const opened = await page.goto(`${baseUrl}/t/${token}`);
      expect(opened?.status()).toBe(401);
      expect(opened?.headers()['cache-control']).toBe('no-store');
      expect(await page.getByTestId('error-page').getAttribute('data-status')).toBe('401');
      expect(await page.getByTestId('error-title').textContent()).toBe('This link does not work');
      expect(await page.getByTestId('error-message').textContent()).toBe('Check that you opened the whole link, or use the link in your most recent message.');
      expect(await page.content()).not.toContain(orderId);
      expect(await page.getByTestId('tracking-page').count()).toBe(0);
      await screenshot(page, `phone-3-error-${name}`);
    }
  });
});
