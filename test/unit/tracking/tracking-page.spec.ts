import type { CustomerOrderView, CustomerShipmentView } from '../../../src/customer/customer-order-view';
import { renderErrorPage } from '../../../src/tracking/page/error-page';
import { formatDay, formatEstimate } from '../../../src/tracking/page/format';
import { actionsFor, progressOf, STEPS } from '../../../src/tracking/page/progress';
import { renderTrackingPage, type TrackingPageModel } from '../../../src/tracking/page/tracking-page';
import { ORDER_STATUSES, type OrderStatus } from '../../../workflows/shared/vocabulary';

/*
 * The tracking page as rendered HTML: what it shows for each status, that everything that came
 * from outside is escaped (carriers and platforms choose tracking numbers and order IDs), that a
 * link that is not http(s) never becomes one, and that error pages say nothing about any order.
 */

const NOW = new Date('2026-11-26T12:00:00Z');

const parcel = (patch: Partial<CustomerShipmentView> = {}): CustomerShipmentView => ({
  carrier: 'ups',
  trackingNumber: '1Z5R89390357567127',
  trackingUrl: 'https://www.ups.com/track?tracknum=1Z5R89390357567127',
  status: 'in_transit',
  ...patch,
});

const view = (patch: Partial<CustomerOrderView> = {}): CustomerOrderView => ({
  orderId: 'A-1001',
  status: 'in_transit',
  delayed: false,
  escrow: { state: 'held' },
  shipments: [parcel()],
  ...patch,
});

const URLS = { page: '/t/tok', events: '/v1/track/tok/events', confirmReceipt: '/t/tok/confirm-receipt', reportProblem: '/t/tok/report-problem' };
const ASSETS = { stylesheet: '/t/assets/tracking-page-abc.css', script: '/t/assets/tracking-page-abc.js' };

const render = (order: CustomerOrderView, patch: Partial<TrackingPageModel> = {}): string =>
  renderTrackingPage({ tracked: { revision: 7, view: order }, brand: { name: 'Northwind' }, urls: URLS, assets: ASSETS, now: NOW, ...patch });

/** The `data-testid` elements of the page with their attributes and text, in a form tests can read without a DOM. */
function element(html: string, testId: string): { attributes: string; text: string } | undefined {
  const match = new RegExp(`<(\\w+)([^>]*data-testid="${testId}"[^>]*)>([\\s\\S]*?)</\\1>`).exec(html);
  return match ? { attributes: match[2], text: match[3].replace(/<[^>]+>/g, '') } : undefined;
}

