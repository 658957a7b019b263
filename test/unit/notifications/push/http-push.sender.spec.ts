import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { HttpPushSender } from '../../../../activities/notifications/push/http-push.sender';
import {
  PUSH_BODY_MAX_CHARS,
  PUSH_MESSAGE_TYPE,
  PUSH_TITLE_MAX_CHARS,
  PushDeliveryError,
  PushFailureType,
  PushRejectedError,
  type PushMessage,
} from '../../../../activities/notifications/push/push-sender';
import { PermanentDeliveryError } from '../../../../activities/notifications/outbox';
import { freePort } from '../../../support/free-port';

const SECRET = `whsec_${Buffer.from('unit-test-push-signing-secret-32b').toString('base64')}`;
const NOW = new Date('2026-03-02T15:00:00.000Z');

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

type Handler = (response: ServerResponse) => void;

const message = (patch: Partial<PushMessage> = {}): PushMessage => ({
  id: 'push_0123456789abcdef',
  type: PUSH_MESSAGE_TYPE,
  createdAt: '2026-03-02T14:59:58.000Z',
  orderId: 'A-1001',
  customerRef: 'cus_secret_ref_42',
  milestone: 'shipped',
  title: 'Your order A-1001 has shipped',
  body: 'UPS has your parcel. Track it any time.',
  data: { orderId: 'A-1001', shipmentId: 'shp_1', milestone: 'shipped', trackingUrl: 'https://www.ups.com/track?tracknum=1Z' },
  locale: 'en-US',
  ...patch,
});

const json = (status: number, body?: unknown, headers: Record<string, string> = {}): Handler => (response) => {
  response.writeHead(status, { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers });
  response.end(body === undefined ? undefined : JSON.stringify(body));
};

