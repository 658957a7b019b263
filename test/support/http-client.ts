/** A small JSON-over-HTTP client for end-to-end tests: real requests, no framework in between. */
export interface HttpResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export function httpClient(baseUrl: string) {
  const call = async <T = any>(method: string, path: string, options: { key?: string; json?: unknown; rawBody?: string; contentType?: string } = {}): Promise<HttpResult<T>> => {
    const headers: Record<string, string> = {};
    if (options.key) headers.authorization = `Bearer ${options.key}`;
    let body: string | undefined;
    if (options.rawBody !== undefined) {
      body = options.rawBody;
      headers['content-type'] = options.contentType ?? 'application/json';
    } else if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] = 'application/json';
    }
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON: keep the text.
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  };
  return {
    get: <T = any>(path: string, key?: string) => call<T>('GET', path, { key }),
    post: <T = any>(path: string, json?: unknown, key?: string) => call<T>('POST', path, { key, json }),
    patch: <T = any>(path: string, json?: unknown, key?: string) => call<T>('PATCH', path, { key, json }),
    put: <T = any>(path: string, json?: unknown, key?: string) => call<T>('PUT', path, { key, json }),
    raw: call,
  };
}

/** Polls until the check returns a value, or fails with the last value seen. */
export async function waitUntil<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number, intervalMs = 500): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
