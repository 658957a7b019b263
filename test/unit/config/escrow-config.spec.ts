import { ConfigError, loadConfig, SANDBOX_ESCROW_SECRET_KEY } from '../../../src/config/config';
import { PRODUCTION_ENV } from '../../support/config-env';

describe('loadConfig: escrow provider', () => {
  it('points development at the sandbox escrow emulator with the sandbox key', () => {
    const config = loadConfig({ WAYBILL_ENV: 'development', PORT: '3100' });
    expect(config.escrow).toEqual({ baseUrl: 'http://127.0.0.1:3100/sandbox/escrow', secretKey: SANDBOX_ESCROW_SECRET_KEY, timeoutMs: 10_000 });
    expect(SANDBOX_ESCROW_SECRET_KEY).toBe('sk_test_waybill_sandbox');
  });

  it('takes the URL (trailing slash dropped), key and timeout from the environment', () => {
    const config = loadConfig({
      WAYBILL_ENV: 'development',
      ESCROW_PROVIDER_URL: 'https://payments.example.com/',
      ESCROW_PROVIDER_SECRET_KEY: 'sk_live_x',
      ESCROW_HTTP_TIMEOUT_MS: '2500',
    });
    expect(config.escrow).toEqual({ baseUrl: 'https://payments.example.com', secretKey: 'sk_live_x', timeoutMs: 2500 });
  });

  it('has no default in production, and refuses half a configuration', () => {
    expect(loadConfig(PRODUCTION_ENV).escrow).toBeUndefined();
    expect(loadConfig({ ...PRODUCTION_ENV, ESCROW_PROVIDER_URL: 'https://payments.example.com', ESCROW_PROVIDER_SECRET_KEY: 'sk_live_x' }).escrow).toMatchObject({
      baseUrl: 'https://payments.example.com',
    });
    expect(() => loadConfig({ ...PRODUCTION_ENV, ESCROW_PROVIDER_URL: 'https://payments.example.com' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...PRODUCTION_ENV, ESCROW_PROVIDER_SECRET_KEY: 'sk_live_x' })).toThrow(/ESCROW_PROVIDER_URL and ESCROW_PROVIDER_SECRET_KEY/);
  });
});
