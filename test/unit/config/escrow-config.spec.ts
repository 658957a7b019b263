import { ConfigError, loadConfig, SANDBOX_ESCROW_SECRET_KEY } from '../../../src/config/config';

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
    const production = {
      WAYBILL_ENV: 'production',
      MONGODB_URI: 'mongodb://mongo:27017/waybill',
      WAYBILL_API_KEYS: 'platform:0123456789abcdef',
      SMTP_URL: 'smtp://smtp.example.com:587',
      UPS_BASE_URL: 'https://onlinetools.ups.com',
      UPS_CLIENT_ID: 'id',
      UPS_CLIENT_SECRET: 'secret',
      CUSTOMER_TOKEN_SECRETS: 'k1:0123456789abcdef0123456789abcdef',
    };
    expect(loadConfig(production).escrow).toBeUndefined();
    expect(loadConfig({ ...production, ESCROW_PROVIDER_URL: 'https://payments.example.com', ESCROW_PROVIDER_SECRET_KEY: 'sk_live_x' }).escrow).toMatchObject({
      baseUrl: 'https://payments.example.com',
    });
    expect(() => loadConfig({ ...production, ESCROW_PROVIDER_URL: 'https://payments.example.com' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...production, ESCROW_PROVIDER_SECRET_KEY: 'sk_live_x' })).toThrow(/ESCROW_PROVIDER_URL and ESCROW_PROVIDER_SECRET_KEY/);
  });
});
