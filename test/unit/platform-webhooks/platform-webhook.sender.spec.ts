import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import {
  HttpPlatformWebhookSender,
  PlatformWebhookDeliveryError,
  renderPlatformWebhookBody,
  signPlatformWebhook,
} from '../../../activities/platform-webhooks/platform-webhook.sender';
import { PlatformWebhookFailureType, type OrderStatusWebhook } from '../../../activities/platform-webhooks/platform-webhook.types';
import { SANDBOX_PLATFORM_WEBHOOK_SECRET } from '../../../src/config/config';
import { PROJECT_ROOT } from '../../../src/infra/tool-paths';
import { freePort } from '../../support/free-port';

const SECRET = `whsec_${Buffer.from('unit-test-platform-webhook-secret-32b').toString('base64')}`;

const event = (patch: Partial<OrderStatusWebhook> = {}): OrderStatusWebhook => ({
  orderId: 'A-1001',
  sequence: 3,
  status: 'shipped',
  previousStatus: 'processing',
  occurredAt: '2026-11-20T10:00:00.000Z',
  escrowState: 'held',
  shipments: [{ shipmentId: 'shp_0123456789abcdef01234567', carrier: 'ups', trackingNumber: '1Z999AA10123456784', status: 'in_transit' }],
  ...patch,
});

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  /** What `standardwebhooks` said about the signature over the raw bytes. */
  verified: boolean;
  verifyError?: string;
}

type Answer = (res: ServerResponse, received: Received) => void;

/** A platform over real HTTP that verifies every request with `standardwebhooks`, then answers as told. */
class VerifyingReceiver {
  readonly received: Received[] = [];
  answer: Answer = (res, received) => {
    res.statusCode = received.verified ? 204 : 401;
    res.end();
  };
  url = '';
  private server?: Server;

