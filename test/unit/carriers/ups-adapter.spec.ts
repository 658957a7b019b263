import type { ServerResponse } from 'node:http';
import { CarrierError, CarrierFailureType } from '../../../activities/carriers/carrier-errors';
import { UpsAdapter, type UpsAdapterOptions } from '../../../activities/carriers/ups/ups.adapter';
import { journey, rawPackage, rawTrackResponse, TN } from '../../fixtures/ups/ups-payloads';
import { type RecordedRequest, ScriptedServer, sendJson, sendText } from './support/scripted-server';

const TOKEN_PATH = '/security/v1/oauth/token';
const TRACK_PATH = '/api/track/v1/details/';

type Reply = (request: RecordedRequest, response: ServerResponse) => void | Promise<void>;

const upsError = (code: string, message: string) => ({ response: { errors: [{ code, message }] } });
const tokenBody = (accessToken: string) => ({
  token_type: 'Bearer',
  issued_at: '1764160000000',
  client_id: 'client-id',
  access_token: accessToken,
  scope: '',
  expires_in: '14399',
  refresh_count: '0',
  status: 'approved',
});
const found = rawTrackResponse(TN, rawPackage(TN, [journey.label, journey.pickup]));
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('UpsAdapter', () => {
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
    // By default the token endpoint issues token-1, token-2, … and tracking finds the package.
    tokenReply = (_req, res) => sendJson(res, 200, tokenBody(`token-${++issued}`));
    trackReply = (_req, res) => sendJson(res, 200, found);
    server.handler = (req, res) => {
      if (req.method === 'POST' && req.pathname === TOKEN_PATH) return tokenReply(req, res);
      if (req.method === 'GET' && req.pathname.startsWith(TRACK_PATH)) return trackReply(req, res);
      sendJson(res, 404, upsError('NOPE', `no route ${req.method} ${req.pathname}`));
    };
  });

  const adapter = (options: Partial<UpsAdapterOptions> = {}) =>
    new UpsAdapter({
      baseUrl,
      clientId: 'client-id',
      clientSecret: 's3cr:et',
      transactionSrc: 'waybill-test',
      timeoutMs: 1_000,
      tokenMinFetchIntervalMs: 50,
      ...options,
    });
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

  it('declares UPS, one number per call', () => {
    const ups = adapter();
    expect(ups.carrier).toBe('ups');
    expect(ups.maxBatchSize).toBe(1);
  });

  it('tracks a number and normalises the package', async () => {
    const results = await adapter().track([TN]);
    expect(results.get(TN)).toEqual({
      found: true,
      snapshot: expect.objectContaining({ carrier: 'ups', trackingNumber: TN, status: 'in_transit' }),
    });
    const result = results.get(TN);
    expect(result?.found && result.snapshot.events).toHaveLength(2);
  });

  it('sends the token request UPS expects: POST, HTTP Basic, form body', async () => {
    await adapter().track([TN]);
    const [token] = tokenCalls();
    expect(token.method).toBe('POST');
    expect(token.headers.authorization).toBe(`Basic ${Buffer.from('client-id:s3cr:et').toString('base64')}`);
    expect(token.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(new URLSearchParams(token.body).get('grant_type')).toBe('client_credentials');
  });

  it('sends the tracking request UPS expects: path, query, bearer token, transId, transactionSrc', async () => {
    const ups = adapter();
    await ups.track([TN]);
    await ups.track([TN]);
    const [first, second] = trackCalls();
    expect(first.pathname).toBe(`${TRACK_PATH}${TN}`);
    expect(Object.fromEntries(first.query)).toEqual({
      locale: 'en_US',
      returnSignature: 'false',
      returnMilestones: 'false',
      returnPOD: 'false',
    });
    expect(first.headers.authorization).toBe('Bearer token-1');
    expect(first.headers.transactionsrc).toBe('waybill-test');
    expect(first.headers.transid).toMatch(/^[0-9a-f]{32}$/);
    expect(second.headers.transid).not.toBe(first.headers.transid);
  });

  it('encodes the tracking number into the path', async () => {
    await adapter().track(['1Z/../X']);
    expect(trackCalls()[0].url).toContain(`${TRACK_PATH}1Z%2F..%2FX?`);
  });

  describe('token handling', () => {
    it('fetches one token for many tracking calls', async () => {
      const ups = adapter();
      for (let i = 0; i < 5; i++) await ups.track([TN]);
      expect(tokenCalls()).toHaveLength(1);
      expect(trackCalls()).toHaveLength(5);
    });

    it('fetches one token for many concurrent calls', async () => {
      tokenReply = async (_req, res) => {
        await delay(100);
        sendJson(res, 200, tokenBody(`token-${++issued}`));
      };
      const ups = adapter();
      await Promise.all(Array.from({ length: 10 }, () => ups.track([TN])));
      expect(tokenCalls()).toHaveLength(1);
      expect(trackCalls().every((call) => call.headers.authorization === 'Bearer token-1')).toBe(true);
    });

    it('refreshes a refused token once and carries on', async () => {
      trackReply = (req, res) =>
        req.headers.authorization === 'Bearer token-1'
          ? sendJson(res, 401, upsError('250002', 'Invalid Authentication Information.'))
          : sendJson(res, 200, found);
      const result = (await adapter().track([TN])).get(TN);
      expect(result?.found).toBe(true);
      expect(tokenCalls()).toHaveLength(2);
      expect(trackCalls().map((call) => call.headers.authorization)).toEqual(['Bearer token-1', 'Bearer token-2']);
    });

    it('refreshes exactly once, then fails with AUTH_FAILED', async () => {
      trackReply = (_req, res) => sendJson(res, 401, upsError('250002', 'Invalid Authentication Information.'));
      const err = await failureOf(adapter().track([TN]));
      expect(err.type).toBe(CarrierFailureType.AUTH_FAILED);
      expect(err.details).toMatchObject({ httpStatus: 401, carrierCode: '250002' });
      expect(err.retryable).toBe(false);
      expect(tokenCalls()).toHaveLength(2);
      expect(trackCalls()).toHaveLength(2);
    });

    it('refreshes once when many concurrent calls get a 401 for the same token', async () => {
      trackReply = (req, res) =>
        req.headers.authorization === 'Bearer token-1'
          ? sendJson(res, 401, upsError('UJ0001', 'Invalid token or token is not present.'))
          : sendJson(res, 200, found);
      const ups = adapter();
      const results = await Promise.all(Array.from({ length: 10 }, () => ups.track([TN])));
      expect(results.every((r) => r.get(TN)?.found)).toBe(true);
      expect(tokenCalls()).toHaveLength(2);
    });

    it.each([
      [401, CarrierFailureType.AUTH_FAILED],
      [403, CarrierFailureType.AUTH_FAILED],
      [429, CarrierFailureType.RATE_LIMITED],
      [500, CarrierFailureType.UNAVAILABLE],
      [503, CarrierFailureType.UNAVAILABLE],
    ])('classifies a token endpoint %p as %p', async (status, type) => {
      tokenReply = (_req, res) => sendJson(res, status, upsError('10401', 'refused'));
      const err = await failureOf(adapter().track([TN]));
      expect(err.type).toBe(type);
      expect(trackCalls()).toHaveLength(0);
    });

    it('rejects a token answer that breaks the contract', async () => {
      tokenReply = (_req, res) => sendJson(res, 200, { ...tokenBody('token'), expires_in: 'soon' });
      expect((await failureOf(adapter().track([TN]))).type).toBe(CarrierFailureType.BAD_RESPONSE);
    });

    it('does not ask for a token again right after a failure', async () => {
      tokenReply = (_req, res) => sendJson(res, 503, upsError('10004', 'Something went wrong'));
      const ups = adapter({ tokenMinFetchIntervalMs: 60_000 });
      for (let i = 0; i < 5; i++) {
        expect((await failureOf(ups.track([TN]))).type).toBe(CarrierFailureType.UNAVAILABLE);
      }
      expect(tokenCalls()).toHaveLength(1);
    });
  });

  describe('answers', () => {
    it('reads 200 with warning TW0001 and no package as not found', async () => {
      trackReply = (_req, res) => sendJson(res, 200, rawTrackResponse(TN, undefined));
      expect((await adapter().track([TN])).get(TN)).toEqual({ found: false });
    });

    it('reads the documented 404 as not found', async () => {
      trackReply = (_req, res) => sendJson(res, 404, upsError('TW0001', 'Tracking Information Not Found'));
      expect((await adapter().track([TN])).get(TN)).toEqual({ found: false });
    });

    it('does not mistake a 404 from the wrong server for an unknown parcel', async () => {
      trackReply = (_req, res) => sendText(res, 404, '<html>Not Found</html>', 'text/html');
      expect((await failureOf(adapter().track([TN]))).type).toBe(CarrierFailureType.BAD_RESPONSE);
    });

    it('picks the package asked for from a multi-piece shipment', async () => {
      const other = rawPackage('1Z5R89390357567135', [journey.label]);
      const mine = rawPackage(TN, [journey.label, journey.pickup]);
      trackReply = (_req, res) => sendJson(res, 200, { trackResponse: { shipment: [{ inquiryNumber: TN, package: [other, mine] }] } });
      const result = (await adapter().track([TN])).get(TN);
      expect(result?.found && result.snapshot.status).toBe('in_transit');
    });

    it('classifies 429 as RATE_LIMITED without a Retry-After, as UPS sends it', async () => {
      trackReply = (_req, res) => sendJson(res, 429, upsError('10429', 'Too Many Requests'));
      const err = await failureOf(adapter().track([TN]));
      expect(err.type).toBe(CarrierFailureType.RATE_LIMITED);
      expect(err.details).toEqual({ httpStatus: 429, carrierCode: '10429' });
      expect(err.retryable).toBe(true);
    });

    it('honours a Retry-After on 429 if one appears', async () => {
      trackReply = (_req, res) => sendJson(res, 429, upsError('10429', 'Too Many Requests'), { 'retry-after': '7' });
      const err = await failureOf(adapter().track([TN]));
      expect(err.details.retryAfterMs).toBe(7_000);
      expect(err.toApplicationFailure().nextRetryDelay).toBe(7_000);
    });

    it('classifies 400 as REQUEST_REJECTED with the UPS code', async () => {
      trackReply = (_req, res) => sendJson(res, 400, upsError('TV1002', 'Invalid inquiry number'));
      const err = await failureOf(adapter().track([TN]));
      expect(err.type).toBe(CarrierFailureType.REQUEST_REJECTED);
      expect(err.details.carrierCode).toBe('TV1002');
      expect(err.message).toContain('TV1002 Invalid inquiry number');
      expect(err.retryable).toBe(false);
    });

    it('classifies 403 as AUTH_FAILED without refreshing', async () => {
      trackReply = (_req, res) => sendJson(res, 403, upsError('250003', 'Blocked Merchant'));
      expect((await failureOf(adapter().track([TN]))).type).toBe(CarrierFailureType.AUTH_FAILED);
      expect(tokenCalls()).toHaveLength(1);
    });

    it.each([500, 502, 503])('classifies %p as UNAVAILABLE', async (status) => {
      trackReply = (_req, res) =>
        status === 502
          ? sendText(res, status, '<html>Bad Gateway</html>', 'text/html')
          : sendJson(res, status, upsError('10004', 'Something went wrong'));
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
      trackReply = (_req, res) => sendText(res, 200, '{"trackResponse":{"shipment":[', 'application/json');
      expect((await failureOf(adapter().track([TN]))).type).toBe(CarrierFailureType.BAD_RESPONSE);
    });

    it('classifies an oversized body as BAD_RESPONSE', async () => {
      const huge = rawPackage(TN, Array.from({ length: 2_000 }, () => journey.pickup));
      trackReply = (_req, res) => sendJson(res, 200, rawTrackResponse(TN, huge));
      const err = await failureOf(adapter({ maxBytes: 64 * 1024 }).track([TN]));
      expect(err.type).toBe(CarrierFailureType.BAD_RESPONSE);
    });

    it.each([
      ['no trackResponse', { something: 'else' }],
      ['shipment is not a list', { trackResponse: { shipment: { package: [] } } }],
      [
        'an activity without a date',
        rawTrackResponse(TN, { ...rawPackage(TN, []), activity: [{ time: '101010', status: { type: 'I' } }] }),
      ],
      ['a date that is not YYYYMMDD', rawTrackResponse(TN, rawPackage(TN, [{ ...journey.pickup, date: '2026-11-21' }]))],
      ['a status code that is a number', rawTrackResponse(TN, { ...rawPackage(TN, []), currentStatus: { type: 'D', statusCode: 11 } })],
      ['no package and no warning', { trackResponse: { shipment: [{ inquiryNumber: TN }] } }],
    ])('classifies a body with %s as BAD_RESPONSE', async (_case, body) => {
      trackReply = (_req, res) => sendJson(res, 200, body);
      expect((await failureOf(adapter().track([TN]))).type).toBe(CarrierFailureType.BAD_RESPONSE);
    });

    it('tolerates fields UPS adds', async () => {
      const pkg = { ...rawPackage(TN, [journey.label]), somethingNew: { nested: [1, 2, 3] }, isSmartPackage: true };
      trackReply = (_req, res) => sendJson(res, 200, { ...rawTrackResponse(TN, pkg), newTopLevel: true });
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
