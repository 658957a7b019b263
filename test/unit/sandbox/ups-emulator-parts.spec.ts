import { SlidingWindowRateLimiter } from '../../../src/sandbox/http/sliding-window-rate-limiter';
import {
  constantTimeEquals,
  credentialsMatch,
  parseBasicAuthorization,
  parseBearerAuthorization,
} from '../../../src/sandbox/ups/ups-credentials';
import { UpsTokenStore } from '../../../src/sandbox/ups/ups-token-store';
import { FakeClock } from './support/fake-clock';

describe(SlidingWindowRateLimiter.name, () => {
  it('should allow the limit per window and per key, then recover as the window slides', () => {
    const sut = new SlidingWindowRateLimiter(3, 1_000);
    expect([0, 100, 200].map((t) => sut.tryAcquire('a', t))).toEqual([true, true, true]);
    expect(sut.tryAcquire('a', 900)).toBe(false);
    expect(sut.tryAcquire('b', 900)).toBe(true);
    expect(sut.tryAcquire('a', 1_000)).toBe(true);
    expect(sut.tryAcquire('a', 1_050)).toBe(false);
  });

  it('should refuse a nonsensical limit', () => {
    expect(() => new SlidingWindowRateLimiter(0, 1_000)).toThrow(RangeError);
  });
});

describe('UPS credentials', () => {
  const basic = (value: string): string => `Basic ${Buffer.from(value).toString('base64')}`;

  it('should parse Basic and Bearer headers', () => {
    expect(parseBasicAuthorization(basic('id:sec:ret'))).toEqual({ clientId: 'id', clientSecret: 'sec:ret' });
    expect(parseBasicAuthorization(basic('no-colon'))).toBeNull();
    expect(parseBasicAuthorization('Bearer abc')).toBeNull();
    expect(parseBasicAuthorization(undefined)).toBeNull();
    expect(parseBearerAuthorization('Bearer abc.def')).toBe('abc.def');
    expect(parseBearerAuthorization('bearer abc')).toBe('abc');
    expect(parseBearerAuthorization(basic('a:b'))).toBeNull();
  });

  it('should compare in constant time and require both halves', () => {
    expect(constantTimeEquals('secret', 'secret')).toBe(true);
    expect(constantTimeEquals('secret', 'secret-but-longer')).toBe(false);
    const expected = { clientId: 'id', clientSecret: 'secret' };
    expect(credentialsMatch({ clientId: 'id', clientSecret: 'secret' }, expected)).toBe(true);
    expect(credentialsMatch({ clientId: 'id', clientSecret: 'nope' }, expected)).toBe(false);
    expect(credentialsMatch({ clientId: 'other', clientSecret: 'secret' }, expected)).toBe(false);
  });
});

describe(UpsTokenStore.name, () => {
  it('should tell valid, expired and unknown tokens apart', () => {
    const clock = new FakeClock(new Date('2026-01-01T00:00:00Z'));
    const sut = new UpsTokenStore(clock.now);
    const token = sut.issue('c', 60);
    expect(token.accessToken.length).toBeGreaterThanOrEqual(60);
    expect(sut.check(token.accessToken)).toMatchObject({ status: 'valid' });
    clock.advance(60_000);
    expect(sut.check(token.accessToken)).toMatchObject({ status: 'expired' });
    expect(sut.check('made-up')).toEqual({ status: 'unknown' });
  });

  it('should forget tokens a day after they expire', () => {
    const clock = new FakeClock(new Date('2026-01-01T00:00:00Z'));
    const sut = new UpsTokenStore(clock.now);
    const old = sut.issue('c', 60);
    clock.advance(2 * 24 * 3_600_000);
    sut.issue('c', 60);
    expect(sut.check(old.accessToken)).toEqual({ status: 'unknown' });
  });
});
