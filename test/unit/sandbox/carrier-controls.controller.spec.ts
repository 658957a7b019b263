import request from 'supertest';
import type { App } from 'supertest/types';
import { createSandboxTestApp, TEST_UPS_CLIENT, type SandboxTestApp } from './support/sandbox-test-app';

const basic = `Basic ${Buffer.from(`${TEST_UPS_CLIENT.clientId}:${TEST_UPS_CLIENT.clientSecret}`).toString('base64')}`;

describe('sandbox carrier controls over HTTP', () => {
  let sut: SandboxTestApp;
  let server: App;

  beforeEach(async () => {
    sut = await createSandboxTestApp({ globalZodPipe: true });
    server = sut.app.getHttpServer();
  });

  afterEach(async () => sut.close());

  const token = () => request(server).post('/sandbox/ups/security/v1/oauth/token').set('Authorization', basic).type('form').send('grant_type=client_credentials');

  it('shows each carrier with its real starting limits', async () => {
    const response = await request(server).get('/sandbox/carriers/ups').expect(200);
    expect(response.body).toMatchObject({
      carrier: 'ups',
      limits: { rateLimit: { calls: 50, windowMs: 1000 }, quota: null, tokenTtlSeconds: 14399, latencyMs: 0 },
      pendingFaults: [],
      stats: { calls: { token: 0, track: 0 } },
    });
    const list = await request(server).get('/sandbox/carriers').expect(200);
    expect(list.body.carriers.map((c: { carrier: string }) => c.carrier)).toContain('ups');
  });

  it('changes the token lifetime the emulator issues', async () => {
    await request(server).patch('/sandbox/carriers/ups').send({ tokenTtlSeconds: 5 }).expect(200);
    const issued = await token().expect(200);
    expect(issued.body.expires_in).toBe('5');
  });

  it('queues faults the emulator serves in UPS form, including a body cut off mid-JSON', async () => {
    await request(server)
      .post('/sandbox/carriers/ups/faults')
      .send({ fault: { kind: 'malformed' }, count: 1, endpoint: 'token' })
      .expect(201);
    const malformed = await token().buffer(true).parse((res, done) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => done(null, text));
    });
    expect(malformed.status).toBe(200);
    expect(() => JSON.parse(malformed.body as string)).toThrow();
    await request(server).post('/sandbox/carriers/ups/faults').send({ fault: { kind: 'status', status: 503 }, count: 1 }).expect(201);
    const failed = await token().expect(503);
    expect(failed.body).toEqual({ response: { errors: [{ code: '10004', message: expect.any(String) }] } });
    await token().expect(200);
    const stats = await request(server).get('/sandbox/carriers/ups').expect(200);
    expect(stats.body.stats).toMatchObject({ calls: { token: 3 }, faults: 2 });
  });

  it("counts each parcel's share of track calls, and its 429s", async () => {
    const parcel = await request(server).post('/sandbox/parcels').send({ carrier: 'ups', scenario: 'delivered' }).expect(201);
    const tn = parcel.body.trackingNumber as string;
    const bearer = `Bearer ${(await token().expect(200)).body.access_token as string}`;
    const track = () => request(server).get(`/sandbox/ups/api/track/v1/details/${tn}`).set({ Authorization: bearer, transId: 't', transactionSrc: 'tests' });
    await track().expect(200);
    await request(server).patch('/sandbox/carriers/ups').send({ rateLimit: { calls: 1, windowMs: 60_000 } }).expect(200);
    await track().expect(200);
    await track().expect(429);
    const played = await request(server).get(`/sandbox/parcels/${tn}`).expect(200);
    expect(played.body.carrierCalls).toEqual({ track: 3, rateLimited: 1 });
  });

  it('resets limits, faults and counters', async () => {
    await request(server).patch('/sandbox/carriers/ups').send({ latencyMs: 10, quota: { calls: 5, windowMs: 3_600_000 } }).expect(200);
    await request(server).post('/sandbox/carriers/ups/faults').send({ fault: { kind: 'slow', delayMs: 10 }, count: 3 }).expect(201);
    const reset = await request(server).post('/sandbox/carriers/ups/reset').expect(200);
    expect(reset.body).toMatchObject({ limits: { latencyMs: 0, quota: null }, pendingFaults: [] });
  });

  it('refuses nonsense with a clear 400 and changes nothing', async () => {
    const cases: Array<[string, object, RegExp]> = [
      ['/sandbox/carriers/ups', { rateLimit: { calls: 0, windowMs: 1000 } }, /rateLimit.calls must be at least 1/],
      ['/sandbox/carriers/ups', {}, /at least one of/],
      ['/sandbox/carriers/ups', { tokenTtlSeconds: '5' }, /tokenTtlSeconds must be a number/],
      ['/sandbox/carriers/ups/faults', { fault: { kind: 'status', status: 418 }, count: 1 }, /status must be 429, 500, 502, 503 or 504/],
      ['/sandbox/carriers/ups/faults', { fault: { kind: 'explode' }, count: 1 }, /fault.kind must be/],
      ['/sandbox/carriers/ontrac', { latencyMs: 1 }, /not supported by the sandbox/],
    ];
    for (const [path, body, message] of cases) {
      const method = path.endsWith('faults') ? 'post' : 'patch';
      const response = await request(server)[method](path).send(body).expect(400);
      expect(response.body.message).toMatch(message);
    }
    const state = await request(server).get('/sandbox/carriers/ups').expect(200);
    expect(state.body).toMatchObject({ limits: { rateLimit: { calls: 50 }, tokenTtlSeconds: 14399 }, pendingFaults: [] });
  });
});
