import type { ServerResponse } from 'node:http';
import { CarrierError, CarrierFailureType } from '../../../activities/carriers/carrier-errors';
import { FEDEX_MIN_TOKEN_INTERVAL_MS, FedexAdapter, type FedexAdapterOptions } from '../../../activities/carriers/fedex/fedex.adapter';
import {
  delivered,
  fedexError,
  journey,
  rawFound,
  rawNotFoundResult,
  rawTrackResponse,
  rawTrackResult,
  TN,
  TN2,
} from '../../fixtures/fedex/fedex-payloads';
import { type RecordedRequest, ScriptedServer, sendJson, sendText } from './support/scripted-server';

const TOKEN_PATH = '/oauth/token';
const TRACK_PATH = '/track/v1/trackingnumbers';

type Reply = (request: RecordedRequest, response: ServerResponse) => void | Promise<void>;

const tokenBody = (accessToken: string) => ({ access_token: accessToken, token_type: 'bearer', expires_in: 3599, scope: 'CXS' });
const found = rawFound(TN, [journey.label, journey.pickup]);
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface TrackBody {
  includeDetailedScans: boolean;
  trackingInfo: { trackingNumberInfo: { trackingNumber: string } }[];
}

/** Answers every number asked for as found (label + pickup), like FedEx does for known parcels. */
const answerAll: Reply = (req, res) => {
  const body = JSON.parse(req.body) as TrackBody;
  const entries = body.trackingInfo.map(({ trackingNumberInfo: { trackingNumber } }) => ({
    trackingNumber,
    trackResults: [rawTrackResult(trackingNumber, [journey.label, journey.pickup])],
  }));
  sendJson(res, 200, rawTrackResponse(entries));
};

