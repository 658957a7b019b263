import { ConfigError, loadConfig } from '../../../src/config/config';
import { PRODUCTION_ENV } from '../../support/config-env';

describe('loadConfig', () => {
  it('defaults to production and then requires every external dependency to be named', () => {
    expect(() => loadConfig({})).toThrow(ConfigError);
    for (const name of Object.keys(PRODUCTION_ENV).filter((k) => k !== 'WAYBILL_ENV')) {
      const env: Record<string, string> = { ...PRODUCTION_ENV };
      delete env[name];
      expect(() => loadConfig(env)).toThrow(name);
    }
    const config = loadConfig(PRODUCTION_ENV);
    expect(config.sandbox.enabled).toBe(false);
    expect(config.pollIntervals.inTransitMs).toBe(4 * 60 * 60 * 1000);
  });

  it('tracks only carriers with credentials in production, and needs at least one', () => {
    const { UPS_BASE_URL: _b, UPS_CLIENT_ID: _i, UPS_CLIENT_SECRET: _s, ...noUps } = PRODUCTION_ENV;
    expect(() => loadConfig(noUps)).toThrow(/No carrier is configured/);
    const dhlOnly = loadConfig({ ...noUps, DHL_BASE_URL: 'https://api-eu.dhl.com/track', DHL_API_KEY: 'key' });
    expect(Object.keys(dhlOnly.carriers).filter((c) => dhlOnly.carriers[c as 'dhl'])).toEqual(['dhl']);
    expect(dhlOnly.webhooks.fedexSecret).toBeUndefined();
  });

  it('refuses the sandbox in production', () => {
    expect(() => loadConfig({ ...PRODUCTION_ENV, SANDBOX_ENABLED: 'true' })).toThrow(/SANDBOX_ENABLED/);
  });

  it('runs development on the sandbox with fast polling and no keys required', () => {
    const config = loadConfig({ WAYBILL_ENV: 'development', PORT: '3100' });
    expect(config.sandbox.enabled).toBe(true);
    expect(config.apiKeys).toBeUndefined();
    expect(config.carriers.ups?.baseUrl).toBe('http://127.0.0.1:3100/sandbox/ups');
    expect(config.carriers.fedex?.baseUrl).toBe('http://127.0.0.1:3100/sandbox/fedex');
    expect(config.carriers.dhl?.apiKey).toBe('sandbox-dhl-api-key');
    expect(config.webhooks.fedexSecret).toBeDefined();
    expect(config.sandbox.push).toEqual({ enabled: true, targetUrl: 'http://127.0.0.1:3100/v1/webhooks' });
    expect(config.mail.smtpUrl).toBe('smtp://127.0.0.1:2525');
    expect(config.pollIntervals.inTransitMs).toBeLessThan(60_000);
  });

  it('takes poll intervals from the environment and rejects nonsense with the variable named', () => {
    expect(loadConfig({ WAYBILL_ENV: 'development', POLL_INTERVAL_IN_TRANSIT_MS: '1234' }).pollIntervals.inTransitMs).toBe(1234);
    expect(() => loadConfig({ WAYBILL_ENV: 'development', POLL_INTERVAL_IN_TRANSIT_MS: '-5' })).toThrow(/POLL_INTERVAL_IN_TRANSIT_MS/);
    expect(() => loadConfig({ WAYBILL_ENV: 'staging' })).toThrow(/WAYBILL_ENV/);
  });

  it('makes a customer-token key outside production, requires one in production, and defaults tokens to 30 days', () => {
    const dev = loadConfig({ WAYBILL_ENV: 'development' });
    expect(dev.customerTokens.secrets).toMatch(/^dev:\S{32,}$/);
    expect(dev.customerTokens.ttlMs).toBe(30 * 24 * 3_600_000);
    const prod = loadConfig({ ...PRODUCTION_ENV, CUSTOMER_TOKEN_TTL_MS: '3600000' });
    expect(prod.customerTokens).toEqual({ secrets: PRODUCTION_ENV.CUSTOMER_TOKEN_SECRETS, ttlMs: 3_600_000 });
  });

  it('takes an optional support alert address, and refuses one that is not an email', () => {
    expect(loadConfig(PRODUCTION_ENV).supportAlertEmail).toBeUndefined();
    expect(loadConfig({ ...PRODUCTION_ENV, SUPPORT_ALERT_EMAIL: 'support@shop.example' }).supportAlertEmail).toBe('support@shop.example');
    expect(() => loadConfig({ ...PRODUCTION_ENV, SUPPORT_ALERT_EMAIL: 'support' })).toThrow(/SUPPORT_ALERT_EMAIL/);
  });
});
