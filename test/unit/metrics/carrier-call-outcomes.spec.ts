import type { CarrierCallRecorder } from '../../../activities/activity-metrics';
import { requestCarrier } from '../../../activities/carriers/http';
import { ScriptedServer, sendJson, sendText } from '../carriers/support/scripted-server';

/*
 * The carrier adapters' HTTP layer reports each call's outcome through the injected recorder: by
 * status for answers, by cause for calls that got none. What it records carries the carrier and
 * endpoint it was given, never the URL.
 */
describe('requestCarrier metrics', () => {
  const server = new ScriptedServer();
  let baseUrl: string;
  beforeAll(async () => {
    baseUrl = await server.start();
  });
  afterAll(() => server.stop());

  const recorded = async (call: (metrics: { recorder: CarrierCallRecorder; carrier: 'ups'; endpoint: 'track' }) => Promise<unknown>) => {
    const carrierCall = jest.fn();
    await call({ recorder: { carrierCall }, carrier: 'ups', endpoint: 'track' }).catch(() => undefined);
    expect(carrierCall).toHaveBeenCalledTimes(1);
    return carrierCall.mock.calls[0][0] as { carrier: string; endpoint: string; outcome: string; durationMs: number };
  };

  it.each([
    [200, 'ok'],
    [302, 'redirect'],
    [404, 'client_error'],
    [429, 'rate_limited'],
    [503, 'server_error'],
  ])('records HTTP %i as %s', async (status, outcome) => {
    server.handler = (_req, res) => sendJson(res, status, { status });
    const call = await recorded((metrics) => requestCarrier({ url: `${baseUrl}/track/1Z999AA10123456784`, timeoutMs: 2_000, metrics }));
    expect(call).toMatchObject({ carrier: 'ups', endpoint: 'track', outcome });
    expect(call.durationMs).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify(call)).not.toContain('1Z999');
  });

  it('counts a 429 as rate limited even when its body claims JSON and is not', async () => {
    server.handler = (_req, res) => sendText(res, 429, 'slow down', 'application/json');
    expect((await recorded((metrics) => requestCarrier({ url: `${baseUrl}/x`, timeoutMs: 2_000, metrics }))).outcome).toBe('rate_limited');
  });

  it('records an unparseable 2xx as bad_response', async () => {
    server.handler = (_req, res) => sendText(res, 200, 'not json', 'text/plain');
    expect((await recorded((metrics) => requestCarrier({ url: `${baseUrl}/x`, timeoutMs: 2_000, metrics }))).outcome).toBe('bad_response');
  });

  it('records its own timeout as timeout', async () => {
    server.handler = () => undefined; // never answers
    expect((await recorded((metrics) => requestCarrier({ url: `${baseUrl}/slow`, timeoutMs: 100, metrics }))).outcome).toBe('timeout');
  });

  it('records a refused connection as network_error', async () => {
    expect((await recorded((metrics) => requestCarrier({ url: 'http://127.0.0.1:1/x', timeoutMs: 2_000, metrics }))).outcome).toBe('network_error');
  });

  it('records a call its caller cancelled as cancelled', async () => {
    server.handler = () => undefined;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    expect((await recorded((metrics) => requestCarrier({ url: `${baseUrl}/slow`, timeoutMs: 2_000, signal: controller.signal, metrics }))).outcome).toBe('cancelled');
  });

  it('records nothing and behaves as before without metrics', async () => {
    server.handler = (_req, res) => sendJson(res, 200, { ok: true });
    await expect(requestCarrier({ url: `${baseUrl}/x`, timeoutMs: 2_000 })).resolves.toMatchObject({ status: 200 });
  });
});
