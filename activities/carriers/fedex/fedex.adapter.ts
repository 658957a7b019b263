import { randomUUID } from 'node:crypto';
import { Carrier } from '../../../workflows/shared/vocabulary';
import type { CarrierAdapter, TrackResult } from '../carrier-adapter';
import { CarrierError, CarrierFailureType } from '../carrier-errors';
import type { CarrierCallRecorder } from '../../activity-metrics';
import { callMetrics, type CarrierResponse, requestCarrier, retryAfterMs } from '../http';
import { type FetchedToken, TokenCache } from '../oauth-token-cache';
import { normalizeFedexTrackResult, pickFedexTrackResult } from './fedex.normalize';
import {
  type FedexCompleteTrackResult,
  fedexErrorEnvelopeSchema,
  fedexTokenResponseSchema,
  fedexTrackResponseSchema,
} from './fedex.schemas';

export interface FedexAdapterOptions {
  /** `https://apis.fedex.com` (production), `https://apis-sandbox.fedex.com` (FedEx's sandbox) or Waybill's sandbox. */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Per HTTP call, token calls included. */
  timeoutMs: number;
  maxBytes?: number;
  now?: () => number;
  /** Minimum time between token requests; see TokenCache. Default 5 s, never below FEDEX_MIN_TOKEN_INTERVAL_MS. */
  tokenMinFetchIntervalMs?: number;
  /** How the token cache waits out that interval; injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
  /** Counts and times each HTTP call (src/metrics); absent, nothing is recorded. */
  metrics?: CarrierCallRecorder;
}

/** FedEx accepts at most 30 trackingInfo entries per call (track.openapi.json, carriers.md §2.2). */
export const FEDEX_MAX_BATCH_SIZE = 30;

/**
 * FedEx blocks an IP for 10 minutes when its token endpoint sees 1 request/s sustained for 2 minutes
 * or 3/s for 5 s (carriers.md §2.6). One request per 2 s stays far below both, whatever the retries.
 */
export const FEDEX_MIN_TOKEN_INTERVAL_MS = 2_000;

/** FedEx's 403 on the token endpoint is that block, and it lasts this long. */
const TOKEN_BLOCK_MS = 10 * 60_000;
/** "Requests get 429 until that 10 s window ends" (ratelimits guide): the wait when FedEx names none. */
const RATE_WINDOW_MS = 10_000;
/** FedEx tokens live 1 h; a much longer claimed lifetime is not believed. */
const MAX_TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;
/** Error codes of a whole call that mean "no such tracking number", should FedEx ever answer that way. */
const NOT_FOUND_CODES = new Set(['TRACKING.TRACKINGNUMBER.NOTFOUND']);

/**
 * FedEx Track API (`POST /track/v1/trackingnumbers`): up to 30 numbers per call, OAuth bearer token
 * obtained with the client credentials in the form body.
 */
export class FedexAdapter implements CarrierAdapter {
  readonly carrier = Carrier.FEDEX;
  readonly maxBatchSize = FEDEX_MAX_BATCH_SIZE;

  private readonly baseUrl: string;
  private readonly tokens: TokenCache;
  private readonly now: () => number;

  constructor(private readonly options: FedexAdapterOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.now = options.now ?? Date.now;
    this.tokens = new TokenCache({
      fetchToken: () => this.fetchToken(),
      minFetchIntervalMs: Math.max(options.tokenMinFetchIntervalMs ?? 5_000, FEDEX_MIN_TOKEN_INTERVAL_MS),
      now: this.now,
      sleep: options.sleep,
    });
  }

  /**
   * One call per 30 distinct numbers, one after the other (a burst of parallel calls would only eat
   * into the 10-second rate window). A number FedEx does not know is `{found: false}` on its own.
   */
  async track(trackingNumbers: readonly string[], options: { signal?: AbortSignal } = {}): Promise<Map<string, TrackResult>> {
    const distinct = [...new Set(trackingNumbers)];
    const results = new Map<string, TrackResult>();
    for (let start = 0; start < distinct.length; start += FEDEX_MAX_BATCH_SIZE) {
      const batch = distinct.slice(start, start + FEDEX_MAX_BATCH_SIZE);
      for (const [trackingNumber, result] of await this.trackBatch(batch, options.signal)) results.set(trackingNumber, result);
    }
    return results;
  }