describe(HttpPushSender.name, () => {
  let server: Server;
  let endpointUrl: string;
  let received: Received[];
  let handler: Handler;

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        handler(response);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpointUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mobile/v1/notifications?tenant=shop-7`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  beforeEach(() => {
    received = [];
    handler = json(202, { deliveredTo: 2 });
  });

  const sender = (patch: Partial<ConstructorParameters<typeof HttpPushSender>[0]> = {}) =>
    new HttpPushSender({ endpointUrl, signingSecret: SECRET, timeoutMs: 2_000, clock: () => NOW, ...patch });
  const failureOf = async (promise: Promise<unknown>): Promise<Error> => {
    const err = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    return err as Error;
  };

  it('posts the message as compact JSON, signed the Standard Webhooks way, with the id as Idempotency-Key', async () => {
    const result = await sender().send(message());
    expect(result).toEqual({ providerMessageId: 'push_0123456789abcdef', deliveredTo: 2 });
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request).toMatchObject({ method: 'POST', url: '/mobile/v1/notifications?tenant=shop-7' });
    expect(request.body).toBe(JSON.stringify(message()));
    expect(request.headers).toMatchObject({
      'content-type': 'application/json',
      'webhook-id': 'push_0123456789abcdef',
      'webhook-timestamp': String(NOW.getTime() / 1000),
      'webhook-signature': expect.stringMatching(/^v1,[A-Za-z0-9+/]+=*$/),
      'idempotency-key': 'push_0123456789abcdef',
    });
    // What a receiver does: the library recomputes the signature over id, timestamp and raw body.
    const receiver = new Webhook(SECRET);
    expect(receiver.sign('push_0123456789abcdef', NOW, request.body)).toBe(request.headers['webhook-signature']);
    const signedNow = sender({ clock: () => new Date() });
    await signedNow.send(message());
    expect(receiver.verify(received[1].body, received[1].headers as Record<string, string>)).toEqual(message());
    expect(() => new Webhook(`whsec_${Buffer.from('another-secret-of-thirty-two-byte').toString('base64')}`).verify(received[1].body, received[1].headers as Record<string, string>)).toThrow();
  });

  it('shortens the title and body to the documented limits, on a word boundary with an ellipsis', async () => {
    const title = 'Your order A-1001 from the Very Long Named Boutique Shop is out for delivery today';
    const body = `${'Your parcel is on the truck and should arrive before the end of the day. '.repeat(5)}Thanks!`;
    await sender().send(message({ title, body }));
    const sent = JSON.parse(received[0].body) as PushMessage;
    expect(Array.from(sent.title).length).toBeLessThanOrEqual(PUSH_TITLE_MAX_CHARS);
    expect(Array.from(sent.body).length).toBeLessThanOrEqual(PUSH_BODY_MAX_CHARS);
    expect(sent.title).toBe('Your order A-1001 from the Very Long Named Boutique Shop is out…');
    expect(sent.body.endsWith('…')).toBe(true);
    expect(title.startsWith(sent.title.slice(0, -1))).toBe(true);
    expect(body.startsWith(sent.body.slice(0, -1))).toBe(true);
  });

  it('takes any 2xx as accepted, with or without a readable body', async () => {
    handler = json(200);
    await expect(sender().send(message())).resolves.toEqual({ providerMessageId: 'push_0123456789abcdef' });
    handler = (response) => response.writeHead(204).end();
    await expect(sender().send(message())).resolves.toEqual({ providerMessageId: 'push_0123456789abcdef' });
    handler = (response) => response.writeHead(202, { 'Content-Type': 'text/html' }).end('<p>ok</p>');
    await expect(sender().send(message())).resolves.toEqual({ providerMessageId: 'push_0123456789abcdef' });
  });

  it.each([
    [410, 'no_devices'],
    [404, 'no_devices'],
    [404, 'unknown_customer'],
    [410, 'unsubscribed'],
  ] as const)('makes %i %s a permanent failure (recorded, not retried)', async (status, code) => {
    handler = json(status, { error: code, message: 'nobody to deliver to' });
    const err = await failureOf(sender().send(message()));
    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect(err).toBeInstanceOf(PushRejectedError);
    expect(err).toMatchObject({ code, httpStatus: status });
    expect(err.message).not.toContain('cus_secret_ref_42');
  });

  it.each([400, 413, 422])('makes any other 4xx (%i) a permanent refusal of the request', async (status) => {
    handler = json(status, { error: 'invalid_request', message: 'title: too long' });
    const err = await failureOf(sender().send(message()));
    expect(err).toBeInstanceOf(PushRejectedError);
    expect(err).toMatchObject({ code: 'invalid_request', httpStatus: status });
  });

  it.each([401, 403])('makes %i a retryable configuration error that names the signing secret', async (status) => {
    handler = json(status, { error: 'invalid_signature' });
    const err = await failureOf(sender().send(message()));
    expect(err).not.toBeInstanceOf(PermanentDeliveryError);
    expect(err).toBeInstanceOf(PushDeliveryError);
    expect(err).toMatchObject({ type: PushFailureType.MISCONFIGURED, details: { httpStatus: status } });
    expect(err.message).toMatch(/PUSH_SIGNING_SECRET/);
    expect(err.message).not.toContain(SECRET);
    expect(err.message).not.toContain('tenant=shop-7');
  });

  it('makes a 404 or 410 without a documented error a configuration error (a wrong URL), not a permanent failure', async () => {
    for (const body of [{ statusCode: 404, message: 'Cannot POST /x', error: 'Not Found' }, undefined, { error: 'route_retired' }]) {
      handler = json(404, body);
      const err = await failureOf(sender().send(message()));
      expect(err).not.toBeInstanceOf(PermanentDeliveryError);
      expect(err).toMatchObject({ type: PushFailureType.MISCONFIGURED });
      expect(err.message).toMatch(/PUSH_ENDPOINT_URL/);
    }
    handler = json(410);
    expect(await failureOf(sender().send(message()))).toMatchObject({ type: PushFailureType.MISCONFIGURED });
  });

  it('does not follow a redirect: the signed notification goes only where it was configured to', async () => {
    handler = (response) => response.writeHead(307, { Location: 'https://elsewhere.example.com/' }).end();
    const err = await failureOf(sender().send(message()));
    expect(err).toMatchObject({ type: PushFailureType.MISCONFIGURED, details: { httpStatus: 307 } });
    expect(received).toHaveLength(1);
  });

  it('makes 429 retryable, carrying Retry-After in seconds or as a date', async () => {
    handler = json(429, { error: 'rate_limited' }, { 'Retry-After': '7' });
    expect(await failureOf(sender().send(message()))).toMatchObject({ type: PushFailureType.RATE_LIMITED, retryAfterMs: 7_000, details: { httpStatus: 429 } });
    handler = json(429, { error: 'rate_limited' }, { 'Retry-After': new Date(Date.now() + 60_000).toUTCString() });
    const dated = (await failureOf(sender().send(message()))) as PushDeliveryError;
    expect(dated.retryAfterMs).toBeGreaterThan(55_000);
    expect(dated.retryAfterMs).toBeLessThanOrEqual(60_000);
    handler = json(429);
    expect(await failureOf(sender().send(message()))).toMatchObject({ type: PushFailureType.RATE_LIMITED, retryAfterMs: undefined });
  });

  it.each([500, 502, 503, 408, 409])('makes %i retryable', async (status) => {
    handler = (response) => response.writeHead(status, { 'Content-Type': 'text/html', 'Retry-After': '3' }).end('<h1>Bad gateway</h1>');
    const err = await failureOf(sender().send(message()));
    expect(err).not.toBeInstanceOf(PermanentDeliveryError);
    expect(err).toMatchObject({ type: PushFailureType.UNAVAILABLE, retryAfterMs: 3_000, details: { httpStatus: status } });
  });

  it('makes a timeout and a refused connection retryable', async () => {
    handler = () => undefined;
    const slow = await failureOf(sender({ timeoutMs: 150 }).send(message()));
    expect(slow).toMatchObject({ type: PushFailureType.UNAVAILABLE });
    expect(slow.message).toMatch(/timed out after 150 ms/);
    server.closeAllConnections();

    const closed = await freePort();
    const refused = await failureOf(sender({ endpointUrl: `http://127.0.0.1:${closed}/push` }).send(message()));
    expect(refused).toMatchObject({ type: PushFailureType.UNAVAILABLE });
    expect(refused.message).toMatch(/failed before an answer arrived/);
  });

  it("rethrows the caller's cancellation untouched", async () => {
    handler = () => undefined;
    const controller = new AbortController();
    const sending = sender().send(message(), { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('activity cancelled')), 50);
    const err = await failureOf(sending);
    expect(err).not.toBeInstanceOf(PushDeliveryError);
    expect(err.message).toBe('activity cancelled');
    server.closeAllConnections();
  });

  it('refuses a secret that is not whsec_ base64 when built, before any notification', () => {
    expect(() => sender({ signingSecret: 'whsec_not base64!' })).toThrow();
  });
});
