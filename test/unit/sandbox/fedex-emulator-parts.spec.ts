import { FedexTokenStore } from '../../../src/sandbox/fedex/fedex-token-store';
import { FEDEX_TOKEN_BLOCK_MS, FEDEX_TOKEN_THRESHOLDS, FedexTokenThrottle } from '../../../src/sandbox/fedex/fedex-token-throttle';
import { resolveFedexEmulatorOptions } from '../../../src/sandbox/fedex/fedex-emulator.options';
import { FakeClock } from './support/fake-clock';

describe(FedexTokenThrottle.name, () => {
  const start = new Date('2026-01-01T00:00:00Z');

  it("should use FedEx's published thresholds: 3/s for 5 s, 1/s for 2 minutes, a 10-minute block", () => {
    expect(FEDEX_TOKEN_THRESHOLDS).toEqual([
      { requests: 15, windowMs: 5_000 },
      { requests: 120, windowMs: 120_000 },
    ]);
    expect(FEDEX_TOKEN_BLOCK_MS).toBe(600_000);
  });

  it('should block the request that reaches the burst threshold, per address', () => {
    const clock = new FakeClock(start);
    const sut = new FedexTokenThrottle(clock.now);
    const verdicts = Array.from({ length: 15 }, () => {
      clock.advance(300);
      return sut.admit('10.0.0.1');
    });
    expect(verdicts.slice(0, 14).every(Boolean)).toBe(true);
    expect(verdicts[14]).toBe(false);
    expect(sut.admit('10.0.0.2')).toBe(true);
  });

  it('should forget requests older than the window', () => {
    const clock = new FakeClock(start);
    const sut = new FedexTokenThrottle(clock.now);
    for (let i = 0; i < 14; i++) expect(sut.admit('a')).toBe(true);
    clock.advance(5_000);
    for (let i = 0; i < 14; i++) expect(sut.admit('a')).toBe(true);
  });

  it('should lift the block after 10 minutes for a client that stopped, and keep it for one that did not', () => {
    const clock = new FakeClock(start);
    const quiet = new FedexTokenThrottle(clock.now);
    for (let i = 0; i < 15; i++) quiet.admit('a');
    clock.advance(FEDEX_TOKEN_BLOCK_MS);
    expect(quiet.admit('a')).toBe(true);

    const noisy = new FedexTokenThrottle(clock.now);
    for (let i = 0; i < 15; i++) noisy.admit('b');
    clock.advance(FEDEX_TOKEN_BLOCK_MS - 1_000);
    for (let i = 0; i < 15; i++) noisy.admit('b');
    clock.advance(1_000);
    expect(noisy.admit('b')).toBe(false);
  });
});

describe(FedexTokenStore.name, () => {
  it('should find live tokens only', () => {
    const clock = new FakeClock(new Date('2026-01-01T00:00:00Z'));
    const sut = new FedexTokenStore(clock.now);
    const token = sut.issue('client', 60);
    expect(sut.find(token.accessToken)).toEqual(token);
    expect(sut.find('made-up')).toBeUndefined();
    clock.advance(60_000);
    expect(sut.find(token.accessToken)).toBeUndefined();
  });

  it('should issue distinct opaque tokens', () => {
    const sut = new FedexTokenStore(() => new Date());
    const a = sut.issue('client', 60).accessToken;
    const b = sut.issue('client', 60).accessToken;
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[A-Za-z0-9_-]{120,}$/);
  });
});

describe(resolveFedexEmulatorOptions.name, () => {
  it('should take both halves of the credentials, none at all, but never one half', () => {
    expect(resolveFedexEmulatorOptions({ clientId: 'id', clientSecret: 'secret' })).toEqual({ clientId: 'id', clientSecret: 'secret' });
    expect(resolveFedexEmulatorOptions(undefined)).toBeNull();
    expect(() => resolveFedexEmulatorOptions({ clientId: 'id', clientSecret: '' })).toThrow();
  });
});
