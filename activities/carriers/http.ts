import type { Carrier } from '../../workflows/shared/vocabulary';
import type { CarrierCallOutcome, CarrierCallRecorder, CarrierEndpoint } from '../activity-metrics';
import { CarrierError, CarrierFailureType } from './carrier-errors';

export { retryAfterMs } from '../http/retry-after';

/** Carrier answers are small JSON documents; anything far bigger is broken or hostile. */
export const DEFAULT_MAX_RESPONSE_BYTES = 2 * 1024 * 1024;

export interface CarrierRequest {
  url: string;
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
  /** Covers the whole exchange: connecting, waiting for headers and reading the body. */
  timeoutMs: number;
  maxBytes?: number;
  /** The caller's cancellation (e.g. Temporal's `cancellationSignal()`); its abort is rethrown as is. */
  signal?: AbortSignal;
  /** Who is called, for metrics: carrier and endpoint only, never the URL (it holds tracking numbers). */
  metrics?: CarrierCallMetrics;
}

export interface CarrierCallMetrics {
  recorder: CarrierCallRecorder;
  carrier: Carrier;
  endpoint: CarrierEndpoint;
}

/** An adapter's metrics for one endpoint, or none when it was built without a recorder. */
export function callMetrics(recorder: CarrierCallRecorder | undefined, carrier: Carrier, endpoint: CarrierEndpoint): CarrierCallMetrics | undefined {
  return recorder && { recorder, carrier, endpoint };
}

export interface CarrierResponse {
  status: number;
  headers: Headers;
  /** The parsed body; `undefined` when the body is empty, or is not JSON on an error status (see below). */
  json: unknown;
}

/**
 * Performs one carrier HTTP call and parses the JSON answer. HTTP statuses are left to the adapter,
 * which knows its carrier's quirks; this helper only turns transport problems into `CarrierError`s:
 * timeouts and network failures become UNAVAILABLE, oversized or unparseable bodies BAD_RESPONSE.
 *
 * A non-JSON body is an error only where JSON is expected: on a 2xx, or when the content type
 * claims JSON. Gateways put HTML pages on their 502s and 503s, and those must still reach the
 * adapter as statuses, not as parse failures.
 *
 * With `metrics`, every call is also counted by carrier, endpoint and outcome, and timed.
 */
export async function requestCarrier(request: CarrierRequest): Promise<CarrierResponse> {
  if (!request.metrics) return exchange(request);
  const { recorder, carrier, endpoint } = request.metrics;
  const startedAt = performance.now();
  const done = (outcome: CarrierCallOutcome) => recorder.carrierCall({ carrier, endpoint, outcome, durationMs: performance.now() - startedAt });
  try {
    const response = await exchange(request);
    done(outcomeOfStatus(response.status));
    return response;
  } catch (err) {
    done(outcomeOfFailure(err, request));
    throw err;
  }
}

/** Statuses first: a 429 or a 503 counts as such even when its body was unreadable too. */
function outcomeOfStatus(status: number): CarrierCallOutcome {
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server_error';
  if (status >= 400) return 'client_error';
  if (status >= 300) return 'redirect';
  return 'ok';
}

function outcomeOfFailure(err: unknown, request: CarrierRequest): CarrierCallOutcome {
  if (request.signal?.aborted) return 'cancelled';
  if (!(err instanceof CarrierError)) return 'network_error';
  const status = err.details.httpStatus;
  if (status !== undefined && (status < 200 || status >= 300)) return outcomeOfStatus(status);
  if (err.type === CarrierFailureType.BAD_RESPONSE) return 'bad_response';
  return TIMED_OUT.has(err) ? 'timeout' : 'network_error';
}

/** The errors `exchange` made for a call its own timeout ended, told apart without parsing messages. */
const TIMED_OUT = new WeakSet<CarrierError>();

async function exchange(request: CarrierRequest): Promise<CarrierResponse> {
  const timeoutSignal = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeoutSignal]) : timeoutSignal;
  const target = describeTarget(request);
  try {
    const response = await fetch(request.url, {
      method: request.method ?? 'GET',
      headers: request.headers,
      body: request.body,
      signal,
      // A redirect would carry credentials somewhere the adapter never chose; adapters see the 3xx instead.
      redirect: 'manual',
    });
    const text = await readBoundedText(response, request.maxBytes ?? DEFAULT_MAX_RESPONSE_BYTES, target);
    return { status: response.status, headers: response.headers, json: parseBody(text, response, target) };
  } catch (err) {
    // Temporal cancels through the caller's signal and expects its own failure back, untouched.
    if (request.signal?.aborted) throw err;
    if (err instanceof CarrierError) throw err;
    if (timeoutSignal.aborted) {
      const timedOut = new CarrierError(CarrierFailureType.UNAVAILABLE, `${target} timed out after ${request.timeoutMs} ms`);
      TIMED_OUT.add(timedOut);
      throw timedOut;
    }
    throw new CarrierError(CarrierFailureType.UNAVAILABLE, `${target} failed: ${describeNetworkError(err)}`);
  }
}

async function readBoundedText(response: Response, maxBytes: number, target: string): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw oversized(target, response.status, maxBytes);
  }
  if (!response.body) return '';
  // Content-Length can be absent (chunked) or lie, so the limit is enforced on what actually arrives.
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      await reader.cancel();
      throw oversized(target, response.status, maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(text: string, response: Response, target: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    const contentType = response.headers.get('content-type') ?? '';
    const jsonExpected = response.ok || /[/+]json\b/i.test(contentType);
    if (!jsonExpected) return undefined;
    throw new CarrierError(CarrierFailureType.BAD_RESPONSE, `${target} answered ${response.status} with a body that is not JSON`, {
      httpStatus: response.status,
    });
  }
}

function oversized(target: string, status: number, maxBytes: number): CarrierError {
  return new CarrierError(CarrierFailureType.BAD_RESPONSE, `${target} answered with a body larger than ${maxBytes} bytes`, {
    httpStatus: status,
  });
}

/** Method, host and path only: query strings and headers may carry credentials. */
function describeTarget(request: CarrierRequest): string {
  const method = request.method ?? 'GET';
  try {
    const url = new URL(request.url);
    return `${method} ${url.host}${url.pathname}`;
  } catch {
    return `${method} (invalid URL)`;
  }
}

function describeNetworkError(err: unknown): string {
  // undici reports "fetch failed" and puts the useful part (ECONNREFUSED, ENOTFOUND, …) in `cause`.
  // Duck-typed: errors from fetch may come from another realm, where instanceof Error is false.
  const cause = typeof err === 'object' && err !== null && 'cause' in err ? err.cause : undefined;
  return cause === undefined ? messageOf(err) : `${messageOf(err)} (${messageOf(cause)})`;
}

function messageOf(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'message' in err && typeof err.message === 'string') return err.message;
  return String(err);
}
