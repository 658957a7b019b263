import { Carrier } from '../../../workflows/shared/vocabulary';
import type { CarrierAdapter, TrackResult } from '../carrier-adapter';
import { CarrierError, CarrierFailureType } from '../carrier-errors';
import type { CarrierCallRecorder } from '../../activity-metrics';
import { callMetrics, type CarrierResponse, requestCarrier, retryAfterMs } from '../http';
import { type FetchedToken, TokenCache } from '../oauth-token-cache';
import { normalizeUspsTracking } from './usps.normalize';
import { uspsErrorMessageSchema, uspsOAuthErrorSchema, uspsTokenResponseSchema, uspsTrackingDetailsSchema } from './usps.schemas';

export interface UspsAdapterOptions {
  /** `https://apis.usps.com` (production), `https://apis-tem.usps.com` (test) or the sandbox. */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Per HTTP call, token calls included. */
  timeoutMs: number;
  maxBytes?: number;
  now?: () => number;
  /** Minimum time between token requests; see TokenCache. Default 5 s. */
  tokenMinFetchIntervalMs?: number;
  /** Counts and times each HTTP call (src/metrics); absent, nothing is recorded. */
  metrics?: CarrierCallRecorder;
}

/** The OAuth scope tracking calls need; a token without it is refused with 401 (USPS/api-examples#56). */
export const USPS_TRACKING_SCOPE = 'tracking';
/** USPS tokens live 28799 s; a much longer claimed lifetime is not believed. */
const MAX_TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;

/**
 * USPS Tracking v3 (`GET /tracking/v3/tracking/{trackingNumber}?expand=DETAIL`): one number per
 * call, OAuth bearer token. Every call, token calls included, counts against USPS's hourly quota,
 * so the token is cached for its whole lifetime and refreshed at most once per refusal.
 */
export class UspsAdapter implements CarrierAdapter {
  readonly carrier = Carrier.USPS;
  readonly maxBatchSize = 1;

  private readonly baseUrl: string;
  private readonly tokens: TokenCache;
  private readonly now: () => number;

  constructor(private readonly options: UspsAdapterOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.now = options.now ?? Date.now;
    this.tokens = new TokenCache({
      fetchToken: () => this.fetchToken(),
      minFetchIntervalMs: options.tokenMinFetchIntervalMs,
      now: this.now,
    });
  }

  /** Numbers are tracked one call each; callers are expected to send one (maxBatchSize). */
  async track(trackingNumbers: readonly string[], options: { signal?: AbortSignal } = {}): Promise<Map<string, TrackResult>> {
    const results = new Map<string, TrackResult>();
    for (const trackingNumber of trackingNumbers) {
      results.set(trackingNumber, await this.trackOne(trackingNumber, options.signal));
    }
    return results;
  }

  private async trackOne(trackingNumber: string, signal: AbortSignal | undefined): Promise<TrackResult> {
    let token = await this.tokens.get();
    let response = await this.requestDetails(trackingNumber, token, signal);
    if (response.status === 401) {
      // Tokens can be revoked before they expire; one fresh token settles whether the credentials are at fault.
      this.tokens.invalidate(token);
      token = await this.tokens.get();
      response = await this.requestDetails(trackingNumber, token, signal);
      if (response.status === 401) {
        throw carrierError(CarrierFailureType.AUTH_FAILED, 'USPS refused a freshly issued token', response);
      }
    }
    return this.interpretDetails(trackingNumber, response);
  }

  private requestDetails(trackingNumber: string, token: string, signal: AbortSignal | undefined): Promise<CarrierResponse> {
    return requestCarrier({
      url: `${this.baseUrl}/tracking/v3/tracking/${encodeURIComponent(trackingNumber)}?expand=DETAIL`,
      headers: { accept: 'application/json', authorization: `Bearer ${token}` },
      timeoutMs: this.options.timeoutMs,
      metrics: callMetrics(this.options.metrics, this.carrier, 'track'),
      maxBytes: this.options.maxBytes,
      signal,
    });
  }

  private interpretDetails(trackingNumber: string, response: CarrierResponse): TrackResult {
    const { status } = response;
    if (status === 200) return this.interpretFound(trackingNumber, response);
    // USPS answers an unknown number with 404 and its error envelope. A 404 without the envelope is
    // a wrong URL, not an unknown parcel, and must not look like one.
    if (status === 404 && uspsErrorMessageSchema.safeParse(response.json).success) return { found: false };
    if (status === 400) throw carrierError(CarrierFailureType.REQUEST_REJECTED, 'USPS rejected the tracking request', response);
    if (status === 403) throw carrierError(CarrierFailureType.AUTH_FAILED, 'USPS does not allow this app to track', response);
    if (status === 429) throw rateLimited(response, this.now());
    if (status >= 500) throw unavailable('USPS tracking is unavailable', response, this.now());
    throw carrierError(CarrierFailureType.BAD_RESPONSE, 'USPS tracking answered an unexpected status', response);
  }