  private async trackBatch(batch: readonly string[], signal: AbortSignal | undefined): Promise<Map<string, TrackResult>> {
    let token = await this.tokens.get();
    let response = await this.requestTracking(batch, token, signal);
    if (response.status === 401) {
      // Tokens can be revoked before they expire; one fresh token settles whether the credentials are at fault.
      this.tokens.invalidate(token);
      token = await this.tokens.get();
      response = await this.requestTracking(batch, token, signal);
      if (response.status === 401) {
        throw carrierError(CarrierFailureType.AUTH_FAILED, 'FedEx refused a freshly issued token', response);
      }
    }
    return this.interpretTracking(batch, response);
  }

  private requestTracking(batch: readonly string[], token: string, signal: AbortSignal | undefined): Promise<CarrierResponse> {
    return requestCarrier({
      url: `${this.baseUrl}/track/v1/trackingnumbers`,
      method: 'POST',
      headers: {
        accept: 'application/json',
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        // The status mapping reads a few English reason texts as a fallback to codes.
        'x-locale': 'en_US',
        // Echoed back by FedEx; lets FedEx support find the call.
        'x-customer-transaction-id': randomUUID(),
      },
      body: JSON.stringify({
        includeDetailedScans: true,
        trackingInfo: batch.map((trackingNumber) => ({ trackingNumberInfo: { trackingNumber } })),
      }),
      timeoutMs: this.options.timeoutMs,
      metrics: callMetrics(this.options.metrics, this.carrier, 'track'),
      maxBytes: this.options.maxBytes,
      signal,
    });
  }

  private interpretTracking(batch: readonly string[], response: CarrierResponse): Map<string, TrackResult> {
    const { status } = response;
    if (status === 200) return this.interpretFound(batch, response);
    // FedEx documents "not found" per number inside a 200. A 404 naming that code is honoured; any
    // other 404 (NOT.FOUND.ERROR, or no FedEx envelope) is a wrong URL, not an unknown parcel.
    if (status === 404 && NOT_FOUND_CODES.has(envelopeOf(response)?.code ?? '')) {
      return new Map(batch.map((trackingNumber) => [trackingNumber, { found: false }]));
    }
    if (status === 400) throw carrierError(CarrierFailureType.REQUEST_REJECTED, 'FedEx rejected the tracking request', response);
    if (status === 403) throw carrierError(CarrierFailureType.AUTH_FAILED, 'FedEx refused this client access to tracking', response);
    if (status === 429) throw rateLimited('FedEx rate limit reached', response, this.now());
    if (status >= 500) throw carrierError(CarrierFailureType.UNAVAILABLE, 'FedEx tracking is unavailable', response);
    throw carrierError(CarrierFailureType.BAD_RESPONSE, 'FedEx tracking answered an unexpected status', response);
  }

  private interpretFound(batch: readonly string[], response: CarrierResponse): Map<string, TrackResult> {
    const parsed = fedexTrackResponseSchema.safeParse(response.json);
    if (!parsed.success) {
      const firstIssue = parsed.error.issues[0];
      const where = firstIssue ? ` at ${firstIssue.path.join('.') || '(root)'}: ${firstIssue.message}` : '';
      throw new CarrierError(CarrierFailureType.BAD_RESPONSE, `FedEx tracking answer does not match its contract${where}`, {
        httpStatus: response.status,
      });
    }
    const byNumber = new Map<string, FedexCompleteTrackResult>();
    for (const complete of parsed.data.output.completeTrackResults) byNumber.set(canonical(complete.trackingNumber), complete);
    const results = new Map<string, TrackResult>();
    for (const trackingNumber of batch) {
      const complete = byNumber.get(canonical(trackingNumber));
      if (!complete) {
        throw new CarrierError(CarrierFailureType.BAD_RESPONSE, `FedEx tracking answer has no result for ${trackingNumber}`, {
          httpStatus: response.status,
        });
      }
      // Per-number errors (TRACKING.TRACKINGNUMBER.NOTFOUND, or INVALID for a number FedEx cannot
      // read) concern that number only; the others in the call are still answered.
      const result = pickFedexTrackResult(complete.trackResults);
      results.set(trackingNumber, result ? { found: true, snapshot: normalizeFedexTrackResult(result, trackingNumber) } : { found: false });
    }
    return results;
  }

