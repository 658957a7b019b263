import { CarrierError, CarrierFailureType } from '../../../activities/carriers/carrier-errors';
import { requestCarrier, retryAfterMs } from '../../../activities/carriers/http';
import { ScriptedServer, sendJson, sendText } from './support/scripted-server';

describe('requestCarrier', () => {
  const server = new ScriptedServer();
  let baseUrl: string;

  beforeAll(async () => {
    baseUrl = await server.start();
  });
  afterAll(() => server.stop());

  const failureOf = async (promise: Promise<unknown>): Promise<CarrierError> => {
    try {
      await promise;
    } catch (err) {
      if (err instanceof CarrierError) return err;
      throw err;
    }
    throw new Error('expected a CarrierError');
  };

  it('sends method, headers and body, and parses JSON', async () => {
    server.handler = (req, res) => sendJson(res, 201, { echo: req.body, method: req.method, header: req.headers['x-test'] });
    const response = await requestCarrier({
      url: `${baseUrl}/echo`,
      method: 'POST',
      headers: { 'x-test': 'yes', 'content-type': 'text/plain' },
      body: 'hello',
      timeoutMs: 2_000,
    });
    expect(response.status).toBe(201);
    expect(response.json).toEqual({ echo: 'hello', method: 'POST', header: 'yes' });
    expect(response.headers.get('content-type')).toBe('application/json');
  });

  it('returns undefined json for an empty body', async () => {
    server.handler = (_req, res) => {
      res.writeHead(204);
      res.end();
    };
    expect((await requestCarrier({ url: `${baseUrl}/empty`, timeoutMs: 2_000 })).json).toBeUndefined();
  });

  it('leaves statuses to the caller, even 5xx with an HTML page', async () => {
    server.handler = (_req, res) => sendText(res, 503, '<html>Service Unavailable</html>', 'text/html');
    const response = await requestCarrier({ url: `${baseUrl}/gateway`, timeoutMs: 2_000 });
    expect(response).toMatchObject({ status: 503, json: undefined });
  });

  it('does not follow redirects', async () => {
    server.handler = (_req, res) => {
      res.writeHead(302, { location: 'http://example.invalid/' });
      res.end();
    };
    expect((await requestCarrier({ url: `${baseUrl}/moved`, timeoutMs: 2_000 })).status).toBe(302);
  });

  it('rejects malformed JSON on a success as BAD_RESPONSE', async () => {
    server.handler = (_req, res) => sendText(res, 200, '{"trackResponse":', 'application/json');
    const err = await failureOf(requestCarrier({ url: `${baseUrl}/broken`, timeoutMs: 2_000 }));
    expect(err).toMatchObject({ type: CarrierFailureType.BAD_RESPONSE, details: { httpStatus: 200 } });
  });

  it('rejects malformed JSON that claims to be JSON, whatever the status', async () => {
    server.handler = (_req, res) => sendText(res, 400, 'not json', 'application/problem+json');
    const err = await failureOf(requestCarrier({ url: `${baseUrl}/broken`, timeoutMs: 2_000 }));
    expect(err.type).toBe(CarrierFailureType.BAD_RESPONSE);
  });

  it('rejects a body over the limit announced by Content-Length', async () => {
    server.handler = (_req, res) => sendJson(res, 200, { padding: 'x'.repeat(5_000) });
    const err = await failureOf(requestCarrier({ url: `${baseUrl}/big`, timeoutMs: 2_000, maxBytes: 1_024 }));
    expect(err.type).toBe(CarrierFailureType.BAD_RESPONSE);
    expect(err.message).toContain('1024 bytes');
  });

  it('stops reading a chunked body once it passes the limit', async () => {
    let chunksWritten = 0;
    server.handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"padding":"');
      const timer = setInterval(() => {
        if (res.destroyed || chunksWritten >= 1_000) {
          clearInterval(timer);
          res.destroy();
          return;
        }
        chunksWritten++;
        res.write('x'.repeat(1_024));
      }, 1);
    };
    const err = await failureOf(requestCarrier({ url: `${baseUrl}/stream`, timeoutMs: 5_000, maxBytes: 4_096 }));
    expect(err.type).toBe(CarrierFailureType.BAD_RESPONSE);
    expect(chunksWritten).toBeLessThan(1_000);
  });

  it('turns a timeout into UNAVAILABLE', async () => {
    server.handler = () => {
      /* never answers */
    };
    const started = Date.now();
    const err = await failureOf(requestCarrier({ url: `${baseUrl}/slow`, timeoutMs: 150 }));
    expect(err.type).toBe(CarrierFailureType.UNAVAILABLE);
    expect(err.message).toContain('timed out after 150 ms');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('times out a body that trickles in too slowly', async () => {
    server.handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"a":');
    };
    const err = await failureOf(requestCarrier({ url: `${baseUrl}/trickle`, timeoutMs: 150 }));
    expect(err.type).toBe(CarrierFailureType.UNAVAILABLE);
  });

  it('turns a refused connection into UNAVAILABLE', async () => {
    const closed = new ScriptedServer();
    const closedUrl = await closed.start();
    await closed.stop();
    const err = await failureOf(requestCarrier({ url: `${closedUrl}/x`, timeoutMs: 2_000 }));
    expect(err.type).toBe(CarrierFailureType.UNAVAILABLE);
    expect(err.message).toMatch(/ECONNREFUSED/);
  });

  it("rethrows the caller's abort untouched, so Temporal sees its cancellation", async () => {
    server.handler = () => {
      /* never answers */
    };
    const controller = new AbortController();
    const reason = new Error('activity cancelled');
    setTimeout(() => controller.abort(reason), 50);
    await expect(requestCarrier({ url: `${baseUrl}/slow`, timeoutMs: 5_000, signal: controller.signal })).rejects.toBe(reason);
  });

  it('does not put the query string in error messages', async () => {
    server.handler = (_req, res) => sendText(res, 200, 'oops', 'text/plain');
    const err = await failureOf(requestCarrier({ url: `${baseUrl}/path?secret=hunter2`, timeoutMs: 2_000 }));
    expect(err.message).not.toContain('hunter2');
    expect(err.message).toContain('/path');
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-11-26T12:00:00Z');
    expect(retryAfterMs(new Headers({ 'retry-after': '30' }), now)).toBe(30_000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Thu, 26 Nov 2026 12:01:00 GMT' }), now)).toBe(60_000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Thu, 26 Nov 2026 11:00:00 GMT' }), now)).toBe(0);
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(retryAfterMs(new Headers(), now)).toBeUndefined();
  });
});
