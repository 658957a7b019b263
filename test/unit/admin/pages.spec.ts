import { h } from 'preact';
import { renderDocument } from '../../../src/admin/html';
import { ErrorPage } from '../../../src/admin/pages/error-page';
import { LoginPage } from '../../../src/admin/pages/login-page';
import { OrderListPage } from '../../../src/admin/pages/order-list-page';
import { OrderPage } from '../../../src/admin/pages/order-page';
import { age, money } from '../../../src/admin/pages/parts';
import type { Principal } from '../../../src/auth/api-keys';
import { HOSTILE, orderDetail, orderPageData, orderRow, SHIPMENT_ID, SUMMARY } from './fixtures';

/*
 * The dashboard's page components rendered to HTML: what each shows, which actions each role gets,
 * and that text from outside (order IDs, carrier descriptions, notes) is escaped, never markup.
 */

const support: Principal = { role: 'support', keyId: 'key_support00000' };
const admin: Principal = { role: 'admin', keyId: 'key_admin0000000' };
const now = new Date('2026-11-23T12:00:00.000Z');

const hasTestId = (html: string, id: string): boolean => html.includes(`data-testid="${id}"`);

describe('order list page', () => {
  const render = (overrides: Partial<Parameters<typeof OrderListPage>[0]> = {}) =>
    renderDocument(
      h(OrderListPage, {
        user: { principal: support, csrfToken: 'tok' },
        now,
        filter: {},
        rows: [orderRow()],
        summary: SUMMARY,
        ...overrides,
      }),
    );

  it('is a whole HTML document with the stylesheet and script from the API itself, and nothing inline', () => {
    const html = render();
    expect(html.startsWith('<!doctype html><html lang="en">')).toBe(true);
    expect(html).toMatch(/<link rel="stylesheet" href="\/admin\/assets\/admin-[0-9a-f]{12}\.css"\/>/);
    expect(html).toMatch(/<script src="\/admin\/assets\/admin-[0-9a-f]{12}\.js" defer><\/script>/);
    expect(html).not.toMatch(/<style|style="|<script>|\son[a-z]+=/);
  });

  it('shows each order with status, parcels, delayed and attention flags, escrow, age and last scan', () => {
    const html = render();
    expect(html).toContain('data-testid="order-row" data-order-id="A-1001"');
    expect(html).toContain('href="/admin/orders/A-1001"');
    expect(html).toContain('data-testid="order-status" data-value="in_transit"');
    expect(html).toContain('1Z5R89390357567127');
    expect(html).toContain('data-testid="order-delayed" data-value="true"');
    expect(html).toContain('data-testid="order-attention" data-value="true"');
    expect(html).toContain('attempt failed');
    expect(html).toContain('held');
    expect(html).toContain('3 d 2 h');
    expect(html).toContain('<time datetime="2026-11-21T14:30:00.000Z"');
  });

  it('has the summary panel: counts by status, the attention count and on-time rate by carrier', () => {
    const html = render();
    expect(html).toContain('data-testid="status-count-in_transit" data-count="2"');
    expect(html).toContain('data-testid="attention-count" data-count="1"');
    expect(html).toMatch(/data-testid="on-time-ups"[^>]*>.*?75%/s);
  });

  it('keeps the filters chosen and links the next page with them', () => {
    const html = render({ filter: { status: 'in_transit', carrier: 'ups', exception: true }, nextHref: '/admin?status=in_transit&carrier=ups&exception=1&cursor=abc' });
    expect(html).toContain('<option value="in_transit" selected>');
    expect(html).toContain('<option value="ups" selected>');
    expect(html).toMatch(/name="exception" value="1" checked/);
    expect(html).toContain('href="/admin?status=in_transit&amp;carrier=ups&amp;exception=1&amp;cursor=abc"');
    expect(hasTestId(html, 'first-page')).toBe(false);
  });

  it('escapes a hostile order ID and search text', () => {
    const html = render({ rows: [orderRow({ orderId: HOSTILE })], search: `"><img src=x onerror=alert(1)>` });
    expect(html).not.toContain(HOSTILE);
    expect(html).toContain('&lt;script>alert(&quot;x&quot;)&lt;/script>');
    expect(html).toContain(`href="/admin/orders/${encodeURIComponent(HOSTILE)}"`);
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('value="&quot;>&lt;img src=x onerror=alert(1)>"');
  });

  it('says so when nothing matches', () => {
    expect(hasTestId(render({ rows: [] }), 'no-orders')).toBe(true);
  });
});

describe('order page', () => {
  const render = (principal: Principal, data = orderPageData()) => renderDocument(h(OrderPage, { ...data, user: { principal, csrfToken: 'tok-123' }, now }));

  it('shows the parcels with proof of delivery, the escrow, the merged timeline, the notification log and the Temporal link', () => {
    const html = render(support);
    expect(html).toContain(`data-testid="shipment" data-shipment-id="${SHIPMENT_ID}"`);
    expect(html).toMatch(/data-testid="proof-of-delivery">.*Signed by Ada/s);
    expect(html).toContain('data-testid="escrow-state" data-value="held"');
    expect(html).toContain('$129.99');
    expect(html.match(/data-testid="timeline-entry" data-kind="order"/g)).toHaveLength(2);
    expect(html.match(/data-testid="timeline-entry" data-kind="scan"/g)).toHaveLength(1);
    expect(html.match(/data-testid="notification" /g)).toHaveLength(3);
    expect(html).toContain('data-testid="temporal-link"');
    expect(html).toContain('href="http://127.0.0.1:8233/namespaces/default/workflows/order%3AA-1001/run-1/history"');
  });

  it('orders the timeline newest first across order events and carrier scans', () => {
    const html = render(support);
    const dispute = html.indexOf('dispute opened');
    const scan = html.indexOf('Departed facility');
    const received = html.indexOf('order received');
    expect(dispute).toBeGreaterThan(-1);
    expect(dispute).toBeLessThan(scan);
    expect(scan).toBeLessThan(received);
  });

  it('gives support refresh and resend, and no admin override', () => {
    const html = render(support);
    expect(hasTestId(html, 'refresh-form')).toBe(true);
    expect(html.match(/data-testid="resend-form"/g)).toHaveLength(2);
    for (const id of ['mark-delivered-form', 'escrow-hold-form', 'escrow-release-form', 'resolve-form']) expect(hasTestId(html, id)).toBe(false);
    expect(html).toContain(`action="/admin/orders/A-1001/shipments/${SHIPMENT_ID}/refresh"`);
  });

  it('gives an admin the escrow and delivery overrides too, each form with the CSRF token', () => {
    const html = render(admin);
    for (const id of ['refresh-form', 'mark-delivered-form', 'escrow-hold-form', 'escrow-release-form', 'resolve-form']) expect(hasTestId(html, id)).toBe(true);
    const forms = html.match(/<form method="post"/g) ?? [];
    const tokens = html.match(/name="_csrf" value="tok-123"/g) ?? [];
    expect(forms.length).toBeGreaterThan(5);
    expect(tokens).toHaveLength(forms.length);
  });

  it('offers no resend of a resend, and keeps the message’s parcel and revision in the form', () => {
    const html = render(support);
    expect(html).toContain(`name="shipmentId" value="${SHIPMENT_ID}"`);
    expect(html).not.toContain('name="revision" value="resend-1"');
  });

  it('escapes hostile text from carriers, customers and the order ID', () => {
    const order = orderDetail({ orderId: HOSTILE });
    const html = render(admin, orderPageData(order));
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script>alert(&quot;x&quot;)&lt;/script>');
    expect(html).toContain(`action="/admin/orders/${encodeURIComponent(HOSTILE)}/escrow/hold"`);
  });

  it('shows the workflow ID without a link when no Temporal UI is configured', () => {
    const data = { ...orderPageData(), workflow: { workflowId: 'order:A-1001' } };
    const html = render(support, data);
    expect(hasTestId(html, 'temporal-link')).toBe(false);
    expect(html).toContain('data-testid="workflow-id">order:A-1001<');
  });
});

describe('login and error pages', () => {
  it('the login form posts the key and a CSRF token, and keeps where to go next', () => {
    const html = renderDocument(h(LoginPage, { csrfToken: 'tok', next: '/admin/orders/A-1' }));
    expect(html).toContain('<form method="post" action="/admin/login" data-testid="login-form">');
    expect(html).toContain('name="_csrf" value="tok"');
    expect(html).toContain('name="next" value="/admin/orders/A-1"');
    expect(html).toContain('type="password"');
    expect(hasTestId(html, 'sign-out')).toBe(false);
  });

  it('an error page escapes its message', () => {
    const html = renderDocument(h(ErrorPage, { status: 409, message: HOSTILE }));
    expect(html).toContain('data-status="409"');
    expect(html).not.toContain(HOSTILE);
  });
});

describe('formatting', () => {
  it('amounts use the currency’s decimals', () => {
    expect(money(12999, 'USD')).toBe('$129.99');
    expect(money(500, 'JPY')).toBe('¥500');
    expect(money(undefined, 'USD')).toBe('—');
  });

  it('ages use the two largest units', () => {
    expect(age(new Date('2026-11-23T11:48:00Z'), now)).toBe('12 min');
    expect(age(new Date('2026-11-23T09:30:00Z'), now)).toBe('2 h 30 min');
    expect(age(new Date('2026-11-20T10:00:00Z'), now)).toBe('3 d 2 h');
  });
});
