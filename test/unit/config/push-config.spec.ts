import { ConfigError, loadConfig, SANDBOX_PUSH_SIGNING_SECRET } from '../../../src/config/config';
import { HttpPushSender } from '../../../activities/notifications/push/http-push.sender';
import { buildPushSender } from '../../../src/worker/push-sender';
import { PRODUCTION_ENV } from '../../support/config-env';

const SECRET = `whsec_${Buffer.from('production-push-signing-secret!!').toString('base64')}`;

describe('loadConfig: push notifications', () => {
  it('points development at the sandbox mobile-push emulator with the sandbox secret', () => {
    const config = loadConfig({ WAYBILL_ENV: 'development', PORT: '3100' });
    expect(config.pushNotifications).toEqual({
      endpointUrl: 'http://127.0.0.1:3100/sandbox/mobile-push/v1/notifications',
      signingSecret: SANDBOX_PUSH_SIGNING_SECRET,
      timeoutMs: 10_000,
    });
    expect(SANDBOX_PUSH_SIGNING_SECRET).toMatch(/^whsec_/);
    expect(Buffer.from(SANDBOX_PUSH_SIGNING_SECRET.slice('whsec_'.length), 'base64')).toHaveLength(32);
    expect(loadConfig({ WAYBILL_ENV: 'test', PUBLIC_BASE_URL: 'https://dev.example.com/' }).pushNotifications?.endpointUrl).toBe(
      'https://dev.example.com/sandbox/mobile-push/v1/notifications',
    );
  });

  it('takes the URL, secret and timeout from the environment', () => {
    const config = loadConfig({
      WAYBILL_ENV: 'development',
      PUSH_ENDPOINT_URL: 'https://shop.example.com/mobile/v1/notifications?tenant=7',
      PUSH_SIGNING_SECRET: SECRET,
      PUSH_HTTP_TIMEOUT_MS: '2500',
    });
    expect(config.pushNotifications).toEqual({ endpointUrl: 'https://shop.example.com/mobile/v1/notifications?tenant=7', signingSecret: SECRET, timeoutMs: 2500 });
  });

  it('is off in production unless configured, and refuses half a configuration', () => {
    expect(loadConfig(PRODUCTION_ENV).pushNotifications).toBeUndefined();
    expect(loadConfig({ ...PRODUCTION_ENV, PUSH_ENDPOINT_URL: 'https://shop.example.com/push', PUSH_SIGNING_SECRET: SECRET }).pushNotifications).toEqual({
      endpointUrl: 'https://shop.example.com/push',
      signingSecret: SECRET,
      timeoutMs: 10_000,
    });
    expect(() => loadConfig({ ...PRODUCTION_ENV, PUSH_ENDPOINT_URL: 'https://shop.example.com/push' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...PRODUCTION_ENV, PUSH_SIGNING_SECRET: SECRET })).toThrow(/PUSH_ENDPOINT_URL and PUSH_SIGNING_SECRET/);
  });

  it('requires https in production only', () => {
    expect(() => loadConfig({ ...PRODUCTION_ENV, PUSH_ENDPOINT_URL: 'http://shop.example.com/push', PUSH_SIGNING_SECRET: SECRET })).toThrow(/https/);
    expect(loadConfig({ WAYBILL_ENV: 'development', PUSH_ENDPOINT_URL: 'http://localhost:4000/push' }).pushNotifications?.endpointUrl).toBe('http://localhost:4000/push');
  });

  it('refuses a URL that is not one, and a secret that is not whsec_ base64 of 24 to 64 bytes', () => {
    expect(() => loadConfig({ WAYBILL_ENV: 'development', PUSH_ENDPOINT_URL: 'not a url' })).toThrow(ConfigError);
    const bad = ['plainsecret', 'whsec_', 'whsec_not base64!', `whsec_${Buffer.alloc(16, 1).toString('base64')}`, `whsec_${Buffer.alloc(65, 1).toString('base64')}`, 'whsec_AAAA=A'];
    for (const secret of bad) {
      expect(() => loadConfig({ WAYBILL_ENV: 'development', PUSH_SIGNING_SECRET: secret })).toThrow(/PUSH_SIGNING_SECRET must be whsec_/);
    }
    expect(loadConfig({ WAYBILL_ENV: 'development', PUSH_SIGNING_SECRET: `whsec_${Buffer.alloc(24, 7).toString('base64')}` }).pushNotifications).toBeDefined();
  });

  it('refuses a timeout that is not a positive whole number of milliseconds', () => {
    expect(() => loadConfig({ WAYBILL_ENV: 'development', PUSH_HTTP_TIMEOUT_MS: '0' })).toThrow(/PUSH_HTTP_TIMEOUT_MS/);
  });
});

describe(buildPushSender.name, () => {
  it('builds the HTTP sender when push is configured, and none when it is off', () => {
    expect(buildPushSender(loadConfig({ WAYBILL_ENV: 'development' }))).toBeInstanceOf(HttpPushSender);
    expect(buildPushSender(loadConfig(PRODUCTION_ENV))).toBeUndefined();
  });
});
