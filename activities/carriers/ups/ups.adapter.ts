import { randomBytes } from 'node:crypto';
import { Carrier } from '../../../workflows/shared/vocabulary';
import type { CarrierAdapter, TrackResult } from '../carrier-adapter';
import { CarrierError, CarrierFailureType } from '../carrier-errors';
import type { CarrierCallRecorder } from '../../activity-metrics';
import { callMetrics, type CarrierResponse, requestCarrier, retryAfterMs } from '../http';
import { type FetchedToken, TokenCache } from '../oauth-token-cache';
import { normalizeUpsPackage } from './ups.normalize';
import { type UpsPackage, upsErrorEnvelopeSchema, upsTokenResponseSchema, upsTrackResponseSchema } from './ups.schemas';

export interface UpsAdapterOptions {
  /** `https://onlinetools.ups.com` (production), `https://wwwcie.ups.com` (CIE) or the sandbox. */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Sent as `transactionSrc` on every call: names Waybill to UPS support. */
  transactionSrc: string;
  /** Per HTTP call, token calls included. */
  timeoutMs: number;
  maxBytes?: number;
  now?: () => number;
  /** Minimum time between token requests; see TokenCache. Default 5 s. */
  tokenMinFetchIntervalMs?: number;
  /** Counts and times each HTTP call (src/metrics); absent, nothing is recorded. */
  metrics?: CarrierCallRecorder;
}

/** "Tracking Information Not Found": how UPS really says it does not know a number (HTTP 200). */
const NOT_FOUND_WARNING = 'TW0001';
/** UPS tokens live about 4 h; a much longer claimed lifetime is not believed. */
const MAX_TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** UPS Track API (`GET /api/track/v1/details/{inquiryNumber}`): one number per call, OAuth bearer token. */
export class UpsAdapter implements CarrierAdapter {
  readonly carrier = Carrier.UPS;
  readonly maxBatchSize = 1;

  private readonly baseUrl: string;
  private readonly tokens: TokenCache;
  private readonly now: () => number;

