import { ConfigError, loadConfig } from '../../../src/config/config';
import { PRODUCTION_ENV } from '../../support/config-env';

describe('security configuration', () => {
  it('defaults to trusting no proxy, the documented limits, and a 5 s key cache', () => {
    const { security } = loadConfig(PRODUCTION_ENV);
    expect(security).toEqual({
      trustProxy: false,
      rateLimits: {
        public: { limit: 120, windowMs: 60_000 },
        webhooks: { limit: 1200, windowMs: 60_000 },
        customerTokens: { limit: 600, windowMs: 60_000 },
        resend: { limit: 5, windowMs: 3_600_000 },
        refresh: { limit: 10, windowMs: 3_600_000 },
      },
      apiKeyCacheTtlMs: 5_000,
    });
  });

  it.each([
    ['false', false],
    ['0', false],
    ['2', 2],
    ['loopback', ['loopback']],
    ['10.0.0.0/8, 192.168.1.7, fd00::/8, uniquelocal', ['10.0.0.0/8', '192.168.1.7', 'fd00::/8', 'uniquelocal']],
  ])('reads TRUST_PROXY=%s', (value, expected) => {
    expect(loadConfig({ ...PRODUCTION_ENV, TRUST_PROXY: value }).security.trustProxy).toEqual(expected);
  });

  it.each([
    ['true', /forge its IP/],
    ['10.0.0.0/33', /not 10\.0\.0\.0\/33/],
    ['proxy.internal', /not proxy\.internal/],
    [',', /not empty/],
  ])('refuses TRUST_PROXY=%s', (value, message) => {
    expect(() => loadConfig({ ...PRODUCTION_ENV, TRUST_PROXY: value })).toThrow(ConfigError);
    expect(() => loadConfig({ ...PRODUCTION_ENV, TRUST_PROXY: value })).toThrow(message);
  });

  it.each([
    ['RATE_LIMIT_PUBLIC', '30/10s', 'public', { limit: 30, windowMs: 10_000 }],
    ['RATE_LIMIT_WEBHOOKS', '5000/1m', 'webhooks', { limit: 5000, windowMs: 60_000 }],
    ['RATE_LIMIT_CUSTOMER_TOKENS', '100/1500ms', 'customerTokens', { limit: 100, windowMs: 1_500 }],
    ['RATE_LIMIT_RESEND', '3/24h', 'resend', { limit: 3, windowMs: 86_400_000 }],
    ['RATE_LIMIT_REFRESH', '1/1h', 'refresh', { limit: 1, windowMs: 3_600_000 }],
  ] as const)('reads %s=%s', (name, value, policy, expected) => {
    expect(loadConfig({ ...PRODUCTION_ENV, [name]: value }).security.rateLimits[policy]).toEqual(expected);
  });

  it.each([
    ['120', /LIMIT\/WINDOW/],
    ['120/minute', /LIMIT\/WINDOW/],
    ['0/1m', /at least 1/],
    ['10/500ms', /between 1s and 24h/],
    ['10/25h', /between 1s and 24h/],
  ])('refuses the limit %s, naming the variable', (value, message) => {
    expect(() => loadConfig({ ...PRODUCTION_ENV, RATE_LIMIT_PUBLIC: value })).toThrow(/RATE_LIMIT_PUBLIC/);
    expect(() => loadConfig({ ...PRODUCTION_ENV, RATE_LIMIT_PUBLIC: value })).toThrow(message);
  });

  it('bounds API_KEY_CACHE_TTL_MS to a minute (0 turns the cache off)', () => {
    expect(loadConfig({ ...PRODUCTION_ENV, API_KEY_CACHE_TTL_MS: '0' }).security.apiKeyCacheTtlMs).toBe(0);
    expect(() => loadConfig({ ...PRODUCTION_ENV, API_KEY_CACHE_TTL_MS: '60001' })).toThrow(/API_KEY_CACHE_TTL_MS/);
  });
});
