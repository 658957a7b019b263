import { resolveUspsEmulatorOptions } from '../../../src/sandbox/usps/usps-emulator.options';
import { USPS_EMULATOR } from '../../../src/sandbox/usps/usps-emulator';
import { USPS_TOKEN_ISSUER, UspsTokenStore } from '../../../src/sandbox/usps/usps-token-store';
import { FakeClock } from './support/fake-clock';

describe(UspsTokenStore.name, () => {
  const start = new Date('2026-01-01T00:00:00Z');

  it('should issue JWT-shaped tokens carrying the client, scope and expiry', () => {
    const sut = new UspsTokenStore(new FakeClock(start).now);
    const token = sut.issue('client', 'tracking', 60);
    const [header, claims, signature] = token.accessToken.split('.');
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toMatchObject({ typ: 'JWT' });
    expect(JSON.parse(Buffer.from(claims, 'base64url').toString())).toMatchObject({
      iss: USPS_TOKEN_ISSUER,
      sub: 'client',
      scope: 'tracking',
      iat: start.getTime() / 1000,
      exp: start.getTime() / 1000 + 60,
    });
    expect(signature.length).toBeGreaterThan(40);
    expect(sut.issue('client', 'tracking', 60).accessToken).not.toBe(token.accessToken);
  });

  it('should tell malformed, unknown, valid and expired tokens apart', () => {
    const clock = new FakeClock(start);
    const sut = new UspsTokenStore(clock.now);
    const token = sut.issue('client', 'tracking', 60);
    expect(sut.check(undefined)).toEqual({ status: 'malformed' });
    expect(sut.check('opaque-token')).toEqual({ status: 'malformed' });
    expect(sut.check('a.b.c')).toEqual({ status: 'unknown' });
    expect(sut.check(token.accessToken)).toMatchObject({ status: 'valid', token: { clientId: 'client' } });
    clock.advance(60_000);
    expect(sut.check(token.accessToken)).toMatchObject({ status: 'expired' });
  });

  it('should forget tokens a day after they expire', () => {
    const clock = new FakeClock(start);
    const sut = new UspsTokenStore(clock.now);
    const old = sut.issue('client', 'tracking', 60);
    clock.advance(2 * 24 * 3_600_000);
    sut.issue('client', 'tracking', 60);
    expect(sut.check(old.accessToken)).toEqual({ status: 'unknown' });
  });
});

describe('USPS emulator descriptor', () => {
  it('should start with USPS\'s real limits: an hourly quota of 60 calls and 28799-second tokens', () => {
    expect(USPS_EMULATOR.carrier).toBe('usps');
    expect(USPS_EMULATOR.defaultLimits).toEqual({
      rateLimit: { calls: 60, windowMs: 60_000 },
      quota: { calls: 60, windowMs: 3_600_000 },
      tokenTtlSeconds: 28_799,
    });
    expect(USPS_EMULATOR.formBodyRoutes).toEqual(['sandbox/usps/oauth2/v3/token']);
  });

  it('should run without credentials (refusing everything) but not with half of them', () => {
    expect(resolveUspsEmulatorOptions(undefined)).toBeNull();
    expect(resolveUspsEmulatorOptions({ clientId: 'id', clientSecret: 'secret' })).toEqual({ clientId: 'id', clientSecret: 'secret' });
    expect(() => resolveUspsEmulatorOptions({ clientId: 'id', clientSecret: '' })).toThrow();
  });
});