describe('FedexAdapter', () => {
  const server = new ScriptedServer();
  let baseUrl: string;
  let issued: number;
  let tokenReply: Reply;
  let trackReply: Reply;
  /** The adapter's clock; the token cache's waits move it instead of sleeping. */
  let clockMs: number;
  let slept: number[];

  beforeAll(async () => {
    baseUrl = await server.start();
  });
  afterAll(() => server.stop());

  beforeEach(() => {
    server.requests.length = 0;
    issued = 0;
    clockMs = Date.parse('2026-11-23T12:00:00Z');
    slept = [];
    tokenReply = (_req, res) => sendJson(res, 200, tokenBody(`token-${++issued}`));
    trackReply = (_req, res) => sendJson(res, 200, found);
    server.handler = (req, res) => {
      if (req.method === 'POST' && req.pathname === TOKEN_PATH) return tokenReply(req, res);
      if (req.method === 'POST' && req.pathname === TRACK_PATH) return trackReply(req, res);
      sendJson(res, 404, fedexError('NOT.FOUND.ERROR', `no route ${req.method} ${req.pathname}`));
    };
  });

  const adapter = (options: Partial<FedexAdapterOptions> = {}) =>
    new FedexAdapter({
      baseUrl,
      clientId: 'client-id',
      clientSecret: 's3cr&t=1',
      timeoutMs: 1_000,
      now: () => clockMs,
      sleep: async (ms) => {
        slept.push(ms);
        clockMs += ms;
      },
      ...options,
    });
  const tokenCalls = () => server.requestsTo(TOKEN_PATH);
  const trackCalls = () => server.requestsTo(TRACK_PATH);
  const askedFor = (request: RecordedRequest) =>
    (JSON.parse(request.body) as TrackBody).trackingInfo.map((i) => i.trackingNumberInfo.trackingNumber);

  const failureOf = async (promise: Promise<unknown>): Promise<CarrierError> => {
    try {
      await promise;
    } catch (err) {
      if (err instanceof CarrierError) return err;
      throw err;
    }
    throw new Error('expected a CarrierError');
  };

  it('declares FedEx, 30 numbers per call', () => {
    const fedex = adapter();
    expect(fedex.carrier).toBe('fedex');
    expect(fedex.maxBatchSize).toBe(30);
  });

  it('tracks a number and normalises the trackResult', async () => {
    const result = (await adapter().track([TN])).get(TN);
    expect(result).toEqual({
      found: true,
      snapshot: expect.objectContaining({ carrier: 'fedex', trackingNumber: TN, status: 'in_transit' }),
    });
    expect(result?.found && result.snapshot.events).toHaveLength(2);
  });

  it('sends the token request FedEx expects: POST, credentials in the form body, no HTTP Basic', async () => {
    await adapter().track([TN]);
    const [token] = tokenCalls();
    expect(token.method).toBe('POST');
    expect(token.headers.authorization).toBeUndefined();
    expect(token.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(token.body))).toEqual({
      grant_type: 'client_credentials',
      client_id: 'client-id',
      client_secret: 's3cr&t=1',
    });
  });

  it('sends the tracking request FedEx expects: JSON body, bearer token, locale and a transaction id', async () => {
    const fedex = adapter();
    await fedex.track([TN]);
    await fedex.track([TN]);
    const [first, second] = trackCalls();
    expect(first.method).toBe('POST');
    expect(first.headers.authorization).toBe('Bearer token-1');
    expect(first.headers['content-type']).toBe('application/json');
    expect(first.headers['x-locale']).toBe('en_US');
    expect(first.headers['x-customer-transaction-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.headers['x-customer-transaction-id']).not.toBe(first.headers['x-customer-transaction-id']);
    expect(JSON.parse(first.body)).toEqual({ includeDetailedScans: true, trackingInfo: [{ trackingNumberInfo: { trackingNumber: TN } }] });
  });

  describe('batching', () => {
    const numbers = (count: number) => Array.from({ length: count }, (_, i) => `7000000000${String(i).padStart(2, '0')}`);

    it('asks for up to 30 numbers in one call, and for more in calls of 30, one after the other', async () => {
      trackReply = answerAll;
      const asked = numbers(61);
      const results = await adapter().track(asked);
      expect(trackCalls().map((call) => askedFor(call).length)).toEqual([30, 30, 1]);
      expect(trackCalls().flatMap(askedFor)).toEqual(asked);
      expect([...results.keys()]).toEqual(asked);
      expect([...results.values()].every((r) => r.found)).toBe(true);
      expect(tokenCalls()).toHaveLength(1);
    });

    it('asks for a repeated number once and answers it under every spelling asked', async () => {
      trackReply = answerAll;
      const results = await adapter().track([TN, TN2, TN]);
      expect(trackCalls().flatMap(askedFor)).toEqual([TN, TN2]);
      expect([...results.keys()]).toEqual([TN, TN2]);
    });

    it('answers an unknown number {found: false} and still returns the others (NOTFOUND inside the 200)', async () => {
      trackReply = (_req, res) =>
        sendJson(
          res,
          200,
          rawTrackResponse([
            { trackingNumber: TN, trackResults: [rawTrackResult(TN, [journey.label])] },
            { trackingNumber: TN2, trackResults: [rawNotFoundResult(TN2)] },
          ]),
        );
      const results = await adapter().track([TN, TN2]);
      expect(results.get(TN)?.found).toBe(true);
      expect(results.get(TN2)).toEqual({ found: false });
    });

    it('treats any per-number error (e.g. INVALID) as that number not being found', async () => {
      const invalid = {
        trackingNumberInfo: { trackingNumber: TN2 },
        error: { code: 'TRACKING.TRACKINGNUMBER.INVALID', message: 'Invalid tracking number.' },
      };
      trackReply = (_req, res) =>
        sendJson(
          res,
          200,
          rawTrackResponse([
            { trackingNumber: TN, trackResults: [rawTrackResult(TN, [journey.label])] },
            { trackingNumber: TN2, trackResults: [invalid] },
          ]),
        );
      const results = await adapter().track([TN, TN2]);
      expect(results.get(TN)?.found).toBe(true);
      expect(results.get(TN2)).toEqual({ found: false });
    });

    it('fails the call when FedEx leaves out a number it was asked about', async () => {
      const err = await failureOf(adapter().track([TN, TN2]));
      expect(err.type).toBe(CarrierFailureType.BAD_RESPONSE);
      expect(err.message).toContain(TN2);
    });

    it('picks the current parcel when FedEx answers a recycled number with several', async () => {
      const older = rawTrackResult(TN, [journey.label, journey.pickup], { latestStatusDetail: { code: 'FD', derivedCode: 'RL' } });
      const newer = rawTrackResult(TN, [
        { ...journey.outForDelivery, date: '2026-12-26T08:55:00-08:00' },
        { ...delivered, date: '2026-12-26T09:26:00-08:00' },
      ]);
      trackReply = (_req, res) => sendJson(res, 200, rawTrackResponse([{ trackingNumber: TN, trackResults: [older, newer] }]));
      const result = (await adapter().track([TN])).get(TN);
      expect(result?.found && result.snapshot.status).toBe('delivered');
    });

    it('matches answers to numbers whatever their spacing', async () => {
      trackReply = (_req, res) => sendJson(res, 200, rawFound(TN, [journey.label]));
      const spaced = `${TN.slice(0, 4)} ${TN.slice(4, 8)} ${TN.slice(8)}`;
      expect((await adapter().track([spaced])).get(spaced)?.found).toBe(true);
    });
  });

  describe('token handling', () => {
    it('fetches one token for many tracking calls', async () => {
      const fedex = adapter();
      for (let i = 0; i < 5; i++) await fedex.track([TN]);
      expect(tokenCalls()).toHaveLength(1);
      expect(trackCalls()).toHaveLength(5);
    });

    it('fetches one token for many concurrent calls', async () => {
      tokenReply = async (_req, res) => {
        await delay(100);
        sendJson(res, 200, tokenBody(`token-${++issued}`));
      };
      const fedex = adapter();
      await Promise.all(Array.from({ length: 10 }, () => fedex.track([TN])));
      expect(tokenCalls()).toHaveLength(1);
      expect(trackCalls().every((call) => call.headers.authorization === 'Bearer token-1')).toBe(true);
    });

    it('refreshes an expired token once and carries on', async () => {
      trackReply = (req, res) =>
        req.headers.authorization === 'Bearer token-1'
          ? sendJson(res, 401, fedexError('NOT.AUTHORIZED.ERROR', 'Access token expired. Please modify your request and try again.'))
          : sendJson(res, 200, found);
      const result = (await adapter().track([TN])).get(TN);
      expect(result?.found).toBe(true);
      expect(tokenCalls()).toHaveLength(2);
      expect(trackCalls().map((call) => call.headers.authorization)).toEqual(['Bearer token-1', 'Bearer token-2']);
    });

    it('refreshes exactly once, then fails with AUTH_FAILED', async () => {
      trackReply = (_req, res) =>
        sendJson(res, 401, fedexError('NOT.AUTHORIZED.ERROR', 'Access token expired. Please modify your request and try again.'));
      const err = await failureOf(adapter().track([TN]));
      expect(err.type).toBe(CarrierFailureType.AUTH_FAILED);
      expect(err.details).toMatchObject({ httpStatus: 401, carrierCode: 'NOT.AUTHORIZED.ERROR' });
      expect(err.retryable).toBe(false);
      expect(tokenCalls()).toHaveLength(2);
      expect(trackCalls()).toHaveLength(2);
    });

    it('refreshes once when many concurrent calls get a 401 for the same token', async () => {
      trackReply = (req, res) =>
        req.headers.authorization === 'Bearer token-1'
          ? sendJson(res, 401, fedexError('NOT.AUTHORIZED.ERROR', 'Access token expired.'))
          : sendJson(res, 200, found);
      const fedex = adapter();
      const results = await Promise.all(Array.from({ length: 10 }, () => fedex.track([TN])));
      expect(results.every((r) => r.get(TN)?.found)).toBe(true);
      expect(tokenCalls()).toHaveLength(2);
    });

    it('never asks for tokens faster than one per 2 s, even when configured to', async () => {
      expect(FEDEX_MIN_TOKEN_INTERVAL_MS).toBe(2_000);
      trackReply = (req, res) =>
        req.headers.authorization === 'Bearer token-1'
          ? sendJson(res, 401, fedexError('NOT.AUTHORIZED.ERROR', 'expired'))
          : sendJson(res, 200, found);
      await adapter({ tokenMinFetchIntervalMs: 0 }).track([TN]);
      expect(tokenCalls()).toHaveLength(2);
      expect(slept).toEqual([FEDEX_MIN_TOKEN_INTERVAL_MS]);
    });

    it('gets a new token when the old one lapses, without waiting', async () => {
      const fedex = adapter();
      await fedex.track([TN]);
      clockMs += 3_600_000;
      await fedex.track([TN]);
      expect(trackCalls().map((call) => call.headers.authorization)).toEqual(['Bearer token-1', 'Bearer token-2']);
      expect(slept).toEqual([]);
    });

    it.each([
      [400, CarrierFailureType.AUTH_FAILED],
      [401, CarrierFailureType.AUTH_FAILED],
      [429, CarrierFailureType.RATE_LIMITED],
      [500, CarrierFailureType.UNAVAILABLE],
      [503, CarrierFailureType.UNAVAILABLE],
    ])('classifies a token endpoint %p as %p', async (status, type) => {
      tokenReply = (_req, res) => sendJson(res, status, fedexError('NOT.AUTHORIZED.ERROR', 'The given client credentials were not valid.'));
      const err = await failureOf(adapter().track([TN]));
      expect(err.type).toBe(type);
      expect(trackCalls()).toHaveLength(0);
    });

    it("reads the token endpoint's 403 as FedEx's 10-minute block: retryable, after 10 minutes", async () => {
      tokenReply = (_req, res) => sendJson(res, 403, fedexError('FORBIDDEN.ERROR', 'We could not authorize your credentials.'));
      const err = await failureOf(adapter().track([TN]));
      expect(err.type).toBe(CarrierFailureType.RATE_LIMITED);
      expect(err.retryable).toBe(true);
      expect(err.details).toMatchObject({ httpStatus: 403, carrierCode: 'FORBIDDEN.ERROR', retryAfterMs: 600_000 });
    });

    it('rejects a token answer that breaks the contract', async () => {
      tokenReply = (_req, res) => sendJson(res, 200, { ...tokenBody('token'), expires_in: 'an hour' });
      expect((await failureOf(adapter().track([TN]))).type).toBe(CarrierFailureType.BAD_RESPONSE);
    });

    it('does not ask for a token again right after a failure', async () => {
      tokenReply = (_req, res) => sendJson(res, 503, fedexError('SERVICE.UNAVAILABLE.ERROR', 'The service is currently unavailable.'));
      const fedex = adapter({ tokenMinFetchIntervalMs: 60_000 });
      for (let i = 0; i < 5; i++) {
        expect((await failureOf(fedex.track([TN]))).type).toBe(CarrierFailureType.UNAVAILABLE);
      }
      expect(tokenCalls()).toHaveLength(1);
    });

    it('keeps the client secret out of error messages', async () => {
      tokenReply = (_req, res) => sendJson(res, 401, fedexError('NOT.AUTHORIZED.ERROR', 'The given client credentials were not valid.'));
      const err = await failureOf(adapter().track([TN]));
      expect(err.message).not.toContain('s3cr&t=1');
    });
  });

  describe('answers', () => {
    it('classifies 429 without Retry-After as RATE_LIMITED, waiting out the 10-second window', async () => {
      trackReply = (_req, res) =>
        sendJson(
          res,
          429,
          fedexError(
            'TOO.MANY.REQUESTS.ERROR',
            'We have received too many requests in a short duration. Please wait a while to try again.',
          ),
        );
      const err = await failureOf(adapter().track([TN]));
      expect(err.type).toBe(CarrierFailureType.RATE_LIMITED);
      expect(err.retryable).toBe(true);
      expect(err.details).toEqual({ httpStatus: 429, carrierCode: 'TOO.MANY.REQUESTS.ERROR', retryAfterMs: 10_000 });
    });

    it('waits for 00:00 GMT after the daily quota answer', async () => {
      trackReply = (_req, res) =>
        sendJson(
          res,
          429,
          fedexError('TOO.MANY.REQUESTS.ERROR', 'Too many requests - Daily transaction quota exceeded. Retry after 12:00AM GMT.'),
        );
      const err = await failureOf(adapter().track([TN]));
      expect(err.details.retryAfterMs).toBe(12 * 3_600_000);
    });

    it('honours a Retry-After on 429 if one appears', async () => {
      trackReply = (_req, res) => sendJson(res, 429, fedexError('TOO.MANY.REQUESTS.ERROR', 'Too many requests'), { 'retry-after': '7' });
      const err = await failureOf(adapter().track([TN]));
      expect(err.details.retryAfterMs).toBe(7_000);
      expect(err.toApplicationFailure().nextRetryDelay).toBe(7_000);
    });

    it('classifies 400 as REQUEST_REJECTED with the FedEx code', async () => {
      trackReply = (_req, res) => sendJson(res, 400, fedexError('TRACKING.TRACKINGNUMBER.EMPTY', 'Please provide tracking number.'));
      const err = await failureOf(adapter().track([TN]));
      expect(err.type).toBe(CarrierFailureType.REQUEST_REJECTED);
      expect(err.details.carrierCode).toBe('TRACKING.TRACKINGNUMBER.EMPTY');
      expect(err.message).toContain('TRACKING.TRACKINGNUMBER.EMPTY Please provide tracking number.');
      expect(err.retryable).toBe(false);
    });

    it('classifies 403 on tracking as AUTH_FAILED without refreshing', async () => {
      trackReply = (_req, res) => sendJson(res, 403, fedexError('FORBIDDEN.ERROR', 'We could not authorize your credentials.'));
      expect((await failureOf(adapter().track([TN]))).type).toBe(CarrierFailureType.AUTH_FAILED);
      expect(tokenCalls()).toHaveLength(1);
    });

    it('reads a 404 naming TRACKING.TRACKINGNUMBER.NOTFOUND as every number not found', async () => {
      trackReply = (_req, res) => sendJson(res, 404, fedexError('TRACKING.TRACKINGNUMBER.NOTFOUND', 'Tracking number cannot be found.'));
      const results = await adapter().track([TN, TN2]);
      expect([...results.entries()]).toEqual([
        [TN, { found: false }],
        [TN2, { found: false }],
      ]);
    });

    it('does not mistake a 404 for a missing resource or from the wrong server for unknown parcels', async () => {
      trackReply = (_req, res) => sendJson(res, 404, fedexError('NOT.FOUND.ERROR', 'The resource you requested is no longer available.'));
      expect((await failureOf(adapter().track([TN]))).type).toBe(CarrierFailureType.BAD_RESPONSE);
      trackReply = (_req, res) => sendText(res, 404, '<html>Not Found</html>', 'text/html');
      expect((await failureOf(adapter().track([TN]))).type).toBe(CarrierFailureType.BAD_RESPONSE);
    });

    it.each([500, 502, 503])('classifies %p as UNAVAILABLE', async (status) => {
      trackReply = (_req, res) =>
        status === 502
          ? sendText(res, status, '<html>Bad Gateway</html>', 'text/html')
          : sendJson(res, status, fedexError('INTERNAL.SERVER.ERROR', 'We encountered an unexpected error'));
      expect((await failureOf(adapter().track([TN]))).type).toBe(CarrierFailureType.UNAVAILABLE);
    });

    it.each([302, 418])('classifies an unexpected %p as BAD_RESPONSE', async (status) => {
      trackReply = (_req, res) => sendJson(res, status, {});
      expect((await failureOf(adapter().track([TN]))).type).toBe(CarrierFailureType.BAD_RESPONSE);
    });

    it('classifies a timeout as UNAVAILABLE', async () => {
      trackReply = () => {
        /* never answers */
      };
      const err = await failureOf(adapter({ timeoutMs: 150 }).track([TN]));
      expect(err.type).toBe(CarrierFailureType.UNAVAILABLE);
    });

    it('classifies malformed JSON as BAD_RESPONSE', async () => {
      trackReply = (_req, res) => sendText(res, 200, '{"output":{"completeTrackResults":[', 'application/json');
      expect((await failureOf(adapter().track([TN]))).type).toBe(CarrierFailureType.BAD_RESPONSE);
    });

    it('classifies an oversized body as BAD_RESPONSE', async () => {
      const huge = rawFound(
        TN,
        Array.from({ length: 2_000 }, () => journey.pickup),
      );
      trackReply = (_req, res) => sendJson(res, 200, huge);
      const err = await failureOf(adapter({ maxBytes: 64 * 1024 }).track([TN]));
      expect(err.type).toBe(CarrierFailureType.BAD_RESPONSE);
    });

    it.each([
      ['no output', { transactionId: 'x' }],
      ['errors instead of output', fedexError('INTERNAL.SERVER.ERROR', 'oops')],
      ['completeTrackResults that is not a list', { output: { completeTrackResults: { trackingNumber: TN } } }],
      [
        'a scan without a date',
        rawTrackResponse([{ trackingNumber: TN, trackResults: [{ ...rawTrackResult(TN, []), scanEvents: [{ eventType: 'PU' }] }] }]),
      ],
      ['a scan date that is not ISO-8601', rawFound(TN, [{ ...journey.pickup, date: '11/20/2026 6:05 PM' }])],
      [
        'an event type that is a number',
        rawTrackResponse([
          { trackingNumber: TN, trackResults: [{ ...rawTrackResult(TN, [journey.label]), latestStatusDetail: { code: 12 } }] },
        ]),
      ],
      ['a number without trackResults', rawTrackResponse([{ trackingNumber: TN, trackResults: [] }])],
    ])('classifies a body with %s as BAD_RESPONSE', async (_case, body) => {
      trackReply = (_req, res) => sendJson(res, 200, body);
      expect((await failureOf(adapter().track([TN]))).type).toBe(CarrierFailureType.BAD_RESPONSE);
    });

    it('tolerates fields FedEx adds and the string `alerts` seen in its examples', async () => {
      const body = rawFound(TN, [journey.label], { somethingNew: { nested: [1, 2, 3] } });
      (body.output as Record<string, unknown>).alerts = 'TRACKING.DATA.NOTFOUND -  Tracking data unavailable';
      trackReply = (_req, res) => sendJson(res, 200, { ...body, newTopLevel: true });
      expect((await adapter().track([TN])).get(TN)?.found).toBe(true);
    });
  });

  it("passes the caller's cancellation through untouched", async () => {
    trackReply = () => {
      /* never answers */
    };
    const controller = new AbortController();
    const reason = new Error('cancelled by Temporal');
    setTimeout(() => controller.abort(reason), 50);
    await expect(adapter({ timeoutMs: 5_000 }).track([TN], { signal: controller.signal })).rejects.toBe(reason);
  });
});
