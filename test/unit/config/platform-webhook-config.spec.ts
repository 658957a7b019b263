import { Webhook } from 'standardwebhooks';
import { ConfigError, loadConfig, SANDBOX_PLATFORM_WEBHOOK_SECRET } from '../../../src/config/config';
import { buildPlatformWebhookSender } from '../../../src/worker/platform-webhook-sender';
import { PRODUCTION_ENV } from '../../support/config-env';

const SECRET = `whsec_${Buffer.from('production-platform-webhook-secret-32b').toString('base64')}`;

describe('loadConfig: platform status webhooks', () => {
  it('points development at the sandbox receiver with the sandbox secret, which is a valid Standard Webhooks secret', () => {
    const config = loadConfig({ WAYBILL_ENV: 'development', PORT: '3100' });
    expect(config.platformWebhooks).toEqual({ url: 'http://127.0.0.1:3100/sandbox/platform-webhooks', secret: SANDBOX_PLATFORM_WEBHOOK_SECRET, timeoutMs: 10_000 });
    expect(SANDBOX_PLATFORM_WEBHOOK_SECRET).toMatch(/^whsec_/);
    expect(() => new Webhook(SANDBOX_PLATFORM_WEBHOOK_SECRET)).not.toThrow();
    expect(buildPlatformWebhookSender(config)).toBeDefined();
  });

  it('is off in development when the sandbox is off and nothing is set', () => {
    const config = loadConfig({ WAYBILL_ENV: 'development', SANDBOX_ENABLED: 'false' });
    expect(config.platformWebhooks).toBeUndefined();
    expect(buildPlatformWebhookSender(config)).toBeUndefined();
  });

  it('takes the URL, secret and timeout from the environment', () => {
    const config = loadConfig({ WAYBILL_ENV: 'development', PLATFORM_WEBHOOK_URL: 'http://localhost:9000/hooks', PLATFORM_WEBHOOK_SECRET: SECRET, PLATFORM_WEBHOOK_TIMEOUT_MS: '2500' });
    expect(config.platformWebhooks).toEqual({ url: 'http://localhost:9000/hooks', secret: SECRET, timeoutMs: 2500 });
  });

  it('is off in production unless configured; then https only, both values, and never the sandbox secret', () => {
    expect(loadConfig(PRODUCTION_ENV).platformWebhooks).toBeUndefined();
    expect(loadConfig({ ...PRODUCTION_ENV, PLATFORM_WEBHOOK_URL: 'https://platform.example.com/webhooks/waybill', PLATFORM_WEBHOOK_SECRET: SECRET }).platformWebhooks).toEqual({
      url: 'https://platform.example.com/webhooks/waybill',
      secret: SECRET,
      timeoutMs: 10_000,
    });
    expect(() => loadConfig({ ...PRODUCTION_ENV, PLATFORM_WEBHOOK_URL: 'https://platform.example.com/hooks' })).toThrow(/PLATFORM_WEBHOOK_URL and PLATFORM_WEBHOOK_SECRET/);
    expect(() => loadConfig({ ...PRODUCTION_ENV, PLATFORM_WEBHOOK_SECRET: SECRET })).toThrow(ConfigError);
    expect(() => loadConfig({ ...PRODUCTION_ENV, PLATFORM_WEBHOOK_URL: 'http://platform.example.com/hooks', PLATFORM_WEBHOOK_SECRET: SECRET })).toThrow(/https/);
    expect(() => loadConfig({ ...PRODUCTION_ENV, PLATFORM_WEBHOOK_URL: 'https://platform.example.com/hooks', PLATFORM_WEBHOOK_SECRET: SANDBOX_PLATFORM_WEBHOOK_SECRET })).toThrow(/sandbox/);
  });

  it('requires half a configuration to be completed in development too', () => {
    expect(() => loadConfig({ WAYBILL_ENV: 'development', PLATFORM_WEBHOOK_URL: 'http://localhost:9000/hooks' })).toThrow(ConfigError);
  });

  it.each([
    ['no whsec_ prefix', Buffer.alloc(32, 1).toString('base64')],
    ['not base64', 'whsec_not*base64*at*all*not*base64*at*all'],
    ['too short (16 bytes)', `whsec_${Buffer.alloc(16, 1).toString('base64')}`],
    ['too long (65 bytes)', `whsec_${Buffer.alloc(65, 1).toString('base64')}`],
  ])('refuses a secret with %s, without printing it', (_why, secret) => {
    let message = '';
    try {
      loadConfig({ WAYBILL_ENV: 'development', PLATFORM_WEBHOOK_URL: 'http://localhost:9000/hooks', PLATFORM_WEBHOOK_SECRET: secret });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as Error).message;
    }
    expect(message).toMatch(/PLATFORM_WEBHOOK_SECRET/);
    expect(message).not.toContain(secret);
  });
});