  constructor(private readonly options: UpsAdapterOptions) {
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
        throw carrierError(CarrierFailureType.AUTH_FAILED, 'UPS refused a freshly issued token', response);
      }
    }
    return this.interpretDetails(trackingNumber, response);
  }

  private requestDetails(trackingNumber: string, token: string, signal: AbortSignal | undefined): Promise<CarrierResponse> {
    const query = 'locale=en_US&returnSignature=false&returnMilestones=false&returnPOD=false';
    return requestCarrier({
      url: `${this.baseUrl}/api/track/v1/details/${encodeURIComponent(trackingNumber)}?${query}`,
      headers: {
        accept: 'application/json',
        authorization: `Bearer ${token}`,
        // Unique per request so UPS support can find the call; 32 hex characters fits every limit seen.
        transId: randomBytes(16).toString('hex'),
        transactionSrc: this.options.transactionSrc,
      },
      timeoutMs: this.options.timeoutMs,
      metrics: callMetrics(this.options.metrics, this.carrier, 'track'),
      maxBytes: this.options.maxBytes,
      signal,
    });
  }

  private interpretDetails(trackingNumber: string, response: CarrierResponse): TrackResult {
    const { status } = response;
    if (status === 200) return this.interpretFound(trackingNumber, response);
    // The spec documents 404 for unknown numbers (live servers answer 200 + TW0001). A 404 without
    // UPS's error envelope is a wrong URL, not an unknown parcel, and must not look like one.
    if (status === 404 && upsErrorEnvelopeSchema.safeParse(response.json).success) return { found: false };
    if (status === 400) throw carrierError(CarrierFailureType.REQUEST_REJECTED, 'UPS rejected the tracking request', response);
    if (status === 403) throw carrierError(CarrierFailureType.AUTH_FAILED, 'UPS blocked this client', response);
    if (status === 429) throw rateLimited(response, this.now());
    if (status >= 500) throw carrierError(CarrierFailureType.UNAVAILABLE, 'UPS tracking is unavailable', response);
    throw carrierError(CarrierFailureType.BAD_RESPONSE, 'UPS tracking answered an unexpected status', response);
  }

  private interpretFound(trackingNumber: string, response: CarrierResponse): TrackResult {
    const parsed = upsTrackResponseSchema.safeParse(response.json);
    if (!parsed.success) {
      const firstIssue = parsed.error.issues[0];
      const where = firstIssue ? ` at ${firstIssue.path.join('.') || '(root)'}: ${firstIssue.message}` : '';
      throw new CarrierError(CarrierFailureType.BAD_RESPONSE, `UPS tracking answer does not match its contract${where}`, {
        httpStatus: response.status,
      });
    }
    const shipments = parsed.data.trackResponse.shipment;
    const pkg = pickPackage(shipments.flatMap((shipment) => shipment.package ?? []), trackingNumber);
    if (pkg) return { found: true, snapshot: normalizeUpsPackage(pkg, trackingNumber) };
    const warnings = shipments.flatMap((shipment) => shipment.warnings ?? []);
    if (warnings.some((warning) => warning.code === NOT_FOUND_WARNING)) return { found: false };
    const codes = warnings.map((warning) => warning.code).join(', ') || 'none';
    throw new CarrierError(CarrierFailureType.BAD_RESPONSE, `UPS tracking answer has no package (warnings: ${codes})`, {
      httpStatus: response.status,
      carrierCode: warnings[0]?.code,
    });
  }

  private async fetchToken(): Promise<FetchedToken> {
    const credentials = Buffer.from(`${this.options.clientId}:${this.options.clientSecret}`).toString('base64');
    const response = await requestCarrier({
      url: `${this.baseUrl}/security/v1/oauth/token`,
      method: 'POST',
      headers: {
        accept: 'application/json',
        authorization: `Basic ${credentials}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'client_credentials' }).toString(),
      // No caller signal: the fetch is shared by every caller waiting for a token.
      timeoutMs: this.options.timeoutMs,
      metrics: callMetrics(this.options.metrics, this.carrier, 'token'),
      maxBytes: this.options.maxBytes,
    });
    const { status } = response;
    if (status === 200) {
      const parsed = upsTokenResponseSchema.safeParse(response.json);
      if (!parsed.success) {
        throw new CarrierError(CarrierFailureType.BAD_RESPONSE, 'UPS token answer does not match its contract', {
          httpStatus: status,
        });
      }
      return {
        accessToken: parsed.data.access_token,
        expiresInMs: Math.min(parsed.data.expires_in * 1000, MAX_TOKEN_LIFETIME_MS),
      };
    }
    // 400 means the token request itself is malformed, which only configuration can fix, like 401/403.
    if (status === 400 || status === 401 || status === 403) {
      throw carrierError(CarrierFailureType.AUTH_FAILED, 'UPS refused the client credentials', response);
    }
    if (status === 429) throw rateLimited(response, this.now());
    if (status >= 500) throw carrierError(CarrierFailureType.UNAVAILABLE, 'UPS token endpoint is unavailable', response);
    throw carrierError(CarrierFailureType.BAD_RESPONSE, 'UPS token endpoint answered an unexpected status', response);
  }
}

/** The package asked for; a multi-piece shipment can list several. */
function pickPackage(packages: UpsPackage[], trackingNumber: string): UpsPackage | undefined {
  const wanted = trackingNumber.replace(/\s+/g, '').toUpperCase();
  return packages.find((pkg) => pkg.trackingNumber?.replace(/\s+/g, '').toUpperCase() === wanted) ?? packages[0];
}

/** UPS sends no Retry-After with its 429s (api-documentation#8), but one is honoured if it appears. */
function rateLimited(response: CarrierResponse, now: number): CarrierError {
  return carrierError(CarrierFailureType.RATE_LIMITED, 'UPS rate limit reached', response, retryAfterMs(response.headers, now));
}

function carrierError(type: CarrierFailureType, summary: string, response: CarrierResponse, retryAfter?: number): CarrierError {
  const envelope = upsErrorEnvelopeSchema.safeParse(response.json);
  const first = envelope.success ? envelope.data.response.errors[0] : undefined;
  const reason = first ? `: ${first.code}${first.message ? ` ${first.message}` : ''}` : '';
  return new CarrierError(type, `${summary} (HTTP ${response.status}${reason})`, {
    httpStatus: response.status,
    carrierCode: first?.code,
    ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }),
  });
}
