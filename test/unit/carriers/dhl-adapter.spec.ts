import type { ServerResponse } from 'node:http';
import { DhlAdapter, type DhlAdapterOptions } from '../../../activities/carriers/dhl/dhl.adapter';
import { CarrierError, CarrierFailureType } from '../../../activities/carriers/carrier-errors';
import { express, notFoundProblem, rawShipment, rawTrackResponse, TN, tooManyRequestsProblem } from '../../fixtures/dhl/dhl-payloads';
import { type RecordedRequest, ScriptedServer, sendText } from './support/scripted-server';

const TRACK_PATH = '/track/shipments';
const API_KEY = 'dhl-consumer-key-0123456789';

type Reply = (request: RecordedRequest, response: ServerResponse) => void | Promise<void>;

/** DHL answers every error as RFC 7807 problem JSON. */
function sendProblem(response: ServerResponse, status: number, problem: Record<string, unknown>, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(problem);
  response.writeHead(status, { 'content-type': 'application/problem+json', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  sendText(response, status, JSON.stringify(body), 'application/json');
}

const found = rawTrackResponse(rawShipment(TN, [express.pickup, express.processed], { statusCode: 'transit' }));
const unauthorized = { title: 'Unauthorized', status: 401, detail: 'Unauthorized for given resource.' };

describe(DhlAdapter.name, () => {
  const server = new ScriptedServer();
  let baseUrl: string;
  let trackReply: Reply;

  beforeAll(async () => {
    baseUrl = await server.start();
  });
  afterAll(() => server.stop());

  beforeEach(() => {
    server.requests.length = 0;
    trackReply = (_req, res) => sendJson(res, 200, found);
    server.handler = (req, res) => {
      if (req.method === 'GET' && req.pathname === TRACK_PATH) return trackReply(req, res);
      sendProblem(res, 404, { title: 'Not Found', status: 404, detail: `no route ${req.method} ${req.pathname}` });
    };
  });

  const adapter = (options: Partial<DhlAdapterOptions> = {}) => new DhlAdapter({ baseUrl, apiKey: API_KEY, timeoutMs: 1_000, ...options });
  const trackCalls = () => server.requestsTo(TRACK_PATH);

  const failureOf = async (promise: Promise<unknown>): Promise<CarrierError> => {
    try {
      await promise;
    } catch (err) {
      if (err instanceof CarrierError) return err;
      throw err;
    }
    throw new Error('expected a CarrierError');
  };

  it('should declare DHL, one number per call', () => {
    const sut = adapter();
    expect(sut.carrier).toBe('dhl');
    expect(sut.maxBatchSize).toBe(1);
  });

  it('should track a number and normalise the shipment', async () => {
    const result = (await adapter().track([TN])).get(TN);
    expect(result).toEqual({ found: true, snapshot: expect.objectContaining({ carrier: 'dhl', trackingNumber: TN, status: 'in_transit' }) });
    expect(result?.found && result.snapshot.events).toHaveLength(2);
  });

  describe('the request', () => {
    it('should be what DHL expects: GET /track/shipments, the key in DHL-API-Key, English, JSON', async () => {
      await adapter({ baseUrl: `${baseUrl}/` }).track([TN]);
      const [call] = trackCalls();
      expect(call.method).toBe('GET');
      expect(Object.fromEntries(call.query)).toEqual({ trackingNumber: TN, language: 'en' });
      expect(call.headers['dhl-api-key']).toBe(API_KEY);
      expect(call.headers.accept).toBe('application/json');
      expect(call.headers.authorization).toBeUndefined();
    });

    it('should pass the optional hints when configured', async () => {
      await adapter({ service: 'express', requesterCountryCode: 'DE', originCountryCode: 'CN' }).track([TN]);
      expect(Object.fromEntries(trackCalls()[0].query)).toEqual({
        trackingNumber: TN,
        language: 'en',
        service: 'express',
        requesterCountryCode: 'DE',
        originCountryCode: 'CN',
      });
    });

    it('should encode the tracking number into the query', async () => {
      await adapter().track(['JD 0146&service=x']);
      const [call] = trackCalls();
      expect(call.url).toContain('trackingNumber=JD+0146%26service%3Dx');
      expect(call.query.get('service')).toBeNull();
    });

    it('should make one call per number, one after the other', async () => {
      const results = await adapter().track([TN, '8487135506']);
      expect([...results.keys()]).toEqual([TN, '8487135506']);
      expect(trackCalls().map((call) => call.query.get('trackingNumber'))).toEqual([TN, '8487135506']);
    });
  });

  describe('authentication (a static key: nothing to refresh)', () => {
    it('should fail a refused key at once with AUTH_FAILED, not retryable, without calling again', async () => {
      trackReply = (_req, res) => sendProblem(res, 401, unauthorized);
      const err = await failureOf(adapter().track([TN]));
      expect(err.type).toBe(CarrierFailureType.AUTH_FAILED);
      expect(err.retryable).toBe(false);
      expect(err.details).toEqual({ httpStatus: 401 });
      expect(err.message).toContain('Unauthorized for given resource.');
      expect(trackCalls()).toHaveLength(1);
    });

    it('should make exactly one call per track when concurrent calls are refused: no retry storm', async () => {
      trackReply = (_req, res) => sendProblem(res, 401, unauthorized);
      const sut = adapter();
      const errors = await Promise.all(Array.from({ length: 5 }, () => failureOf(sut.track([TN]))));
      expect(errors.every((err) => err.type === CarrierFailureType.AUTH_FAILED)).toBe(true);
      expect(trackCalls()).toHaveLength(5);
    });

    it('should treat 403 as AUTH_FAILED too', async () => {
      trackReply = (_req, res) => sendProblem(res, 403, { title: 'Forbidden', status: 403, detail: 'Not subscribed to this API.' });
      expect((await failureOf(adapter().track([TN]))).type).toBe(CarrierFailureType.AUTH_FAILED);
    });

    it('should never put the key in an error message', async () => {
      trackReply = (_req, res) => sendProblem(res, 401, unauthorized);
      expect((await failureOf(adapter().track([TN]))).message).not.toContain(API_KEY);
    });
  });

  describe('answers', () => {
    it('should read the 404 problem as not found', async () => {
      trackReply = (_req, res) => sendProblem(res, 404, notFoundProblem);
      expect((await adapter().track([TN])).get(TN)).toEqual({ found: false });
    });

    it('should read 200 with no shipments as not found', async () => {
      trackReply = (_req, res) => sendJson(res, 200, { shipments: [] });
      expect((await adapter().track([TN])).get(TN)).toEqual({ found: false });
    });

    it('should not mistake a 404 from the wrong server for an unknown parcel', async () => {
      trackReply = (_req, res) => sendText(res, 404, '<html>Not Found</html>', 'text/html');
      expect((await failureOf(adapter().track([TN]))).type).toBe(CarrierFailureType.BAD_RESPONSE);
    });

    it('should pick the shipment asked for among several business units', async () => {
      const other = rawShipment('00340434292135100124', [express.pickup], { statusCode: 'pre-transit' });
      const mine = rawShipment(TN, [express.pickup, express.delivered], { statusCode: 'delivered' });
      trackReply = (_req, res) => sendJson(res, 200, rawTrackResponse(other, mine));
      const result = (await adapter().track([TN])).get(TN);
      expect(result?.found && result.snapshot.status).toBe('delivered');
    });

    it('should find a shipment asked for by one of its piece IDs, keeping the number asked for', async () => {
      const other = rawShipment('1099255990', [express.pickup], { statusCode: 'pre-transit' });
      const mine = rawShipment(TN, [express.pickup, express.delivered], { statusCode: 'delivered' });
      trackReply = (_req, res) => sendJson(res, 200, rawTrackResponse(other, mine));
      const result = (await adapter().track([`JD01460000${TN}`])).get(`JD01460000${TN}`);
      expect(result?.found && [result.snapshot.status, result.snapshot.trackingNumber]).toEqual(['delivered', `JD01460000${TN}`]);
    });

    it('should classify 429 as RATE_LIMITED without a Retry-After, as DHL is known to send it', async () => {
      trackReply = (_req, res) => sendProblem(res, 429, tooManyRequestsProblem);
      const err = await failureOf(adapter().track([TN]));
      expect(err.type).toBe(CarrierFailureType.RATE_LIMITED);
      expect(err.retryable).toBe(true);
      expect(err.details).toEqual({ httpStatus: 429 });
      expect(err.toApplicationFailure().nextRetryDelay).toBeUndefined();
    });

    it('should honour a Retry-After on 429, in seconds or as a date', async () => {
      trackReply = (_req, res) => sendProblem(res, 429, tooManyRequestsProblem, { 'retry-after': '7' });
      const err = await failureOf(adapter().track([TN]));
      expect(err.details.retryAfterMs).toBe(7_000);
      expect(err.toApplicationFailure().nextRetryDelay).toBe(7_000);

      const now = Date.parse('2026-03-02T23:59:00Z');
      trackReply = (_req, res) => sendProblem(res, 429, tooManyRequestsProblem, { 'retry-after': 'Tue, 03 Mar 2026 00:00:00 GMT' });
      expect((await failureOf(adapter({ now: () => now }).track([TN]))).details.retryAfterMs).toBe(60_000);
    });

    it('should classify 400 as REQUEST_REJECTED with DHL detail', async () => {
      trackReply = (_req, res) => sendProblem(res, 400, { title: 'Bad Request', status: 400, detail: 'Invalid trackingNumber' });
      const err = await failureOf(adapter().track([TN]));
      expect(err.type).toBe(CarrierFailureType.REQUEST_REJECTED);
      expect(err.message).toContain('Bad Request: Invalid trackingNumber');
      expect(err.retryable).toBe(false);
    });

    it.each([500, 502, 503, 504])('should classify %p as UNAVAILABLE', async (status) => {
      trackReply = (_req, res) =>
        status === 502
          ? sendText(res, status, '<html>Bad Gateway</html>', 'text/html')
          : sendProblem(res, status, { title: 'Error', status, detail: 'down' });
      const err = await failureOf(adapter().track([TN]));
      expect(err.type).toBe(CarrierFailureType.UNAVAILABLE);
      expect(err.details.httpStatus).toBe(status);
    });

    it.each([302, 418])('should classify an unexpected %p as BAD_RESPONSE', async (status) => {
      trackReply = (_req, res) => sendJson(res, status, {});
      expect((await failureOf(adapter().track([TN]))).type).toBe(CarrierFailureType.BAD_RESPONSE);
    });

    it('should classify a timeout as UNAVAILABLE', async () => {
      trackReply = () => {
        /* never answers */
      };
      expect((await failureOf(adapter({ timeoutMs: 150 }).track([TN]))).type).toBe(CarrierFailureType.UNAVAILABLE);
    });

    it('should classify malformed JSON as BAD_RESPONSE', async () => {
      trackReply = (_req, res) => sendText(res, 200, '{"shipments":[{"id":"33188', 'application/json');
      expect((await failureOf(adapter().track([TN]))).type).toBe(CarrierFailureType.BAD_RESPONSE);
    });

    it('should classify an oversized body as BAD_RESPONSE', async () => {
      const huge = rawShipment(TN, Array.from({ length: 2_000 }, () => express.processed));
      trackReply = (_req, res) => sendJson(res, 200, rawTrackResponse(huge));
      expect((await failureOf(adapter({ maxBytes: 64 * 1024 }).track([TN]))).type).toBe(CarrierFailureType.BAD_RESPONSE);
    });

    it.each([
      ['no shipments', { something: 'else' }],
      ['shipments that are not a list', { shipments: { id: TN } }],
      ['an event without a timestamp', rawTrackResponse({ ...rawShipment(TN, []), events: [{ description: 'Delivered' }] })],
      ['a timestamp that is not ISO-8601', rawTrackResponse(rawShipment(TN, [{ ...express.pickup, timestamp: '22.04.2026 10:10' }]))],
      ['a returnFlag that is a string', rawTrackResponse(rawShipment(TN, [express.pickup], { extra: { returnFlag: 'yes' } }))],
    ])('should classify a body with %s as BAD_RESPONSE', async (_case, body) => {
      trackReply = (_req, res) => sendJson(res, 200, body);
      const err = await failureOf(adapter().track([TN]));
      expect(err.type).toBe(CarrierFailureType.BAD_RESPONSE);
      expect(err.message).toContain('does not match its contract');
    });

    it('should tolerate fields DHL adds', async () => {
      const shipment = { ...rawShipment(TN, [express.pickup]), telemetry: { temperature: 4 }, rerouteUrl: 'https://x.test' };
      trackReply = (_req, res) => sendJson(res, 200, { ...rawTrackResponse(shipment), url: '/shipments?trackingNumber=x', nextUrl: null });
      expect((await adapter().track([TN])).get(TN)?.found).toBe(true);
    });
  });

  it("should pass the caller's cancellation through untouched", async () => {
    trackReply = () => {
      /* never answers */
    };
    const controller = new AbortController();
    const reason = new Error('cancelled by Temporal');
    setTimeout(() => controller.abort(reason), 50);
    await expect(adapter({ timeoutMs: 5_000 }).track([TN], { signal: controller.signal })).rejects.toBe(reason);
  });
});
