import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { CarrierAdapter, TrackResult } from '../../../activities/carriers/carrier-adapter';
import { CarrierError, CarrierFailureType } from '../../../activities/carriers/carrier-errors';
import { createCarrierActivities, jittered, type PollCarrierInput, type PollCarrierResult } from '../../../activities/carriers/poll-carrier.activity';

const TN = '1Z5R89390357567127';

function adapterFailingWith(error: Error): CarrierAdapter {
  return {
    carrier: 'ups',
    maxBatchSize: 1,
    track: (): Promise<Map<string, TrackResult>> => Promise.reject(error),
  };
}

async function pollError(adapter: CarrierAdapter, input: Partial<PollCarrierInput> = {}): Promise<ApplicationFailure> {
  const { pollCarrier } = createCarrierActivities({ ups: adapter });
  const env = new MockActivityEnvironment({ attempt: 2 });
  const outcome = await env
    .run<[PollCarrierInput], PollCarrierResult, typeof pollCarrier>(pollCarrier, { carrier: 'ups', trackingNumber: TN, intervalMs: 60_000, ...input })
    .then(
      () => undefined,
      (err: unknown) => err,
    );
  if (!(outcome instanceof ApplicationFailure)) throw new Error(`expected an ApplicationFailure, got ${String(outcome)}`);
  return outcome;
}

describe('pollCarrier', () => {
  it('waits twice the interval after a 429 without Retry-After', async () => {
    const failure = await pollError(adapterFailingWith(new CarrierError(CarrierFailureType.RATE_LIMITED, 'Too Many Requests', { httpStatus: 429 })));
    expect(failure.type).toBe(CarrierFailureType.RATE_LIMITED);
    expect(failure.nonRetryable).toBe(false);
    expect(failure.nextRetryDelay).toBeGreaterThanOrEqual(108_000);
    expect(failure.nextRetryDelay).toBeLessThanOrEqual(132_000);
  });

  it('never calls again before a Retry-After longer than that', async () => {
    const failure = await pollError(adapterFailingWith(new CarrierError(CarrierFailureType.RATE_LIMITED, 'slow down', { httpStatus: 429, retryAfterMs: 3_600_000 })));
    expect(failure.nextRetryDelay).toBe(3_600_000);
  });

  it('passes other carrier failures through with their own classification', async () => {
    const failure = await pollError(adapterFailingWith(new CarrierError(CarrierFailureType.AUTH_FAILED, 'bad credentials', { httpStatus: 401 })));
    expect(failure).toMatchObject({ type: CarrierFailureType.AUTH_FAILED, nonRetryable: true });
  });

  it('asks again after a jittered interval when the carrier does not know the number yet', async () => {
    const unknown: CarrierAdapter = { carrier: 'ups', maxBatchSize: 1, track: async () => new Map([[TN, { found: false }]]) };
    const failure = await pollError(unknown);
    expect(failure.type).toBe('TrackingNotFound');
    expect(failure.nextRetryDelay).toBeGreaterThanOrEqual(54_000);
    expect(failure.nextRetryDelay).toBeLessThanOrEqual(66_000);
  });
});

describe('jittered', () => {
  it('stays within ten percent either way', () => {
    expect(jittered(1000, () => 0)).toBe(900);
    expect(jittered(1000, () => 0.5)).toBe(1000);
    expect(jittered(1000, () => 0.999999)).toBe(1100);
  });
});
