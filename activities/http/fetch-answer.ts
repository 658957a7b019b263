export interface HttpCall {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /** Covers connecting, waiting for the answer and reading it. */
  timeoutMs: number;
  /** The caller's cancellation (Temporal's `cancellationSignal()`); its abort is rethrown as is. */
  signal?: AbortSignal;
  /** Only the status and headers count: the body is discarded unread. */
  discardBody?: boolean;
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  /** The body as JSON; undefined when it is empty, not JSON, or discarded. */
  json: unknown;
}

/**
 * One call of a provider's HTTP API. Every status comes back for the client to classify with its
 * own table; only a call that got no answer fails, with the client's own retryable error built by
 * `unreachable` from why ("timed out after … ms", "failed before an answer arrived").
 */
export async function fetchAnswer(call: HttpCall, unreachable: (why: string) => Error): Promise<HttpAnswer> {
  const timeout = AbortSignal.timeout(call.timeoutMs);
  try {
    const response = await fetch(call.url, {
      method: call.method,
      headers: call.headers,
      body: call.body,
      signal: call.signal ? AbortSignal.any([call.signal, timeout]) : timeout,
      // A redirect would carry credentials or a signed body somewhere nobody chose; the client sees the 3xx.
      redirect: 'manual',
    });
    if (call.discardBody) {
      await response.body?.cancel();
      return { status: response.status, headers: response.headers, json: undefined };
    }
    const text = await response.text();
    return { status: response.status, headers: response.headers, json: parseJson(text) };
  } catch (err) {
    // Temporal cancels through the caller's signal and expects its own failure back, untouched.
    if (call.signal?.aborted) throw err;
    // No `cause`: it would end up in workflow history; what matters is that the outcome is unknown.
    throw unreachable(timeout.aborted ? `timed out after ${call.timeoutMs} ms` : 'failed before an answer arrived');
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
