import type { ExecutionContext } from '@nestjs/common';
import { normalizeIp, type ThrottlerModuleOptions } from '@nestjs/throttler';
import type { Request } from 'express';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import type { RateLimitPolicy, RateLimits } from '../config/security-config';

/** Whose requests share a budget: one client IP, one API key, or one API key acting on one order. */
type Bucket = 'ip' | 'key' | 'keyAndOrder';

export interface RateLimitRule {
  policy: RateLimitPolicy;
  method?: string;
  /** Matched against the route's pattern (`/v1/track/:token`), not the raw URL, so encodings cannot dodge it. */
  route: RegExp;
  per: Bucket;
}

/**
 * Which routes are limited, in one place. Routes are matched by pattern, so a new route under a
 * limited prefix (the tracking page's `/t/...`, a customer route under `/v1/track/...`) is limited
 * without anyone remembering to decorate it. Everything else has no limit: it needs an API key,
 * and the platform's volume is the platform's business.
 */
export const RATE_LIMIT_RULES: readonly RateLimitRule[] = [
  { policy: 'public', route: /^\/t(\/|$)/, per: 'ip' },
  { policy: 'public', route: /^\/v1\/track(\/|$)/, per: 'ip' },
  { policy: 'public', route: /^\/v1\/unsubscribe(\/|$)/, per: 'ip' },
  // Signing in to the dashboard with a key: no guessing a 256-bit key, but each try is a key lookup.
  { policy: 'public', method: 'POST', route: /^\/admin\/login$/, per: 'ip' },
  { policy: 'webhooks', route: /^\/v1\/webhooks(\/|$)/, per: 'ip' },
  { policy: 'customerTokens', method: 'POST', route: /^\/v1\/orders\/:[^/]+\/customer-token$/, per: 'key' },
  // The API's actions and the dashboard's buttons for them share one budget per key (or signed-in key) and order.
  { policy: 'resend', method: 'POST', route: /^\/(v1|admin)\/orders\/:[^/]+\/notifications\/resend$/, per: 'keyAndOrder' },
  { policy: 'refresh', method: 'POST', route: /^\/(v1|admin)\/orders\/:[^/]+\/shipments\/:[^/]+\/refresh$/, per: 'keyAndOrder' },
];

type LimitedRequest = AuthenticatedRequest & { route?: { path?: unknown } };

const routeOf = (request: Request): string => {
  const pattern = (request as LimitedRequest).route?.path;
  return typeof pattern === 'string' ? pattern : request.path;
};

export function rateLimitRuleFor(request: Request): RateLimitRule | undefined {
  const route = routeOf(request);
  return RATE_LIMIT_RULES.find((rule) => (!rule.method || rule.method === request.method) && rule.route.test(route));
}

/** `req.ip` honours TRUST_PROXY; IPv6 clients count per /64, which is what one subscriber gets. */
const clientIp = (request: Request): string => `ip:${request.ip ? normalizeIp(request.ip) : 'unknown'}`;

function bucketOf(request: LimitedRequest, per: Bucket): string {
  // Authenticated routes run after ApiKeyGuard, so the principal is known; the IP is only a fallback.
  const key = request.principal ? `key:${request.principal.keyId}` : clientIp(request);
  if (per === 'ip') return clientIp(request);
  if (per === 'key') return key;
  const orderId: unknown = request.params?.orderId;
  return `${key}|order:${typeof orderId === 'string' ? orderId : ''}`;
}

const requestOf = (context: ExecutionContext): LimitedRequest => context.switchToHttp().getRequest<LimitedRequest>();

/**
 * @nestjs/throttler options for RATE_LIMIT_RULES: one throttler whose limit and window follow the
 * route's policy, and routes without a rule skipped. Counters live in each replica's memory
 * (docs/decisions.md), so with N replicas a client gets up to N times the limit. Over the limit:
 * 429 with `Retry-After` (seconds).
 */
export function rateLimitOptions(limits: RateLimits): ThrottlerModuleOptions {
  const policyOf = (context: ExecutionContext): RateLimitPolicy => {
    const rule = rateLimitRuleFor(requestOf(context));
    if (!rule) throw new Error('A route without a rate-limit rule was not skipped');
    return rule.policy;
  };
  return {
    throttlers: [{ name: 'default', limit: (context) => limits[policyOf(context)].limit, ttl: (context) => limits[policyOf(context)].windowMs }],
    skipIf: (context) => context.getType() !== 'http' || rateLimitRuleFor(requestOf(context)) === undefined,
    getTracker: (request) => {
      const rule = rateLimitRuleFor(request as Request);
      return bucketOf(request as LimitedRequest, rule?.per ?? 'ip');
    },
    // One budget per policy and bucket, shared by the policy's routes (the tracking page and its event stream, say).
    generateKey: (context, tracker) => `${policyOf(context)}:${tracker}`,
    errorMessage: (_context, { limit, ttl, timeToBlockExpire }) =>
      `Too many requests: at most ${limit} in ${Math.round(ttl / 1000)} s. Retry after ${timeToBlockExpire} s.`,
  };
}
