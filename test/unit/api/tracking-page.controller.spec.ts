import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import request from 'supertest';
import { parseCustomerTokenSecrets } from '../../../src/auth/customer-token-secrets';
import { CUSTOMER_TOKEN_OPTIONS, CustomerTokenService } from '../../../src/auth/customer-tokens';
import { CustomerActionsService } from '../../../src/customer/customer-actions.service';
import { OrderWorkflows } from '../../../src/orders/order-workflows';
import { OrderUpdatesRepository } from '../../../src/persistence/order-updates.repository';
import { ReadModelRepository } from '../../../src/persistence/read-model.repository';
import { TEMPORAL_CLIENT } from '../../../src/temporal/temporal-client.module';
import { TrackingAssets } from '../../../src/tracking/assets/tracking-assets';
import { TrackingAssetsController } from '../../../src/tracking/tracking-assets.controller';
import { TrackingPageErrorFilter } from '../../../src/tracking/tracking-page-error.filter';
import { TrackingPageController } from '../../../src/tracking/tracking-page.controller';
import { TrackingViews } from '../../../src/tracking/tracking-views';
import { TRACKING_OPTIONS, type TrackingOptions } from '../../../src/tracking/tracking.options';
import type { OrderView } from '../../../workflows/order/order.types';
import { useApiTestApp } from '../../support/api-test-app';

/*
 * The tracking page's routes over real HTTP: security headers, body parsing, the real token service,
 * customer actions service and error filter; the feed and Temporal are fakes that record what the
 * page asked of them.
 */

const SECRETS = 'k2026:page-secret-0123456789abcdef-0123456789';
const PUBLIC_BASE_URL = 'https://track.northwind.example';

const view = (status: OrderView['status'] = 'delivered') => ({
  orderId: 'A-1001',
  status,
  delayed: false,
  escrow: { state: 'held' as const },
  shipments: [{ carrier: 'ups' as const, trackingNumber: '1Z5R89390357567127', trackingUrl: 'https://www.ups.com/track?tracknum=1Z5R89390357567127', status: 'delivered' as const }],
});

const OPTIONS: TrackingOptions = {
  pollIntervalMs: 250,
  heartbeatMs: 15_000,
  maxStreamsPerToken: 5,
  maxStreamsPerIp: 100,
  replayLimit: 100,
  publicBaseUrl: PUBLIC_BASE_URL,
  brand: { name: 'Northwind', primaryColor: '#0f766e' },
};

