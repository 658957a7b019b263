import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import type { App } from 'supertest/types';
import { parseUpsTrackAlert } from '../../../activities/carriers/ups/ups.webhook';
import { CarrierControls } from '../../../src/sandbox/controls/carrier-controls';
import { PushDispatcher } from '../../../src/sandbox/push/push-dispatcher';
import type { SandboxPushSecrets } from '../../../src/sandbox/push/carrier-push-renderer';
import { UpsWebhook } from '../../../src/webhooks/verifiers/ups.webhook';
import { createSandboxTestApp, type SandboxTestApp } from './support/sandbox-test-app';

const SECRETS: SandboxPushSecrets = {
  upsCredential: 'ups-credential-for-push-tests',
  fedexSecret: 'fedex-secret-for-push-tests',
  dhl: { header: 'X-Test-DHL-Token', token: 'dhl-token-for-push-tests' },
  uspsSecret: 'usps-secret-for-push-tests',
};
const SIM_HOUR_MS = (60 * 60_000) / 2000;

interface Received {
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A stand-in for Waybill's webhook endpoint that records what arrives and answers as told. */
async function startReceiver(): Promise<{ server: Server; url: string; received: Received[]; answer: { status: number } }> {
  const received: Received[] = [];
  const answer = { status: 200 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      res.statusCode = answer.status;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/webhooks`, received, answer };
}

describe(PushDispatcher.name, () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let sut: SandboxTestApp;
  let server: App;

  beforeEach(async () => {
    receiver = await startReceiver();
    sut = await createSandboxTestApp({ push: { targetUrl: receiver.url, secrets: SECRETS, intervalMs: 3_600_000 } });
    server = sut.app.getHttpServer();
  });

  afterEach(async () => {
    await sut.close();
    await new Promise((resolve) => receiver.server.close(resolve));
  });

  const createParcel = async (body: object): Promise<string> => {
    const response = await request(server).post('/sandbox/parcels').send(body).expect(201);
    return (response.body as { trackingNumber: string }).trackingNumber;
  };
  const dispatcher = () => sut.app.get(PushDispatcher);

  it('pushes each newly visible scan once, signed so that Waybill verifies it, and parses like a poll', async () => {
    const trackingNumber = await createParcel({ carrier: 'ups', scenario: 'delivered' });
    await dispatcher().tick();
    expect(receiver.received).toHaveLength(1);
    sut.clock.advance(8 * SIM_HOUR_MS);
    await dispatcher().tick();
    await dispatcher().tick();
    // label, picked up, arrived, departed: one Track Alert event each, none twice.
    expect(receiver.received).toHaveLength(4);
    const verifier = new UpsWebhook(SECRETS.upsCredential);
    for (const push of receiver.received) {
      expect(push.url).toBe('/v1/webhooks/ups');
      expect(verifier.verify(push.headers)).toBe(true);
    }
    const events = receiver.received.flatMap((push) => parseUpsTrackAlert(push.body.toString()).updates.flatMap((u) => u.events));
    expect(events.map((e) => e.status)).toEqual(['info_received', 'in_transit', 'in_transit', 'in_transit']);
    expect(new Set(events.map((e) => e.fingerprint)).size).toBe(4);
    const parcel = await request(server).get(`/sandbox/parcels/${trackingNumber}`).expect(200);
    expect(parcel.body.push).toEqual({ enabled: true, pushedSteps: 4, failures: 0 });
    expect(sut.app.get(CarrierControls).stats('ups').pushes).toEqual({ delivered: 2, failed: 0 });
  });

  it('retries a refused push with back-off, then delivers the same scans', async () => {
    receiver.answer.status = 503;
    const trackingNumber = await createParcel({ carrier: 'ups', scenario: 'delivered' });
    await dispatcher().tick();
    await dispatcher().tick();
    expect(receiver.received).toHaveLength(1);
    let parcel = await request(server).get(`/sandbox/parcels/${trackingNumber}`).expect(200);
    expect(parcel.body.push).toEqual({ enabled: true, pushedSteps: 0, failures: 1 });
    receiver.answer.status = 200;
    sut.clock.advance(1_000);
    await dispatcher().tick();
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1].body.equals(receiver.received[0].body)).toBe(true);
    parcel = await request(server).get(`/sandbox/parcels/${trackingNumber}`).expect(200);
    expect(parcel.body.push).toEqual({ enabled: true, pushedSteps: 1, failures: 0 });
    expect(sut.app.get(CarrierControls).stats('ups').pushes).toEqual({ delivered: 1, failed: 1 });
  });

  it('leaves parcels created with push off, and unknown-to-carrier parcels, to polling', async () => {
    await createParcel({ carrier: 'ups', scenario: 'delivered', push: false });
    await createParcel({ carrier: 'ups', scenario: 'not_found' });
    await dispatcher().tick();
    sut.clock.advance(60 * SIM_HOUR_MS);
    await dispatcher().tick();
    expect(receiver.received).toHaveLength(0);
  });
});

describe('a sandbox without push', () => {
  it('refuses to create a parcel that asks for push, with a clear 400', async () => {
    const sut = await createSandboxTestApp();
    try {
      const response = await request(sut.app.getHttpServer()).post('/sandbox/parcels').send({ carrier: 'ups', scenario: 'delivered', push: true }).expect(400);
      expect(response.body.message).toMatch(/SANDBOX_PUSH_ENABLED/);
    } finally {
      await sut.close();
    }
  });
});