  constructor(private readonly secret: string) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const received: Received = { headers: req.headers, body, verified: false };
        try {
          new Webhook(this.secret).verify(body, req.headers as Record<string, string>);
          received.verified = true;
        } catch (err) {
          received.verifyError = (err as Error).message;
        }
        this.received.push(received);
        this.answer(res, received);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/waybill?token=abc`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

const errorOf = async (promise: Promise<unknown>): Promise<PlatformWebhookDeliveryError> => {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PlatformWebhookDeliveryError);
  return err as PlatformWebhookDeliveryError;
};

describe('HttpPlatformWebhookSender against a receiver that verifies with standardwebhooks', () => {
  const receiver = new VerifyingReceiver(SECRET);
  const sender = (patch: Partial<ConstructorParameters<typeof HttpPlatformWebhookSender>[0]> = {}) =>
    new HttpPlatformWebhookSender({ url: receiver.url, secret: SECRET, timeoutMs: 2_000, ...patch });

  beforeAll(() => receiver.start());
  afterAll(() => receiver.stop());
  beforeEach(() => {
    receiver.received.length = 0;
    receiver.answer = (res, received) => {
      res.statusCode = received.verified ? 204 : 401;
      res.end();
    };
  });

  it('sends a body the receiver verifies, with the Standard Webhooks headers and a webhook ID from the order and sequence', async () => {
    await expect(sender().send(event())).resolves.toEqual({ webhookId: 'evt_order_A-1001_3', httpStatus: 204 });
    const [received] = receiver.received;
    expect(received.verified).toBe(true);
    expect(received.headers).toMatchObject({ 'content-type': 'application/json', 'webhook-id': 'evt_order_A-1001_3' });
    expect(received.headers['webhook-timestamp']).toMatch(/^\d{10}$/);
    expect(Math.abs(Number(received.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(5);
    expect(received.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(JSON.parse(received.body)).toEqual({ type: 'order.status_changed', timestamp: '2026-11-20T10:00:00.000Z', data: event() });
  });

  it('signs as the docs say: v1,base64(HMAC-SHA256(base64-decoded secret, "{id}.{timestamp}.{body}"))', async () => {
    await sender().send(event());
    const [{ headers, body }] = receiver.received;
    const key = Buffer.from(SECRET.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key).update(`${String(headers['webhook-id'])}.${String(headers['webhook-timestamp'])}.${body}`).digest('base64');
    expect(headers['webhook-signature']).toBe(`v1,${expected}`);
    const at = new Date(Number(headers['webhook-timestamp']) * 1000);
    expect(signPlatformWebhook(SECRET, 'evt_order_A-1001_3', at, body)['webhook-signature']).toBe(`v1,${expected}`);
  });

  it('matches the test vector in docs/platform-webhooks.md', () => {
    const body = renderPlatformWebhookBody(event());
    expect(readFileSync(join(PROJECT_ROOT, 'docs', 'platform-webhooks.md'), 'utf8')).toContain(body);
    expect(signPlatformWebhook(SANDBOX_PLATFORM_WEBHOOK_SECRET, 'evt_order_A-1001_3', new Date(1795168802 * 1000), body)).toEqual({
      'webhook-id': 'evt_order_A-1001_3',
      'webhook-timestamp': '1795168802',
      'webhook-signature': 'v1,/+XeIcn7pUtaThMU0acI12dLic1f3XhcTh0eQSUj9+g=',
    });
  });

  it('sends only the documented fields: whatever else the event carries (personal data) stays home', async () => {
    const withPii = {
      ...event(),
      customer: { name: 'Ada Lovelace', email: 'ada@example.com', phone: '+14155550123' },
      shipments: [{ ...event().shipments[0], address: '1 Main St' }],
    } as unknown as OrderStatusWebhook;
    await sender().send(withPii);
    const body = receiver.received[0].body;
    expect(body).not.toMatch(/Ada|ada@example|4155550123|Main St|customer|address/);
    expect(body).toBe(renderPlatformWebhookBody(event()));
  });

  it('sends the same ID and body on every attempt; only the timestamp and signature change', async () => {
    let now = new Date('2026-11-20T10:00:00Z').getTime();
    const clocked = sender({ now: () => new Date(now) });
    receiver.answer = (res) => {
      res.statusCode = 204;
      res.end();
    };
    await clocked.send(event());
    now += 60_000;
    await clocked.send(event());
    const [first, second] = receiver.received;
    expect(second.headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(second.body).toBe(first.body);
    expect(Number(second.headers['webhook-timestamp']) - Number(first.headers['webhook-timestamp'])).toBe(60);
    expect(second.headers['webhook-signature']).not.toBe(first.headers['webhook-signature']);
  });

  it('is refused (401, not retried) when signed outside the 5-minute tolerance or with another secret', async () => {
    const stale = await errorOf(sender({ now: () => new Date(Date.now() - 6 * 60_000) }).send(event()));
    expect(receiver.received[0].verifyError).toMatch(/too old/);
    expect(stale).toMatchObject({ type: PlatformWebhookFailureType.REJECTED, retryable: false, details: { httpStatus: 401 } });
    const early = await errorOf(sender({ now: () => new Date(Date.now() + 6 * 60_000) }).send(event()));
    expect(receiver.received[1].verifyError).toMatch(/too new/);
    expect(early.retryable).toBe(false);
    const otherSecret = `whsec_${Buffer.from('another-secret-entirely-32-bytes!').toString('base64')}`;
    await errorOf(sender({ secret: otherSecret }).send(event()));
    expect(receiver.received[2].verifyError).toMatch(/No matching signature/);
  });

  it.each([200, 201, 202, 204])('delivers on %i', async (status) => {
    receiver.answer = (res) => {
      res.statusCode = status;
      res.end('{"ok":true}');
    };
    await expect(sender().send(event())).resolves.toMatchObject({ httpStatus: status });
  });

  it.each([
    [410, PlatformWebhookFailureType.REJECTED, false],
    [400, PlatformWebhookFailureType.REJECTED, false],
    [401, PlatformWebhookFailureType.REJECTED, false],
    [403, PlatformWebhookFailureType.REJECTED, false],
    [404, PlatformWebhookFailureType.REJECTED, false],
    [413, PlatformWebhookFailureType.REJECTED, false],
    [422, PlatformWebhookFailureType.REJECTED, false],
    [408, PlatformWebhookFailureType.UNAVAILABLE, true],
    [409, PlatformWebhookFailureType.UNAVAILABLE, true],
    [425, PlatformWebhookFailureType.UNAVAILABLE, true],
    [429, PlatformWebhookFailureType.RATE_LIMITED, true],
    [500, PlatformWebhookFailureType.UNAVAILABLE, true],
    [502, PlatformWebhookFailureType.UNAVAILABLE, true],
    [503, PlatformWebhookFailureType.UNAVAILABLE, true],
  ])('classifies %i as %s (retryable: %s)', async (status, type, retryable) => {
    receiver.answer = (res) => {
      res.statusCode = status;
      res.end('{"error":"nope"}');
    };
    const err = await errorOf(sender().send(event()));
    expect(err).toMatchObject({ type, retryable, details: { httpStatus: status } });
    expect(err.message).toContain('evt_order_A-1001_3');
    // The receiver's origin only: a token in its path or query never reaches logs or history.
    expect(err.message).not.toMatch(/token|hooks\/waybill/);
    if (status === 410) expect(err.message).toMatch(/410 Gone/);
  });

  it('honours Retry-After on 429 and 503 (seconds or an HTTP date)', async () => {
    receiver.answer = (res) => {
      res.writeHead(429, { 'Retry-After': '7' });
      res.end();
    };
    expect((await errorOf(sender().send(event()))).details.retryAfterMs).toBe(7_000);
    receiver.answer = (res) => {
      res.writeHead(503, { 'Retry-After': new Date(Date.now() + 120_000).toUTCString() });
      res.end();
    };
    const retryAfter = (await errorOf(sender().send(event()))).details.retryAfterMs ?? 0;
    expect(retryAfter).toBeGreaterThan(100_000);
    expect(retryAfter).toBeLessThanOrEqual(120_000);
  });

  it('does not follow a redirect: one request, retried later', async () => {
    receiver.answer = (res) => {
      res.writeHead(307, { Location: '/elsewhere' });
      res.end();
    };
    const err = await errorOf(sender().send(event()));
    expect(err).toMatchObject({ type: PlatformWebhookFailureType.UNAVAILABLE, retryable: true, details: { httpStatus: 307 } });
    expect(err.message).toMatch(/redirects are not followed/);
    expect(receiver.received).toHaveLength(1);
  });

  it('times out a receiver that does not answer, retryably', async () => {
    receiver.answer = () => undefined;
    const err = await errorOf(sender({ timeoutMs: 200 }).send(event()));
    expect(err).toMatchObject({ type: PlatformWebhookFailureType.UNAVAILABLE, retryable: true });
    expect(err.message).toMatch(/timed out after 200 ms/);
  });

  it('fails retryably when nothing listens', async () => {
    const closed = `http://127.0.0.1:${await freePort()}/hooks`;
    const err = await errorOf(new HttpPlatformWebhookSender({ url: closed, secret: SECRET, timeoutMs: 2_000 }).send(event()));
    expect(err).toMatchObject({ type: PlatformWebhookFailureType.UNAVAILABLE, retryable: true });
    expect(err.message).toMatch(/failed before an answer arrived/);
  });

  it("rethrows the caller's own cancellation untouched", async () => {
    receiver.answer = () => undefined;
    const controller = new AbortController();
    const sending = sender().send(event(), { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const err = await sending.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).not.toBeInstanceOf(PlatformWebhookDeliveryError);
    expect((err as Error).name).toBe('AbortError');
  });

  it('refuses a secret that is not whsec_ base64 at construction', () => {
    expect(() => new HttpPlatformWebhookSender({ url: receiver.url, secret: 'whsec_not base64!', timeoutMs: 1_000 })).toThrow();
  });
});
