import { isIP } from 'node:net';
import { z } from 'zod';

/** The request limits the API applies (docs/api-security.md), each `limit` requests per `windowMs`. */
export const RATE_LIMIT_POLICIES = ['public', 'webhooks', 'customerTokens', 'resend', 'refresh'] as const;
export type RateLimitPolicy = (typeof RATE_LIMIT_POLICIES)[number];

export interface RateLimit {
  limit: number;
  windowMs: number;
}

export type RateLimits = Record<RateLimitPolicy, RateLimit>;

/**
 * Per client IP for what anyone on the internet can reach (tracking pages, customer routes,
 * unsubscribe links), generous for carrier pushes, per API key for token issuance, and tight per
 * key and order for resending a customer's notification (each one is an email or SMS someone pays
 * for and the customer receives) and for asking a carrier now (each one spends the carrier budget
 * every parcel shares).
 */
export const RATE_LIMIT_DEFAULTS: Readonly<Record<RateLimitPolicy, string>> = {
  public: '120/1m',
  webhooks: '1200/1m',
  customerTokens: '600/1m',
  resend: '5/1h',
  refresh: '10/1h',
};

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;

/** `120/1m`: at most 120 requests in any one-minute window. Windows from 1 s to 24 h. */
export const RateLimitSpec = z
  .string()
  .trim()
  .regex(/^\d{1,7}\/\d{1,5}(ms|s|m|h)$/, 'must be LIMIT/WINDOW, e.g. 120/1m (window in ms, s, m or h)')
  .transform((spec, ctx): RateLimit => {
    const [, limit, amount, unit] = /^(\d+)\/(\d+)(ms|s|m|h)$/.exec(spec) as RegExpExecArray;
    const windowMs = Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
    if (Number(limit) < 1) ctx.addIssue({ code: 'custom', message: 'the limit must be at least 1' });
    if (windowMs < 1_000 || windowMs > 24 * 3_600_000) ctx.addIssue({ code: 'custom', message: 'the window must be between 1s and 24h' });
    return { limit: Number(limit), windowMs };
  });

/**
 * Which proxies' `X-Forwarded-For` to believe, in Express's terms: `false` (none: the client is
 * the socket's peer), a number of proxy hops in front of the API, or the proxies' addresses and
 * subnets (and Express's names `loopback`, `linklocal`, `uniquelocal`).
 */
export type TrustProxy = false | number | string[];

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

const isAddressOrSubnet = (entry: string): boolean => {
  if (PROXY_NAMES.has(entry)) return true;
  const [address, bits, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128);
};

/**
 * `true` (trust every hop) is refused: it lets any client choose its own IP with a forged
 * `X-Forwarded-For`, and with it its rate-limit bucket.
 */
export const TrustProxySpec = z
  .string()
  .trim()
  .transform((spec, ctx): TrustProxy => {
    if (spec === '' || spec === 'false' || spec === '0') return false;
    if (/^\d{1,2}$/.test(spec)) return Number(spec);
    if (spec === 'true') {
      ctx.addIssue({ code: 'custom', message: 'true would let any client forge its IP: give the number of proxies in front of the API, or their addresses' });
      return z.NEVER;
    }
    const entries = spec.split(',').map((e) => e.trim()).filter(Boolean);
    const bad = entries.filter((e) => !isAddressOrSubnet(e));
    if (entries.length === 0 || bad.length > 0) {
      ctx.addIssue({ code: 'custom', message: `must be false, a hop count, or addresses/subnets (or loopback, linklocal, uniquelocal); not ${bad.join(', ') || 'empty'}` });
      return z.NEVER;
    }
    return entries;
  });
