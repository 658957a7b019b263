import { CarrierControls } from '../../../src/sandbox/controls/carrier-controls';

const T0 = Date.parse('2026-03-02T15:00:00Z');

describe(CarrierControls.name, () => {
  const controls = (limits = {}) => {
    const sut = new CarrierControls();
    sut.initialise('fedex', { rateLimit: { calls: 2, windowMs: 10_000 }, ...limits });
    return sut;
  };

  it('serves calls within the sliding window and refuses the rest with the window as Retry-After', () => {
    const sut = controls();
    expect(sut.admit('fedex', 'track', 'client', T0).outcome).toBe('serve');
    expect(sut.admit('fedex', 'track', 'client', T0 + 1).outcome).toBe('serve');
    expect(sut.admit('fedex', 'track', 'client', T0 + 2)).toEqual({ outcome: 'rate_limited', reason: 'rate_limit', retryAfterSeconds: 10, delayMs: 0 });
    expect(sut.admit('fedex', 'track', 'other-client', T0 + 2).outcome).toBe('serve');
    expect(sut.admit('fedex', 'track', 'client', T0 + 10_001).outcome).toBe('serve');
  });

  it('never rate-limits token calls, which carriers limit differently', () => {
    const sut = controls({ rateLimit: { calls: 1, windowMs: 1_000 } });
    for (let i = 0; i < 5; i++) expect(sut.admit('fedex', 'token', 'client', T0).outcome).toBe('serve');
  });

  it('enforces a quota per fixed UTC window and says when it resets', () => {
    const sut = controls({ rateLimit: { calls: 100, windowMs: 1_000 }, quota: { calls: 2, windowMs: 86_400_000 } });
    const midnight = Date.parse('2026-03-03T00:00:00Z');
    sut.admit('fedex', 'track', 'client', midnight - 3_600_000);
    sut.admit('fedex', 'track', 'client', midnight - 3_599_000);
    expect(sut.admit('fedex', 'track', 'client', midnight - 3_598_000)).toMatchObject({ outcome: 'rate_limited', reason: 'quota', retryAfterSeconds: 3_598 });
    expect(sut.admit('fedex', 'track', 'client', midnight).outcome).toBe('serve');
  });

  it('serves queued faults first, for the targeted endpoint only, exactly count times', () => {
    const sut = controls();
    sut.queueFault('fedex', { fault: { kind: 'status', status: 503 }, count: 2, endpoint: 'track' });
    expect(sut.admit('fedex', 'token', 'client', T0).outcome).toBe('serve');
    expect(sut.admit('fedex', 'track', 'client', T0)).toMatchObject({ outcome: 'fault', fault: { kind: 'status', status: 503 } });
    expect(sut.admit('fedex', 'track', 'client', T0)).toMatchObject({ outcome: 'fault' });
    expect(sut.pendingFaults('fedex')).toEqual([]);
    expect(sut.admit('fedex', 'track', 'client', T0).outcome).toBe('serve');
  });

  it('counts calls, tracked numbers, rate limits, faults and pushes', () => {
    const sut = controls({ rateLimit: { calls: 1, windowMs: 1_000 } });
    sut.queueFault('fedex', { fault: { kind: 'malformed' }, count: 1 });
    sut.admit('fedex', 'token', 'client', T0);
    sut.admit('fedex', 'track', 'client', T0, 30);
    sut.admit('fedex', 'track', 'client', T0, 30);
    sut.recordPush('fedex', true);
    sut.recordPush('fedex', false);
    expect(sut.stats('fedex')).toEqual({
      calls: { token: 1, track: 2 },
      trackedNumbers: 30,
      rateLimited: 1,
      faults: 1,
      pushes: { delivered: 1, failed: 1 },
    });
  });

  it('applies configured latency and refuses nonsensical limits', () => {
    const sut = controls();
    sut.configure('fedex', { latencyMs: 250 });
    expect(sut.admit('fedex', 'track', 'client', T0).delayMs).toBe(250);
    expect(() => sut.configure('fedex', { rateLimit: { calls: 0, windowMs: 1_000 } })).toThrow(RangeError);
    expect(() => sut.configure('fedex', { tokenTtlSeconds: 0 })).toThrow(RangeError);
    expect(() => sut.queueFault('fedex', { fault: { kind: 'malformed' }, count: 0 })).toThrow(RangeError);
    expect(sut.limits('fedex').latencyMs).toBe(250);
  });

  it('resets to the starting limits with no faults and zero counters', () => {
    const sut = controls();
    sut.queueFault('fedex', { fault: { kind: 'malformed' }, count: 3 });
    sut.admit('fedex', 'track', 'client', T0);
    sut.configure('fedex', { latencyMs: 5 });
    sut.reset('fedex');
    expect(sut.limits('fedex').latencyMs).toBe(0);
    expect(sut.pendingFaults('fedex')).toEqual([]);
    expect(sut.stats('fedex').calls.track).toBe(0);
  });
});
