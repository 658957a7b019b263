import { CarrierError, CarrierFailureType } from '../../../activities/carriers/carrier-errors';
import { type FetchedToken, TokenCache } from '../../../activities/carriers/oauth-token-cache';

/** A token endpoint whose answers the test scripts, and a clock the test moves by hand. */
function setup(options: { refreshMarginMs?: number; minFetchIntervalMs?: number } = {}) {
  let clock = 1_000_000;
  const sleeps: number[] = [];
  const answers: Array<() => Promise<FetchedToken>> = [];
  let calls = 0;
  const cache = new TokenCache({
    fetchToken: () => {
      calls++;
      const next = answers.shift();
      return next ? next() : Promise.resolve({ accessToken: `token-${calls}`, expiresInMs: 3_600_000 });
    },
    refreshMarginMs: options.refreshMarginMs ?? 60_000,
    minFetchIntervalMs: options.minFetchIntervalMs ?? 5_000,
    now: () => clock,
    sleep: (ms) => {
      sleeps.push(ms);
      clock += ms;
      return Promise.resolve();
    },
  });
  return {
    cache,
    answers,
    sleeps,
    calls: () => calls,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

const unavailable = () => new CarrierError(CarrierFailureType.UNAVAILABLE, 'token endpoint down');

describe('TokenCache', () => {
  it('reuses the token until expiry minus the margin', async () => {
    const t = setup({ refreshMarginMs: 60_000 });
    expect(await t.cache.get()).toBe('token-1');
    t.advance(3_600_000 - 60_001);
    expect(await t.cache.get()).toBe('token-1');
    t.advance(1);
    expect(await t.cache.get()).toBe('token-2');
    expect(t.calls()).toBe(2);
  });

  it('uses at least half the lifetime when the margin is longer than the token lives', async () => {
    const t = setup({ refreshMarginMs: 60_000 });
    t.answers.push(() => Promise.resolve({ accessToken: 'short', expiresInMs: 30_000 }));
    expect(await t.cache.get()).toBe('short');
    t.advance(14_999);
    expect(await t.cache.get()).toBe('short');
    t.advance(1);
    expect(await t.cache.get()).toBe('token-2');
  });

  it('shares one fetch among concurrent callers', async () => {
    const t = setup();
    let release!: (token: FetchedToken) => void;
    t.answers.push(() => new Promise((resolve) => (release = resolve)));
    const waiting = Array.from({ length: 20 }, () => t.cache.get());
    release({ accessToken: 'shared', expiresInMs: 3_600_000 });
    expect(await Promise.all(waiting)).toEqual(Array(20).fill('shared'));
    expect(t.calls()).toBe(1);
  });

  it('shares a failure among concurrent callers', async () => {
    const t = setup();
    t.answers.push(() => Promise.reject(unavailable()));
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => t.cache.get()));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(t.calls()).toBe(1);
  });

  it('rethrows a recent failure instead of asking again, then asks once the interval has passed', async () => {
    const t = setup({ minFetchIntervalMs: 5_000 });
    const failure = unavailable();
    t.answers.push(() => Promise.reject(failure));
    await expect(t.cache.get()).rejects.toBe(failure);
    t.advance(4_999);
    await expect(t.cache.get()).rejects.toBe(failure);
    await expect(t.cache.get()).rejects.toBe(failure);
    expect(t.calls()).toBe(1);
    t.advance(1);
    expect(await t.cache.get()).toBe('token-2');
    expect(t.calls()).toBe(2);
  });

  it('keeps serving the old token while a refresh inside the margin fails', async () => {
    const t = setup({ refreshMarginMs: 60_000 });
    expect(await t.cache.get()).toBe('token-1');
    t.advance(3_600_000 - 30_000); // inside the margin, not yet expired
    t.answers.push(() => Promise.reject(unavailable()));
    expect(await t.cache.get()).toBe('token-1');
    t.advance(30_000); // expired now
    await expect(t.cache.get()).resolves.toBe('token-3');
  });

  it('fails once the old token has expired and the refresh fails', async () => {
    const t = setup();
    expect(await t.cache.get()).toBe('token-1');
    t.advance(3_600_000);
    t.answers.push(() => Promise.reject(unavailable()));
    await expect(t.cache.get()).rejects.toBeInstanceOf(CarrierError);
  });

  describe('invalidate', () => {
    it('drops the token it is given, so the next caller gets a fresh one', async () => {
      const t = setup();
      const first = await t.cache.get();
      t.advance(10_000);
      t.cache.invalidate(first);
      expect(await t.cache.get()).toBe('token-2');
      expect(t.sleeps).toEqual([]);
    });

    it('ignores a token that was already replaced, so many 401s cause one refresh', async () => {
      const t = setup();
      const stale = await t.cache.get();
      t.advance(10_000);
      // Fifty calls got a 401 for the same token at the same time.
      const retried = Array.from({ length: 50 }, () => {
        t.cache.invalidate(stale);
        return t.cache.get();
      });
      expect(new Set(await Promise.all(retried))).toEqual(new Set(['token-2']));
      t.cache.invalidate(stale); // a straggler
      expect(await t.cache.get()).toBe('token-2');
      expect(t.calls()).toBe(2);
    });

    it('waits out the interval before replacing a token refused right after it was issued', async () => {
      const t = setup({ minFetchIntervalMs: 5_000 });
      const first = await t.cache.get();
      t.advance(1_000);
      t.cache.invalidate(first);
      expect(await t.cache.get()).toBe('token-2');
      expect(t.sleeps).toEqual([4_000]);
      expect(t.calls()).toBe(2);
    });

    it('does nothing for an unknown token', async () => {
      const t = setup();
      await t.cache.get();
      t.cache.invalidate('something-else');
      expect(await t.cache.get()).toBe('token-1');
      expect(t.calls()).toBe(1);
    });
  });
});
