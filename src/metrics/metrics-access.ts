import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Who may read `/metrics`: `open` to anyone who reaches the port, `token` to a scraper sending
 * `Authorization: Bearer <METRICS_TOKEN>`, `off` to nobody (the route answers 404, as if absent).
 */
export type MetricsAccess = { kind: 'open' } | { kind: 'token'; token: string } | { kind: 'off' };

/**
 * The API's rule (docs/observability.md): with METRICS_TOKEN set, the token is required everywhere;
 * without it, metrics are open outside production and off in production, where the API faces the
 * internet and its counts (carrier failures, notification volumes) are nobody else's business.
 */
export function apiMetricsAccess(env: 'development' | 'test' | 'production', token: string | undefined): MetricsAccess {
  if (token) return { kind: 'token', token };
  return env === 'production' ? { kind: 'off' } : { kind: 'open' };
}

/**
 * The worker's rule: its port is internal (not published, not behind the API's ingress), so it is
 * open unless METRICS_TOKEN is set, in which case `/metrics` needs it as on the API. `/health` is
 * always open: orchestrators' probes carry no credentials.
 */
export function workerMetricsAccess(token: string | undefined): MetricsAccess {
  return token ? { kind: 'token', token } : { kind: 'open' };
}

export type AccessDecision = 'allowed' | 'unauthorized' | 'not_found';

/** Decides a scrape from its Authorization header; the token is compared in constant time. */
export function decideMetricsAccess(access: MetricsAccess, authorization: string | undefined): AccessDecision {
  if (access.kind === 'open') return 'allowed';
  if (access.kind === 'off') return 'not_found';
  const presented = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (presented === undefined) return 'unauthorized';
  // Digests first: equal lengths for timingSafeEqual, and nothing about the token's length leaks.
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(access.token)) ? 'allowed' : 'unauthorized';
}
