import { alternatingOrder, median, rounded, sizeFromEnv } from '../../../bench/lib/statistics';

describe('benchmark statistics', () => {
  it('takes the median of odd and even samples', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeUndefined();
  });

  it('alternates candidate and baseline, swapping who goes first each round', () => {
    expect(alternatingOrder(3)).toEqual(['candidate', 'baseline', 'baseline', 'candidate', 'candidate', 'baseline']);
  });

  it('rounds for reports and marks a missing figure as NaN', () => {
    expect(rounded(1.23456)).toBe(1.235);
    expect(rounded(undefined)).toBeNaN();
  });

  it('reads sizes from the environment and refuses anything but a positive integer', () => {
    expect(sizeFromEnv('BENCH_X', 7, {})).toBe(7);
    expect(sizeFromEnv('BENCH_X', 7, { BENCH_X: '40' })).toBe(40);
    for (const bad of ['0', '-3', '2.5', 'ten']) expect(() => sizeFromEnv('BENCH_X', 7, { BENCH_X: bad })).toThrow(/BENCH_X must be a positive integer/);
  });
});
