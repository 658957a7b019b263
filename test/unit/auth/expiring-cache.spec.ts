import { ExpiringCache } from '../../../src/auth/expiring-cache';

describe('ExpiringCache', () => {
  let now = 0;
  const clock = () => now;

  beforeEach(() => {
    now = 0;
  });

  it('answers an entry until its time is up, then forgets it', () => {
    const cache = new ExpiringCache<string, number>(1_000, 10, clock);
    cache.set('a', 1);
    now = 999;
    expect(cache.get('a')).toBe(1);
    now = 1_000;
    expect(cache.get('a')).toBeUndefined();
  });

  it('keeps at most its capacity, dropping the oldest entry', () => {
    const cache = new ExpiringCache<string, number>(1_000, 2, clock);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, 2, 3]);
  });

  it('remembers nothing with a lifetime of 0', () => {
    const cache = new ExpiringCache<string, number>(0, 2, clock);
    cache.set('a', 1);
    expect(cache.get('a')).toBeUndefined();
  });

  it('keeps null as a value (a key known not to exist)', () => {
    const cache = new ExpiringCache<string, number | null>(1_000, 2, clock);
    cache.set('a', null);
    expect(cache.get('a')).toBeNull();
    cache.delete('a');
    expect(cache.get('a')).toBeUndefined();
  });
});
