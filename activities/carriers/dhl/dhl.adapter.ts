import { Carrier } from '../../../workflows/shared/vocabulary';
import type { CarrierAdapter, TrackResult } from '../carrier-adapter';
import { CarrierError, CarrierFailureType } from '../carrier-errors';
import type { CarrierCallRecorder } from '../../activity-metrics';
import { callMetrics, type CarrierResponse, requestCarrier, retryAfterMs } from '../http';
import { normalizeDhlShipment } from './dhl.normalize';
import { type DhlShipment, dhlProblemSchema, dhlTrackResponseSchema } from './dhl.schemas';

/** The business units the `service` hint accepts (carriers.md §3.2). */
export const DHL_SERVICES = [
  'express',
  'parcel-de',
  'parcel-nl',
  'parcel-pl',
  'parcel-uk',
  'ecommerce',
  'ecommerce-europe',
  'ecommerce-apac',
  'ecommerce-iberia',
  'ecommerce-ppl',
  'freight',
  'dgf',
  'dsc',
  'post-de',
  'post-international',
  'sameday',
  'svb',
] as const;
export type DhlService = (typeof DHL_SERVICES)[number];

export interface DhlAdapterOptions {
  /** `https://api-eu.dhl.com` (production; DHL has no test environment for customers) or the sandbox. */
  baseUrl: string;
  /** The app's consumer key, sent as `DHL-API-Key`. */
  apiKey: string;
  timeoutMs: number;
  maxBytes?: number;
  now?: () => number;
  /** Without it DHL searches every business unit, and one number can match shipments in several. */
  service?: DhlService;
  /** ISO 3166-1 alpha-2; lets DHL pick the right source and wording. */
  requesterCountryCode?: string;
  originCountryCode?: string;
  /** Counts and times each HTTP call (src/metrics); absent, nothing is recorded. */
  metrics?: CarrierCallRecorder;
}

/**
 * DHL Shipment Tracking - Unified API (`GET /track/shipments`): one number per call, a static API
 * key and no OAuth, so there is no token to cache or refresh. A 401 therefore means the key itself
 * is refused, and calling again with the same key would only spend the 250 calls a day on
 * refusals: it fails at once and for good. The 1 call/second limit is kept by the worker's
 * task-queue rate limit (DHL_MAX_CALLS_PER_SECOND), not here.
 */
export class DhlAdapter implements CarrierAdapter {
  readonly carrier = Carrier.DHL;
  readonly maxBatchSize = 1;

  private readonly baseUrl: string;
  private readonly now: () => number;

  constructor(private readonly options: DhlAdapterOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.now = options.now ?? Date.now;
  }

  /** Numbers are tracked one call each; callers are expected to send one (maxBatchSize). */
  async track(trackingNumbers: readonly string[], options: { signal?: AbortSignal } = {}): Promise<Map<string, TrackResult>> {
    const results = new Map<string, TrackResult>();
    for (const trackingNumber of trackingNumbers) {
      const response = await this.requestShipments(trackingNumber, options.signal);
      results.set(trackingNumber, this.interpret(trackingNumber, response));
    }
    return results;
  }

  private requestShipments(trackingNumber: string, signal: AbortSignal | undefined): Promise<CarrierResponse> {
    const query = new URLSearchParams({ trackingNumber, language: 'en' });
    const { service, requesterCountryCode, originCountryCode } = this.options;
    if (service) query.set('service', service);
    if (requesterCountryCode) query.set('requesterCountryCode', requesterCountryCode);
    if (originCountryCode) query.set('originCountryCode', originCountryCode);
    return requestCarrier({
      url: `${this.baseUrl}/track/shipments?${query.toString()}`,
      headers: { accept: 'application/json', 'DHL-API-Key': this.options.apiKey },
      timeoutMs: this.options.timeoutMs,
      metrics: callMetrics(this.options.metrics, this.carrier, 'track'),
      maxBytes: this.options.maxBytes,
      signal,
    });
  }

  private interpret(trackingNumber: string, response: CarrierResponse): TrackResult {
    const { status } = response;
    if (status === 200) return this.interpretFound(trackingNumber, response);
    // DHL's "No result found" is a 404 problem; a 404 without one is a wrong URL, not an unknown parcel.
    if (status === 404 && dhlProblemSchema.safeParse(response.json).success) return { found: false };
    if (status === 400) throw carrierError(CarrierFailureType.REQUEST_REJECTED, 'DHL rejected the tracking request', response);
    if (status === 401 || status === 403) throw carrierError(CarrierFailureType.AUTH_FAILED, 'DHL refused the API key', response);
    if (status === 429) {
      // The same answer covers the per-second limit and the daily quota; only a Retry-After tells them apart.
      const retryAfter = retryAfterMs(response.headers, this.now());
      throw carrierError(CarrierFailureType.RATE_LIMITED, 'DHL rate limit or daily quota reached', response, retryAfter);
    }
    if (status >= 500) throw carrierError(CarrierFailureType.UNAVAILABLE, 'DHL tracking is unavailable', response);
    throw carrierError(CarrierFailureType.BAD_RESPONSE, 'DHL tracking answered an unexpected status', response);
  }

  private interpretFound(trackingNumber: string, response: CarrierResponse): TrackResult {
    const parsed = dhlTrackResponseSchema.safeParse(response.json);
    if (!parsed.success) {
      const firstIssue = parsed.error.issues[0];
      const where = firstIssue ? ` at ${firstIssue.path.join('.') || '(root)'}: ${firstIssue.message}` : '';
      throw new CarrierError(CarrierFailureType.BAD_RESPONSE, `DHL tracking answer does not match its contract${where}`, {
        httpStatus: response.status,
      });
    }
    const shipment = pickShipment(parsed.data.shipments, trackingNumber);
    // DHL says "not found" with a 404; an empty list says the same thing less formally.
    if (!shipment) return { found: false };
    return { found: true, snapshot: normalizeDhlShipment(shipment, trackingNumber) };
  }
}

/**
 * The shipment asked for. Without a `service` hint DHL can answer with shipments of several
 * business units, and may list a shipment found through one of its piece IDs (DHL KB), so the one
 * whose id or piece IDs match wins; otherwise DHL's first, since ids are sometimes reformatted.
 */
export function pickShipment(shipments: readonly DhlShipment[], trackingNumber: string): DhlShipment | undefined {
  const wanted = canonical(trackingNumber);
  return (
    shipments.find((shipment) => shipment.id !== undefined && canonical(shipment.id) === wanted) ??
    shipments.find((shipment) => (shipment.details?.pieceIds ?? []).some((id) => id !== undefined && canonical(id) === wanted)) ??
    shipments[0]
  );
}

function canonical(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

function carrierError(type: CarrierFailureType, summary: string, response: CarrierResponse, retryAfter?: number): CarrierError {
  const problem = dhlProblemSchema.safeParse(response.json);
  const reason = problem.success ? [problem.data.title, problem.data.detail].filter(Boolean).join(': ') : '';
  return new CarrierError(type, `${summary} (HTTP ${response.status}${reason ? `: ${reason}` : ''})`, {
    httpStatus: response.status,
    ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }),
  });
}