describe('tracking page', () => {
  it('is a complete phone-sized document with its assets, and no inline script or style', () => {
    const html = render(view());
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1"/>');
    expect(html).toContain('<meta name="referrer" content="no-referrer"/>');
    expect(html).toContain(`<link rel="stylesheet" href="${ASSETS.stylesheet}"/>`);
    expect(html).toContain(`<script src="${ASSETS.script}" defer></script>`);
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)/);
    expect(html).not.toMatch(/\sstyle=|<style/);
    expect(html).not.toMatch(/\son[a-z]+=/);
    expect(element(html, 'tracking-page')?.attributes).toContain('data-events-url="/v1/track/tok/events" data-revision="7"');
  });

  it('shows the status, the order, each parcel with its carrier link, and the estimate', () => {
    const html = render(view({ shipments: [parcel({ estimatedDelivery: { date: '2026-11-28' } })] }));
    expect(element(html, 'order-status')?.text).toBe('In transit');
    expect(element(html, 'order-id')?.text).toBe('Order A-1001');
    expect(element(html, 'parcel-carrier')?.text).toBe('UPS');
    expect(element(html, 'parcel-tracking-number')?.text).toBe('1Z5R89390357567127');
    expect(element(html, 'parcel-status')?.text).toBe('In transit');
    expect(element(html, 'order-eta')?.text).toBe('Estimated delivery: Saturday, November 28');
    const link = element(html, 'parcel-carrier-link');
    expect(link?.text).toBe('Track with UPS');
    expect(link?.attributes).toContain('href="https://www.ups.com/track?tracknum=1Z5R89390357567127"');
    expect(link?.attributes).toContain('rel="noopener noreferrer"');
  });

  it('escapes whatever came from outside, and makes no link of a javascript: or data: URL', () => {
    const hostile = '<img src=x onerror=alert(1)>"\'&';
    const html = render(
      view({
        orderId: 'A-1"><script>alert(1)</script>',
        shipments: [
          parcel({ trackingNumber: hostile, trackingUrl: 'javascript:alert(1)' }),
          parcel({ carrier: 'dhl', trackingNumber: 'JD1', trackingUrl: 'data:text/html,<script>alert(1)</script>' }),
        ],
      }),
    );
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain(`&lt;img src=x onerror=alert(1)>&quot;'&amp;`);
    expect(html).toContain('A-1&quot;>&lt;script>alert(1)&lt;/script>');
    expect(html).not.toContain('javascript:');
    expect(html).not.toContain('data:text/html');
    expect(html).not.toContain('parcel-carrier-link');
  });

  it('says nothing the customer view does not hold: no amounts, history or contact details reach it', () => {
    // The page renders a CustomerOrderView only; extra fields on the object (a careless caller) are not shown.
    const leaky = { ...view(), history: [{ detail: 'staff note' }], customer: { email: 'ana@example.com' }, escrow: { state: 'held', amount: 12999 } } as CustomerOrderView;
    const html = render(leaky);
    for (const leak of ['staff note', 'ana@example.com', '12999', '129.99']) expect(html).not.toContain(leak);
  });

  it('shows the delay and the dispute when there are', () => {
    const html = render(view({ status: 'delivered', delayed: true, escrow: { state: 'disputed' }, dispute: { openedAt: '2026-11-25T09:00:00.000Z' } }));
    expect(element(html, 'delay-notice')?.text).toMatch(/Running late/);
    expect(element(html, 'dispute-notice')?.text).toBe('You reported a problem on Wednesday, November 25. Support is looking into it.');
  });

  describe('actions', () => {
    it('offers confirming receipt and reporting a problem once delivered with the payment held', () => {
      const html = render(view({ status: 'delivered', shipments: [parcel({ status: 'delivered' })] }));
      expect(element(html, 'confirm-receipt-form')?.attributes).toContain('method="post" action="/t/tok/confirm-receipt"');
      expect(element(html, 'report-problem-form')?.attributes).toContain('method="post" action="/t/tok/report-problem"');
      expect(html).toContain('<input type="hidden" name="kind" value="not_received"/>');
      expect(html).toContain('maxlength="1000"');
    });

    it.each<[string, Partial<CustomerOrderView>, { confirmReceipt: boolean; reportProblem: boolean }]>([
      ['in transit', { status: 'in_transit' }, { confirmReceipt: false, reportProblem: false }],
      ['delivered, payment held', { status: 'delivered' }, { confirmReceipt: true, reportProblem: true }],
      ['delivered, release scheduled', { status: 'delivered', escrow: { state: 'release_scheduled' } }, { confirmReceipt: true, reportProblem: true }],
      ['partly delivered', { status: 'partially_delivered' }, { confirmReceipt: false, reportProblem: true }],
      ['delivered without escrow (closed at delivery)', { status: 'delivered', escrow: { state: 'none' } }, { confirmReceipt: false, reportProblem: false }],
      ['delivered, released', { status: 'delivered', escrow: { state: 'released' } }, { confirmReceipt: false, reportProblem: false }],
      ['dispute open', { status: 'delivered', escrow: { state: 'disputed' }, dispute: { openedAt: '2026-11-25T09:00:00Z' } }, { confirmReceipt: false, reportProblem: false }],
    ])('%s', (_name, patch, expected) => {
      expect(actionsFor(view(patch))).toEqual(expected);
      const html = render(view(patch));
      expect(html.includes('data-testid="confirm-receipt-form"')).toBe(expected.confirmReceipt);
      expect(html.includes('data-testid="report-problem-form"')).toBe(expected.reportProblem);
    });

    it('thanks the customer after a form went through, and keeps their note when one was refused', () => {
      expect(element(render(view(), { notice: 'receipt-confirmed' }), 'notice')?.text).toBe('Thanks for confirming. Enjoy your order!');
      const html = render(view({ status: 'delivered' }), { refusal: { message: 'Your payment is being settled.', note: 'Box was <empty>' } });
      expect(element(html, 'action-error')?.text).toBe('Your payment is being settled.');
      expect(html).toContain('>Box was &lt;empty></textarea>');
      expect(element(html, 'report-problem')?.attributes).toContain('open');
    });
  });
});