  private interpretFound(trackingNumber: string, response: CarrierResponse): TrackResult {
    const parsed = uspsTrackingDetailsSchema.safeParse(response.json);
    if (!parsed.success) {
      const firstIssue = parsed.error.issues[0];
      const where = firstIssue ? ` at ${firstIssue.path.join('.') || '(root)'}: ${firstIssue.message}` : '';
      throw new CarrierError(CarrierFailureType.BAD_RESPONSE, `USPS tracking answer does not match its contract${where}`, {
        httpStatus: response.status,
      });
    }
    const details = parsed.data;
    // A SUMMARY answer (expand ignored) parses too, but says nothing the snapshot could use.
    if (!details.trackingEvents && !details.statusCategory) {
      throw new CarrierError(CarrierFailureType.BAD_RESPONSE, 'USPS tracking answer has neither events nor a status category', {
        httpStatus: response.status,
      });
    }
    return { found: true, snapshot: normalizeUspsTracking(details, trackingNumber) };
  }

  private async fetchToken(): Promise<FetchedToken> {
    const response = await requestCarrier({
      url: `${this.baseUrl}/oauth2/v3/token`,
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      // JSON, as USPS's examples send it; asking for the tracking scope alone keeps the token least-privileged.
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: this.options.clientId,
        client_secret: this.options.clientSecret,
        scope: USPS_TRACKING_SCOPE,
      }),
      // No caller signal: the fetch is shared by every caller waiting for a token.
      timeoutMs: this.options.timeoutMs,
      metrics: callMetrics(this.options.metrics, this.carrier, 'token'),
      maxBytes: this.options.maxBytes,
    });
    const { status } = response;
    if (status === 200) return this.interpretToken(response);
    // 400 means the token request itself is malformed, which only configuration can fix, like 401/403.
    if (status === 400 || status === 401 || status === 403) {
      throw carrierError(CarrierFailureType.AUTH_FAILED, 'USPS refused the client credentials', response);
    }
    if (status === 429) throw rateLimited(response, this.now());
    if (status >= 500) throw unavailable('USPS token endpoint is unavailable', response, this.now());
    throw carrierError(CarrierFailureType.BAD_RESPONSE, 'USPS token endpoint answered an unexpected status', response);
  }

  private interpretToken(response: CarrierResponse): FetchedToken {
    const parsed = uspsTokenResponseSchema.safeParse(response.json);
    if (!parsed.success) {
      throw new CarrierError(CarrierFailureType.BAD_RESPONSE, 'USPS token answer does not match its contract', {
        httpStatus: response.status,
      });
    }
    const scopes = parsed.data.scope?.split(/\s+/);
    // Every tracking call with this token would be a 401 that spends quota; the app lacks the product.
    if (scopes && !scopes.includes(USPS_TRACKING_SCOPE)) {
      throw new CarrierError(
        CarrierFailureType.AUTH_FAILED,
        `USPS issued a token without the tracking scope (scope: ${parsed.data.scope}); the app needs the Tracking API product`,
        { httpStatus: response.status },
      );
    }
    return {
      accessToken: parsed.data.access_token,
      expiresInMs: Math.min(parsed.data.expires_in * 1000, MAX_TOKEN_LIFETIME_MS),
    };
  }
}

/** USPS sends Retry-After with its 429s (the OpenAPI `RetryAfter` header); a missing one leaves the retry policy in charge. */
function rateLimited(response: CarrierResponse, now: number): CarrierError {
  return carrierError(CarrierFailureType.RATE_LIMITED, 'USPS quota or rate limit reached', response, retryAfterMs(response.headers, now));
}

/** The OpenAPI documents Retry-After on 503 too; honouring it spares a retry that would fail. */
function unavailable(summary: string, response: CarrierResponse, now: number): CarrierError {
  return carrierError(CarrierFailureType.UNAVAILABLE, summary, response, retryAfterMs(response.headers, now));
}

function carrierError(type: CarrierFailureType, summary: string, response: CarrierResponse, retryAfter?: number): CarrierError {
  const { code, message } = describeError(response.json);
  const reason = code || message ? `: ${[code, message].filter(Boolean).join(' ')}` : '';
  return new CarrierError(type, `${summary} (HTTP ${response.status}${reason})`, {
    httpStatus: response.status,
    carrierCode: code,
    ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }),
  });
}

/** The most specific code and message of either USPS error shape: the OpenAPI envelope or RFC 6749. */
function describeError(json: unknown): { code?: string; message?: string } {
  const envelope = uspsErrorMessageSchema.safeParse(json);
  if (envelope.success) {
    const { error } = envelope.data;
    const first = error.errors?.[0];
    const topCode = error.code === null || error.code === undefined ? undefined : String(error.code);
    return { code: first?.code ?? first?.title ?? topCode, message: error.message ?? first?.detail };
  }
  const oauth = uspsOAuthErrorSchema.safeParse(json);
  if (oauth.success) return { code: oauth.data.error, message: oauth.data.error_description };
  return {};
}
