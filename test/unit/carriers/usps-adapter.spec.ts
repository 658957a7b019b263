import type { ServerResponse } from 'node:http';
import { CarrierError, CarrierFailureType } from '../../../activities/carriers/carrier-errors';
import { UspsAdapter, type UspsAdapterOptions } from '../../../activities/carriers/usps/usps.adapter';
import { rawUspsDetails, USPS_NOT_FOUND_BODY, USPS_TN as TN, uspsErrorMessage, uspsJourney } from '../../fixtures/usps/usps-payloads';
import { type RecordedRequest, ScriptedServer, sendJson, sendText } from './support/scripted-server';

const TOKEN_PATH = '/oauth2/v3/token';
const TRACK_PATH = '/tracking/v3/tracking/';

type Reply = (request: RecordedRequest, response: ServerResponse) => void | Promise<void>;

const tokenBody = (accessToken: string, overrides: Record<string, unknown> = {}) => ({
  access_token: accessToken,
  token_type: 'Bearer',
  issued_at: 1_764_160_000_000,
  expires_in: 28_799,
  status: 'approved',
  scope: 'addresses tracking',
  issuer: 'https://keyc.usps.com/realms/USPS',
  client_id: 'client-id',
  application_name: 'app',
  api_products: '[Public Access I]',
  public_key: 'key',
  ...overrides,
});
const found = rawUspsDetails(TN, [uspsJourney.label, uspsJourney.accepted], 'Accepted');
const invalidClient = {
  error: 'invalid_client',
  error_description: 'Client authentication failed.',
  error_uri: 'https://datatracker.ietf.org/doc/html/rfc6749#page-45',
};
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(UspsAdapter.name, () => {
  const server = new ScriptedServer();
  let baseUrl: string;
  let issued: number;
  let tokenReply: Reply;
  let trackReply: Reply;

  beforeAll(async () => {
    baseUrl = await server.start();
  });
  afterAll(() => server.stop());

  beforeEach(() => {
    server.requests.length = 0;
    issued = 0;
    // By default the token endpoint issues token-1, token-2, … and tracking finds the parcel.
    tokenReply = (_req, res) => sendJson(res, 200, tokenBody(`token-${++issued}`));
    trackReply = (_req, res) => sendJson(res, 200, found);
    server.handler = (req, res) => {
      if (req.method === 'POST' && req.pathname === TOKEN_PATH) return tokenReply(req, res);
      if (req.method === 'GET' && req.pathname.startsWith(TRACK_PATH)) return trackReply(req, res);
      sendText(res, 404, '<html>no route</html>', 'text/html');
    };
  });

  const adapter = (options: Partial<UspsAdapterOptions> = {}) =>
    new UspsAdapter({ baseUrl, clientId: 'client-id', clientSecret: 's3cr"et', timeoutMs: 1_000, tokenMinFetchIntervalMs: 50, ...options });
  const tokenCalls = () => server.requestsTo(TOKEN_PATH);
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

  it('should declare USPS, one number per call', () => {
    const sut = adapter();
    expect(sut.carrier).toBe('usps');
    expect(sut.maxBatchSize).toBe(1);
  });

  it('should track a number and normalise the DETAIL answer', async () => {
    const result = (await adapter().track([TN])).get(TN);
    expect(result).toEqual({ found: true, snapshot: expect.objectContaining({ carrier: 'usps', trackingNumber: TN, status: 'in_transit' }) });
    expect(result?.found && result.snapshot.events).toHaveLength(2);
  });

  it('should send the token request USPS documents: POST, JSON body, client credentials, the tracking scope', async () => {
    await adapter().track([TN]);
    const [token] = tokenCalls();
    expect(token.method).toBe('POST');
    expect(token.headers['content-type']).toBe('application/json');
    expect(token.headers.authorization).toBeUndefined();
    expect(JSON.parse(token.body)).toEqual({ grant_type: 'client_credentials', client_id: 'client-id', client_secret: 's3cr"et', scope: 'tracking' });
  });

  it('should send the tracking request USPS expects: path, expand=DETAIL, bearer token', async () => {
    await adapter().track([TN]);
    const [track] = trackCalls();
    expect(track.pathname).toBe(`${TRACK_PATH}${TN}`);
    expect(Object.fromEntries(track.query)).toEqual({ expand: 'DETAIL' });
    expect(track.headers.authorization).toBe('Bearer token-1');
    expect(track.headers.accept).toBe('application/json');
  });

  it('should encode the tracking number into the path', async () => {
    await adapter().track(['94/../X']);
    expect(trackCalls()[0].url).toContain(`${TRACK_PATH}94%2F..%2FX?`);
  });

  describe('token handling', () => {
    it('should fetch one token for many tracking calls', async () => {
      const sut = adapter();
      for (let i = 0; i < 5; i++) await sut.track([TN]);
      expect(tokenCalls()).toHaveLength(1);
      expect(trackCalls()).toHaveLength(5);
    });

    it('should fetch one token for many concurrent calls', async () => {
      tokenReply = async (_req, res) => {
        await delay(100);
        sendJson(res, 200, tokenBody(`token-${++issued}`));
      };
      const sut = adapter();
      await Promise.all(Array.from({ length: 10 }, () => sut.track([TN])));
      expect(tokenCalls()).toHaveLength(1);
      expect(trackCalls().every((call) => call.headers.authorization === 'Bearer token-1')).toBe(true);
    });

    it('should accept the lifetime as a string, as the USPS README shows it', async () => {
      tokenReply = (_req, res) => sendJson(res, 200, tokenBody(`token-${++issued}`, { expires_in: '28799', issued_at: '1764160000000' }));
      expect((await adapter().track([TN])).get(TN)?.found).toBe(true);
    });

    it('should refresh a refused token once and carry on', async () => {
      trackReply = (req, res) =>
        req.headers.authorization === 'Bearer token-1'
          ? sendJson(res, 401, uspsErrorMessage(401, 'Expired access token.'), { 'WWW-Authenticate': 'Bearer realm="https://api.usps.com"' })
          : sendJson(res, 200, found);
      expect((await adapter().track([TN])).get(TN)?.found).toBe(true);
      expect(tokenCalls()).toHaveLength(2);
      expect(trackCalls().map((call) => call.headers.authorization)).toEqual(['Bearer token-1', 'Bearer token-2']);
    });

    it('should refresh exactly once, then fail with AUTH_FAILED', async () => {
      trackReply = (_req, res) => sendJson(res, 401, uspsErrorMessage(401, 'The client application identifier is invalid.'));
      const err = await failureOf(adapter().track([TN]));
      expect(err.type).toBe(CarrierFailureType.AUTH_FAILED);
      expect(err.details).toMatchObject({ httpStatus: 401, carrierCode: '401' });
      expect(err.message).toContain('The client application identifier is invalid.');
      expect(err.retryable).toBe(false);
      expect(tokenCalls()).toHaveLength(2);
      expect(trackCalls()).toHaveLength(2);
    });

    it('should refresh once when many concurrent calls get a 401 for the same token', async () => {
      trackReply = (req, res) =>
        req.headers.authorization === 'Bearer token-1' ? sendJson(res, 401, uspsErrorMessage(401, 'Expired')) : sendJson(res, 200, found);
      const sut = adapter();
      const results = await Promise.all(Array.from({ length: 10 }, () => sut.track([TN])));
      expect(results.every((r) => r.get(TN)?.found)).toBe(true);
      expect(tokenCalls()).toHaveLength(2);
    });

    it('should refuse a token without the tracking scope before spending quota on it', async () => {
      tokenReply = (_req, res) => sendJson(res, 200, tokenBody('token', { scope: 'addresses domestic-prices' }));
      const err = await failureOf(adapter().track([TN]));
      expect(err.type).toBe(CarrierFailureType.AUTH_FAILED);
      expect(err.message).toContain('tracking scope');
      expect(trackCalls()).toHaveLength(0);
    });

    it('should read bad credentials from the RFC 6749 answer', async () => {
      tokenReply = (_req, res) => sendJson(res, 401, invalidClient);
      const err = await failureOf(adapter().track([TN]));
      expect(err).toMatchObject({ type: CarrierFailureType.AUTH_FAILED, details: { httpStatus: 401, carrierCode: 'invalid_client' } });
      expect(err.message).toContain('Client authentication failed.');
      expect(err.message).not.toContain('s3cr');
    });

    it.each([
      [400, CarrierFailureType.AUTH_FAILED],
      [403, CarrierFailureType.AUTH_FAILED],
      [429, CarrierFailureType.RATE_LIMITED],
      [500, CarrierFailureType.UNAVAILABLE],
      [503, CarrierFailureType.UNAVAILABLE],
    ])('should classify a token endpoint %p as %p', async (status, type) => {
      tokenReply = (_req, res) => sendJson(res, status, uspsErrorMessage(status, 'refused', '/oauth2/v3'));
      expect((await failureOf(adapter().track([TN]))).type).toBe(type);
      expect(trackCalls()).toHaveLength(0);
    });

    it('should honour Retry-After on a token endpoint 429: token calls count against the quota', async () => {
      tokenReply = (_req, res) => sendJson(res, 429, uspsErrorMessage(429, 'Exceeded quota limit.', '/oauth2/v3'), { 'Retry-After': '1200' });
      expect((await failureOf(adapter().track([TN]))).details.retryAfterMs).toBe(1_200_000);
    });

    it('should reject a token answer that breaks the contract', async () => {
      tokenReply = (_req, res) => sendJson(res, 200, tokenBody('token', { expires_in: 'soon' }));
      expect((await failureOf(adapter().track([TN]))).type).toBe(CarrierFailureType.BAD_RESPONSE);
    });

    it('should not ask for a token again right after a failure', async () => {
      tokenReply = (_req, res) => sendJson(res, 503, uspsErrorMessage(503, 'Service Unavailable', '/oauth2/v3'));
      const sut = adapter({ tokenMinFetchIntervalMs: 60_000 });
      for (let i = 0; i < 5; i++) expect((await failureOf(sut.track([TN]))).type).toBe(CarrierFailureType.UNAVAILABLE);
      expect(tokenCalls()).toHaveLength(1);
    });
  });

  describe('answers', () => {
    it('should read 404 with the USPS envelope as not found', async () => {
      trackReply = (_req, res) => sendJson(res, 404, USPS_NOT_FOUND_BODY);
      expect((await adapter().track([TN])).get(TN)).toEqual({ found: false });
    });

    it('should not mistake a 404 from the wrong server for an unknown parcel', async () => {
      trackReply = (_req, res) => sendText(res, 404, '<html>Not Found</html>', 'text/html');
      expect((await failureOf(adapter().track([TN]))).type).toBe(CarrierFailureType.BAD_RESPONSE);
    });

    it('should classify 429 as RATE_LIMITED and honour its Retry-After', async () => {
      const quota = 'Exceeded quota limit. Please contact https://emailus.usps.com/s/web-tools-inquiry and a representative will assist.';
      trackReply = (_req, res) => sendJson(res, 429, uspsErrorMessage(429, quota), { 'Retry-After': '30' });
      const err = await failureOf(adapter().track([TN]));
      expect(err.type).toBe(CarrierFailureType.RATE_LIMITED);
      expect(err.details).toEqual({ httpStatus: 429, carrierCode: '429', retryAfterMs: 30_000 });
      expect(err.retryable).toBe(true);
      expect(err.toApplicationFailure().nextRetryDelay).toBe(30_000);
    });

    it('should read a Retry-After given as an HTTP date', async () => {
      const now = Date.parse('2026-11-20T10:00:00Z');
      trackReply = (_req, res) => sendJson(res, 429, uspsErrorMessage(429, 'quota'), { 'Retry-After': 'Fri, 20 Nov 2026 10:02:00 GMT' });
      expect((await failureOf(adapter({ now: () => now }).track([TN]))).details.retryAfterMs).toBe(120_000);
    });

    it('should leave the retry policy in charge of a 429 without Retry-After', async () => {
      trackReply = (_req, res) => sendJson(res, 429, uspsErrorMessage(429, 'quota'));
      const err = await failureOf(adapter().track([TN]));
      expect(err.type).toBe(CarrierFailureType.RATE_LIMITED);
      expect(err.details.retryAfterMs).toBeUndefined();
    });

    it('should classify 503 as UNAVAILABLE and honour its Retry-After', async () => {
      trackReply = (_req, res) => sendJson(res, 503, uspsErrorMessage(503, 'Service Unavailable'), { 'Retry-After': '5' });
      const err = await failureOf(adapter().track([TN]));
      expect(err).toMatchObject({ type: CarrierFailureType.UNAVAILABLE, details: { httpStatus: 503, retryAfterMs: 5_000 } });
    });

    it.each([500, 502, 504])('should classify %p as UNAVAILABLE', async (status) => {
      trackReply = (_req, res) =>
        status === 502 ? sendText(res, status, '<html>Bad Gateway</html>', 'text/html') : sendJson(res, status, uspsErrorMessage(status, 'boom'));
      expect((await failureOf(adapter().track([TN]))).type).toBe(CarrierFailureType.UNAVAILABLE);
    });

    it('should classify 400 as REQUEST_REJECTED with the USPS code', async () => {
      trackReply = (_req, res) =>
        sendJson(res, 400, {
          apiVersion: '/tracking/v3',
          error: { code: '400', message: 'Bad Request', errors: [{ status: '400', code: 'INVALID', title: 'Invalid parameter', detail: 'expand' }] },
        });
      const err = await failureOf(adapter().track([TN]));
      expect(err).toMatchObject({ type: CarrierFailureType.REQUEST_REJECTED, details: { carrierCode: 'INVALID' } });
      expect(err.retryable).toBe(false);
    });

    it('should classify 403 as AUTH_FAILED without refreshing', async () => {
      trackReply = (_req, res) => sendJson(res, 403, uspsErrorMessage(403, 'Forbidden'));
      expect((await failureOf(adapter().track([TN]))).type).toBe(CarrierFailureType.AUTH_FAILED);
      expect(tokenCalls()).toHaveLength(1);
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
      trackReply = (_req, res) => sendText(res, 200, '{"trackingNumber":"9400', 'application/json');
      expect((await failureOf(adapter().track([TN]))).type).toBe(CarrierFailureType.BAD_RESPONSE);
    });

    it('should classify an oversized body as BAD_RESPONSE', async () => {
      const huge = rawUspsDetails(TN, [uspsJourney.label], 'Pre-Shipment', { statusSummary: 'x'.repeat(100_000) });
      trackReply = (_req, res) => sendJson(res, 200, huge);
      expect((await failureOf(adapter({ maxBytes: 64 * 1024 }).track([TN]))).type).toBe(CarrierFailureType.BAD_RESPONSE);
    });

    it.each([
      ['a SUMMARY answer', { trackingNumber: TN, eventSummaries: ['Delivered'] }],
      ['events that are not a list', { ...found, trackingEvents: { eventCode: '01' } }],
      ['an event without any time', rawUspsDetails(TN, [{ ...uspsJourney.label, eventTimestamp: null as unknown as string, GMTTimestamp: null }], 'x')],
      ['a local time that is not ISO', rawUspsDetails(TN, [{ ...uspsJourney.label, eventTimestamp: '11/16/2026 11:32 am' }], 'x')],
      ['an event code that is a number', rawUspsDetails(TN, [{ ...uspsJourney.label, eventCode: 1 as unknown as string }], 'x')],
      ['more than 99 events', rawUspsDetails(TN, Array.from({ length: 100 }, () => uspsJourney.inTransit), 'In Transit')],
    ])('should classify %s as BAD_RESPONSE', async (_case, body) => {
      trackReply = (_req, res) => sendJson(res, 200, body);
      expect((await failureOf(adapter().track([TN]))).type).toBe(CarrierFailureType.BAD_RESPONSE);
    });

    it('should tolerate fields USPS adds', async () => {
      const [newest] = found.trackingEvents as object[];
      trackReply = (_req, res) => sendJson(res, 200, { ...found, somethingNew: { nested: [1] }, trackingEvents: [{ ...newest, extra: true }] });
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