describe('steps', () => {
  const states = (status: OrderStatus) => progressOf(status).steps.map((s) => `${s.key}:${s.state}`);

  it('walks the main road: done up to the status, current at it, upcoming after', () => {
    expect(states('processing')).toEqual([
      'order_received:done',
      'processing:current',
      'shipped:upcoming',
      'in_transit:upcoming',
      'out_for_delivery:upcoming',
      'delivered:upcoming',
    ]);
    expect(progressOf('out_for_delivery').side).toBeUndefined();
    expect(states('delivered').every((s) => s.endsWith(':done'))).toBe(true);
  });

  it.each<[OrderStatus, string, string]>([
    ['partially_shipped', 'shipped', 'current'],
    ['available_for_pickup', 'out_for_delivery', 'current'],
    ['delivery_attempted', 'out_for_delivery', 'current'],
    ['partially_delivered', 'out_for_delivery', 'current'],
  ])('places %s at %s and names it beside the steps', (status, step, state) => {
    const progress = progressOf(status);
    expect(progress.side).toBe(status);
    expect(progress.steps.find((s) => s.key === step)?.state).toBe(state);
  });

  it.each<[OrderStatus, string]>([
    ['cancelled', 'order_received'],
    ['returning', 'shipped'],
    ['returned', 'shipped'],
    ['lost', 'shipped'],
  ])('stops the road for %s after %s', (status, last) => {
    const progress = progressOf(status);
    const at = STEPS.indexOf(last as (typeof STEPS)[number]);
    expect(progress.side).toBe(status);
    expect(progress.steps.slice(0, at + 1).every((s) => s.state === 'done')).toBe(true);
    expect(progress.steps.slice(at + 1).every((s) => s.state === 'stopped')).toBe(true);
  });

  it('has a place and a label for every order status', () => {
    for (const status of ORDER_STATUSES) {
      const html = render(view({ status }));
      expect(element(html, 'order-status')?.attributes).toContain(`data-status="${status}"`);
      expect(html.match(/data-testid="step-/g)).toHaveLength(STEPS.length);
      expect(html.includes('data-testid="side-state"')).toBe(!(STEPS as readonly string[]).includes(status));
    }
  });

  it('marks the current step for assistive technology', () => {
    expect(element(render(view({ status: 'shipped' })), 'step-shipped')?.attributes).toContain('aria-current="step"');
  });
});

describe('estimated delivery', () => {
  it('words a day as a calendar day, with the year only when it is not this one', () => {
    expect(formatDay('2026-11-28', NOW)).toBe('Saturday, November 28');
    expect(formatDay('2027-01-02', NOW)).toBe('Saturday, January 2, 2027');
    expect(formatDay('2026-02-30', NOW)).toBeUndefined();
  });

  it('words a window in the carrier’s local time, keeping the instants for the phone’s time zone', () => {
    expect(formatEstimate({ from: '2026-11-28T14:00:00-05:00', to: '2026-11-28T18:00:00-05:00' }, NOW)).toEqual({
      text: expect.stringMatching(/^Sat, Nov 28, 2:00\s?–\s?6:00\sPM$/),
      from: '2026-11-28T14:00:00-05:00',
      to: '2026-11-28T18:00:00-05:00',
    });
    expect(formatEstimate({ date: '2026-11-28', to: 'not a date' }, NOW)).toEqual({ text: 'Saturday, November 28' });
    expect(formatEstimate({}, NOW)).toBeUndefined();
  });

  it('marks a window up for the page’s script', () => {
    const html = render(view({ shipments: [parcel({ estimatedDelivery: { from: '2026-11-28T14:00:00-05:00', to: '2026-11-28T18:00:00-05:00' } })] }));
    expect(element(html, 'eta')?.attributes).toContain('data-eta-from="2026-11-28T14:00:00-05:00" data-eta-to="2026-11-28T18:00:00-05:00"');
  });
});

describe('error page', () => {
  it.each([
    [401, true, 'This link has expired'],
    [401, false, 'This link does not work'],
    [404, false, 'We cannot find this order'],
    [403, false, 'Nothing was changed'],
    [500, false, 'Something went wrong'],
  ])('%s (expired: %s) says "%s" and nothing more', (status, expired, title) => {
    const html = renderErrorPage({ status, expired, brand: { name: 'Northwind' }, assets: { stylesheet: ASSETS.stylesheet } });
    expect(element(html, 'error-title')?.text).toBe(title);
    expect(element(html, 'error-page')?.attributes).toContain(`data-status="${status}"`);
    expect(html).not.toContain('<script');
    expect(html).not.toMatch(/A-1001|Order /);
  });
});