  private async fetchToken(): Promise<FetchedToken> {
    const response = await requestCarrier({
      url: `${this.baseUrl}/oauth/token`,
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      // FedEx takes the credentials in the form body, not as HTTP Basic.
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: this.options.clientId,
        client_secret: this.options.clientSecret,
      }).toString(),
      // No caller signal: the fetch is shared by every caller waiting for a token.
      timeoutMs: this.options.timeoutMs,
      metrics: callMetrics(this.options.metrics, this.carrier, 'token'),
      maxBytes: this.options.maxBytes,
    });
    const { status } = response;
    if (status === 200) {
      const parsed = fedexTokenResponseSchema.safeParse(response.json);
      if (!parsed.success) {
        throw new CarrierError(CarrierFailureType.BAD_RESPONSE, 'FedEx token answer does not match its contract', { httpStatus: status });
      }
      return {
        accessToken: parsed.data.access_token,
        expiresInMs: Math.min(parsed.data.expires_in * 1000, MAX_TOKEN_LIFETIME_MS),
      };
    }
    // 400 means the token request itself is malformed, which only configuration can fix, like 401.
    if (status === 400 || status === 401) {
      throw carrierError(CarrierFailureType.AUTH_FAILED, 'FedEx refused the client credentials', response);
    }
    // On the token endpoint 403 is FedEx's 10-minute block of an IP that asked too often: it passes.
    if (status === 403) {
      throw carrierError(CarrierFailureType.RATE_LIMITED, 'FedEx blocked token requests from this address', response, TOKEN_BLOCK_MS);
    }
    if (status === 429) throw rateLimited('FedEx token endpoint rate limit reached', response, this.now());
    if (status >= 500) throw carrierError(CarrierFailureType.UNAVAILABLE, 'FedEx token endpoint is unavailable', response);
    throw carrierError(CarrierFailureType.BAD_RESPONSE, 'FedEx token endpoint answered an unexpected status', response);
  }
}

/**
 * FedEx documents no Retry-After (one is honoured if it appears). Without it the wait follows from
 * FedEx's stated limits: the daily quota resets at 00:00 GMT, the rate limit when its 10 s window ends.
 */
function rateLimited(summary: string, response: CarrierResponse, now: number): CarrierError {
  const fromHeader = retryAfterMs(response.headers, now);
  const message = envelopeOf(response)?.message ?? '';
  const wait = fromHeader ?? (/quota/i.test(message) ? untilNextUtcMidnight(now) : RATE_WINDOW_MS);
  return carrierError(CarrierFailureType.RATE_LIMITED, summary, response, wait);
}

function untilNextUtcMidnight(now: number): number {
  const day = 24 * 60 * 60 * 1000;
  return (Math.floor(now / day) + 1) * day - now;
}

function envelopeOf(response: CarrierResponse): { code: string; message?: string } | undefined {
  const envelope = fedexErrorEnvelopeSchema.safeParse(response.json);
  return envelope.success ? envelope.data.errors[0] : undefined;
}

function carrierError(type: CarrierFailureType, summary: string, response: CarrierResponse, retryAfter?: number): CarrierError {
  const first = envelopeOf(response);
  const reason = first ? `: ${first.code}${first.message ? ` ${first.message}` : ''}` : '';
  return new CarrierError(type, `${summary} (HTTP ${response.status}${reason})`, {
    httpStatus: response.status,
    carrierCode: first?.code,
    ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }),
  });
}

function canonical(trackingNumber: string): string {
  return trackingNumber.replace(/\s+/g, '').toUpperCase();
}
