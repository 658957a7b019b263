import { sessionSecret } from '../../../src/admin/admin.module';
import { ConfigError, loadConfig } from '../../../src/config/config';
import { PRODUCTION_ENV } from '../../support/config-env';

/* SESSION_SECRET and the dashboard's cookie settings. */

const SECRET = 'a-session-secret-of-32-characters!!';

describe('SESSION_SECRET', () => {
  it('is taken as given, and the API starts with it', () => {
    const config = loadConfig({ ...PRODUCTION_ENV, SESSION_SECRET: SECRET });
    expect(config.session.secret).toBe(SECRET);
    expect(sessionSecret(config)).toBe(SECRET);
  });

  it('is required by the production API, not by the worker that has no dashboard', () => {
    const config = loadConfig({ ...PRODUCTION_ENV });
    expect(config.session.secret).toBeUndefined();
    expect(() => sessionSecret(config)).toThrow(/SESSION_SECRET is required when WAYBILL_ENV=production/);
  });

  it('is made for each run outside production', () => {
    const first = loadConfig({ WAYBILL_ENV: 'development' }).session.secret;
    const second = loadConfig({ WAYBILL_ENV: 'development' }).session.secret;
    expect(first?.length).toBeGreaterThanOrEqual(32);
    expect(first).not.toBe(second);
  });

  it('must be at least 32 characters', () => {
    expect(() => loadConfig({ ...PRODUCTION_ENV, SESSION_SECRET: 'short' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...PRODUCTION_ENV, SESSION_SECRET: 'short' })).toThrow(/SESSION_SECRET: must be at least 32 characters/);
  });

  it('makes cookies Secure when the public URL is https', () => {
    expect(loadConfig({ ...PRODUCTION_ENV, SESSION_SECRET: SECRET, PUBLIC_BASE_URL: 'https://waybill.example.com' }).session.secureCookies).toBe(true);
    expect(loadConfig({ WAYBILL_ENV: 'development' }).session.secureCookies).toBe(false);
  });
});
