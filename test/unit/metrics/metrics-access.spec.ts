import { apiMetricsAccess, decideMetricsAccess, workerMetricsAccess } from '../../../src/metrics/metrics-access';

const TOKEN = 'metrics-token-0123456789abcdef0123456789';

describe('who may read /metrics', () => {
  it('opens the API outside production without a token, and turns it off in production', () => {
    expect(decideMetricsAccess(apiMetricsAccess('development', undefined), undefined)).toBe('allowed');
    expect(decideMetricsAccess(apiMetricsAccess('test', undefined), undefined)).toBe('allowed');
    expect(decideMetricsAccess(apiMetricsAccess('production', undefined), `Bearer ${TOKEN}`)).toBe('not_found');
  });

  it.each(['production', 'development'] as const)('requires the token, once set, in %s', (env) => {
    const access = apiMetricsAccess(env, TOKEN);
    expect(decideMetricsAccess(access, `Bearer ${TOKEN}`)).toBe('allowed');
    expect(decideMetricsAccess(access, `bearer   ${TOKEN}`)).toBe('allowed');
    expect(decideMetricsAccess(access, undefined)).toBe('unauthorized');
    expect(decideMetricsAccess(access, `Bearer ${TOKEN}x`)).toBe('unauthorized');
    expect(decideMetricsAccess(access, `Bearer ${TOKEN.slice(0, -1)}`)).toBe('unauthorized');
    expect(decideMetricsAccess(access, `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`)).toBe('unauthorized');
    expect(decideMetricsAccess(access, 'Bearer ')).toBe('unauthorized');
  });

  it('keeps the worker open without a token (its port is internal) and closed to a wrong one with it', () => {
    expect(decideMetricsAccess(workerMetricsAccess(undefined), undefined)).toBe('allowed');
    expect(decideMetricsAccess(workerMetricsAccess(TOKEN), 'Bearer nope')).toBe('unauthorized');
    expect(decideMetricsAccess(workerMetricsAccess(TOKEN), `Bearer ${TOKEN}`)).toBe('allowed');
  });
});
