import { ConfigError, loadConfig, SANDBOX_SMS_ACCOUNT_SID, SANDBOX_SMS_AUTH_TOKEN, SANDBOX_SMS_FROM, TWILIO_API_URL } from '../../../src/config/config';
import { PRODUCTION_ENV } from '../../support/config-env';

const ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
const SERVICE_SID = 'MG0123456789abcdef0123456789abcdef';

describe('loadConfig: SMS provider', () => {
  it('points development at the sandbox Twilio emulator with the sandbox account and sender', () => {
    const config = loadConfig({ WAYBILL_ENV: 'development', PORT: '3100' });
    expect(config.sms).toEqual({
      baseUrl: 'http://127.0.0.1:3100/sandbox/twilio',
      accountSid: SANDBOX_SMS_ACCOUNT_SID,
      authToken: SANDBOX_SMS_AUTH_TOKEN,
      from: SANDBOX_SMS_FROM,
      timeoutMs: 10_000,
    });
    expect(SANDBOX_SMS_ACCOUNT_SID).toMatch(/^AC[0-9a-f]{32}$/);
    expect(SANDBOX_SMS_FROM).toBe('+15005550006');
  });

  it('takes the URL (trailing slash dropped), credentials, sender and timeout from the environment', () => {
    const config = loadConfig({
      WAYBILL_ENV: 'development',
      SMS_PROVIDER_URL: 'https://sms.example.com/',
      SMS_ACCOUNT_SID: ACCOUNT_SID,
      SMS_AUTH_TOKEN: 'token',
      SMS_MESSAGING_SERVICE_SID: SERVICE_SID,
      SMS_HTTP_TIMEOUT_MS: '2500',
    });
    expect(config.sms).toEqual({ baseUrl: 'https://sms.example.com', accountSid: ACCOUNT_SID, authToken: 'token', messagingServiceSid: SERVICE_SID, timeoutMs: 2500 });
  });

  it('turns SMS off in production when nothing is set, and sends to Twilio when only credentials and a sender are', () => {
    expect(loadConfig(PRODUCTION_ENV).sms).toBeUndefined();
    const sms = { SMS_ACCOUNT_SID: ACCOUNT_SID, SMS_AUTH_TOKEN: 'token', SMS_FROM: '+14155550123' };
    expect(loadConfig({ ...PRODUCTION_ENV, ...sms }).sms).toEqual({ baseUrl: TWILIO_API_URL, accountSid: ACCOUNT_SID, authToken: 'token', from: '+14155550123', timeoutMs: 10_000 });
    expect(loadConfig({ ...PRODUCTION_ENV, ...sms, SMS_PROVIDER_URL: 'https://sms.example.com' }).sms?.baseUrl).toBe('https://sms.example.com');
  });

  it('refuses half a configuration, two senders, and malformed values', () => {
    const sms = { SMS_ACCOUNT_SID: ACCOUNT_SID, SMS_AUTH_TOKEN: 'token', SMS_FROM: '+14155550123' };
    expect(() => loadConfig({ ...PRODUCTION_ENV, SMS_ACCOUNT_SID: ACCOUNT_SID })).toThrow(/SMS_ACCOUNT_SID and SMS_AUTH_TOKEN must be set together/);
    expect(() => loadConfig({ WAYBILL_ENV: 'development', SMS_AUTH_TOKEN: 'token' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...PRODUCTION_ENV, SMS_ACCOUNT_SID: ACCOUNT_SID, SMS_AUTH_TOKEN: 'token' })).toThrow(/SMS_FROM or SMS_MESSAGING_SERVICE_SID/);
    expect(() => loadConfig({ ...PRODUCTION_ENV, SMS_FROM: '+14155550123' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...PRODUCTION_ENV, SMS_PROVIDER_URL: 'https://sms.example.com' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...PRODUCTION_ENV, ...sms, SMS_MESSAGING_SERVICE_SID: SERVICE_SID })).toThrow(/not both/);
    expect(() => loadConfig({ ...PRODUCTION_ENV, ...sms, SMS_FROM: '(415) 555-0123' })).toThrow(/SMS_FROM: must be a valid phone number in E\.164/);
    expect(() => loadConfig({ ...PRODUCTION_ENV, ...sms, SMS_ACCOUNT_SID: 'AC123' })).toThrow(/SMS_ACCOUNT_SID/);
    expect(() => loadConfig({ ...PRODUCTION_ENV, ...sms, SMS_FROM: undefined, SMS_MESSAGING_SERVICE_SID: 'MG1' })).toThrow(/SMS_MESSAGING_SERVICE_SID/);
  });
});