describe('tracking page routes', () => {
  const feed = { latest: jest.fn(), after: jest.fn() };
  const executeUpdate = jest.fn();
  const updates: Array<{ workflowId: string; name: string; arg: unknown }> = [];
  const temporal = {
    withAbortSignal: <R>(_signal: AbortSignal, fn: () => Promise<R>) => fn(),
    workflow: {
      getHandle: (workflowId: string) => ({
        executeUpdate: (update: { name: string }, options: { args: [unknown] }) => {
          updates.push({ workflowId, name: update.name, arg: options.args[0] });
          return executeUpdate();
        },
        describe: jest.fn(),
        query: jest.fn(),
      }),
    },
  };

  const api = useApiTestApp({
    controllers: [TrackingPageController, TrackingAssetsController],
    providers: [
      { provide: CUSTOMER_TOKEN_OPTIONS, useValue: { keys: parseCustomerTokenSecrets(SECRETS), defaultTtlMs: 86_400_000 } },
      CustomerTokenService,
      CustomerActionsService,
      OrderWorkflows,
      TrackingViews,
      TrackingAssets,
      TrackingPageErrorFilter,
      { provide: TRACKING_OPTIONS, useValue: OPTIONS },
      { provide: OrderUpdatesRepository, useValue: feed },
      { provide: ReadModelRepository, useValue: { findOrder: jest.fn(), findShipmentsOfOrder: jest.fn() } },
      { provide: TEMPORAL_CLIENT, useValue: temporal },
    ],
  });

  let token: string;
  beforeAll(async () => {
    token = (await api.moduleRef.get(CustomerTokenService).issue('A-1001')).token;
  });
  beforeEach(() => {
    updates.length = 0;
    feed.latest.mockReset().mockResolvedValue({ orderId: 'A-1001', revision: 9, view: view(), createdAt: new Date() });
    executeUpdate.mockReset().mockResolvedValue({ ...view(), createdAt: '2026-11-26T10:00:00Z', history: [], revision: 10 });
  });

  const form = (path: string, body = '', origin: string | undefined = PUBLIC_BASE_URL) => {
    const call = request(api.server).post(path).type('form');
    return (origin ? call.set('Origin', origin) : call).send(body);
  };

  it('serves the page under the CSP the app sets, loading only its own assets', async () => {
    const response = await request(api.server).get(`/t/${token}`).expect(200);
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['x-robots-tag']).toBe('noindex, nofollow');
    expect(response.text).toContain('data-testid="confirm-receipt-form"');
    expect(response.text).toContain(`action="/t/${token}/confirm-receipt"`);
    const css = /href="(\/t\/assets\/[^"]+\.css)"/.exec(response.text)![1];
    const stylesheet = await request(api.server).get(css).expect(200);
    expect(stylesheet.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(stylesheet.text).toContain('--brand:#0f766e');
    await request(api.server).get('/t/assets/unknown.css').expect(404);
  });

  it('opens from the short link an SMS carries, the same page for the same order', async () => {
    const short = api.moduleRef.get(CustomerTokenService).issueCompact('A-1001').token;
    const response = await request(api.server).get(`/t/${short}`).expect(200);
    expect(response.text).toContain('data-testid="confirm-receipt-form"');
    expect(response.text).toContain(`action="/t/${short}/confirm-receipt"`);
    await request(api.server).get(`/t/${short.slice(0, -2)}xx`).expect(401);
  });

  it('confirms receipt through the order’s workflow, then sends the browser back to the page (303)', async () => {
    const response = await form(`/t/${token}/confirm-receipt`).expect(303);
    expect(response.headers.location).toBe(`/t/${token}?done=receipt-confirmed`);
    expect(updates).toEqual([{ workflowId: 'order:A-1001', name: 'confirmReceipt', arg: { actor: { role: 'customer', keyId: expect.any(String) } } }]);
    const page = await request(api.server).get(response.headers.location).expect(200);
    expect(page.text).toContain('data-testid="notice" data-notice="receipt-confirmed"');
  });

  it('reports a problem with the customer’s note', async () => {
    await form(`/t/${token}/report-problem`, 'kind=not_received&note=Never+arrived').expect(303);
    expect(updates[0]).toMatchObject({ name: 'reportProblem', arg: { kind: 'not_received', note: 'Never arrived' } });
  });

  it('shows the workflow’s refusal in the page’s own words, with the status, and keeps the note', async () => {
    executeUpdate.mockRejectedValue(
      new WorkflowUpdateFailedError('Update failed', ApplicationFailure.create({ type: 'DisputeOpen', message: 'A problem report is open; internal words.', nonRetryable: true })),
    );
    const response = await form(`/t/${token}/report-problem`, 'kind=not_received&note=Still+nothing').expect(409);
    expect(response.text).toContain('You already reported a problem; support will resolve it first.');
    expect(response.text).not.toContain('internal words');
    expect(response.text).toContain('>Still nothing</textarea>');
  });

  it('refuses a note over 1000 characters (400) and changes nothing', async () => {
    const response = await form(`/t/${token}/report-problem`, `kind=not_received&note=${'x'.repeat(1001)}`).expect(400);
    expect(response.text).toContain('Please keep your note under 1,000 characters.');
    expect(updates).toEqual([]);
  });

  it.each([
    ['another site', 'https://evil.example'],
    ['an opaque origin', 'null'],
  ])('refuses a form posted from %s (403) and changes nothing', async (_name, origin) => {
    await form(`/t/${token}/confirm-receipt`, '', origin).expect(403);
    expect(updates).toEqual([]);
  });

  it('accepts a post from the API’s own origin as the request reached it (a proxy keeping Host)', async () => {
    await request(api.server).post(`/t/${token}/confirm-receipt`).set('Host', 'waybill.internal:8080').set('Origin', 'http://waybill.internal:8080').type('form').send('').expect(303);
  });

  it('checks the link before anything else: a forged one is a 401 page whatever the origin', async () => {
    const response = await form(`/t/${token.slice(0, -3)}abc/confirm-receipt`, '', 'https://evil.example').expect(401);
    expect(response.text).toContain('This link does not work');
    expect(updates).toEqual([]);
  });

  it('answers an unknown query parameter with a 400 page', async () => {
    const response = await request(api.server).get(`/t/${token}?done=hacked`).expect(400);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it('answers an order nothing knows any more with a 404 page', async () => {
    feed.latest.mockResolvedValue(undefined);
    const response = await request(api.server).get(`/t/${token}`).expect(404);
    expect(response.text).toContain('We cannot find this order');
  });
});
