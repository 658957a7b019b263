import { BatchingTracker } from '../../../activities/carriers/batching-tracker';
import type { CarrierAdapter, TrackResult } from '../../../activities/carriers/carrier-adapter';
import type { TrackingSnapshot } from '../../../workflows/shared/tracking';

/** A carrier that answers every number it knows and records each call's batch. */
class RecordingBatchCarrier implements CarrierAdapter {
  readonly carrier = 'fedex' as const;
  readonly calls: string[][] = [];
  failure: Error | undefined;

  constructor(readonly maxBatchSize: number) {}

  async track(numbers: readonly string[]): Promise<Map<string, TrackResult>> {
    this.calls.push([...numbers]);
    if (this.failure) throw this.failure;
    const snapshot = (trackingNumber: string): TrackingSnapshot => ({ carrier: 'fedex', trackingNumber, status: 'in_transit', events: [] });
    return new Map(numbers.filter((n) => !n.startsWith('0')).map((n) => [n, { found: true, snapshot: snapshot(n) }]));
  }
}

describe(BatchingTracker.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('sends the numbers that fall due within the window as one call, and answers each caller', async () => {
    const carrier = new RecordingBatchCarrier(30);
    const sut = new BatchingTracker(carrier, 1_000);
    const answers = Promise.all(['111', '222', '333'].map((n) => sut.track(n)));
    await jest.advanceTimersByTimeAsync(999);
    expect(carrier.calls).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(carrier.calls).toEqual([['111', '222', '333']]);
    expect((await answers).map((r) => r.found && r.snapshot.trackingNumber)).toEqual(['111', '222', '333']);
  });

  it('sends a full batch at once and keeps the rest for the next one', async () => {
    const carrier = new RecordingBatchCarrier(2);
    const sut = new BatchingTracker(carrier, 1_000);
    const answers = Promise.all(['111', '222', '333'].map((n) => sut.track(n)));
    expect(carrier.calls).toEqual([['111', '222']]);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(carrier.calls).toEqual([['111', '222'], ['333']]);
    await answers;
  });

  it('asks once for a number two polls want, and reports unknown numbers as not found', async () => {
    const carrier = new RecordingBatchCarrier(30);
    const sut = new BatchingTracker(carrier, 10);
    const answers = Promise.all([sut.track('111'), sut.track('111'), sut.track('000')]);
    await jest.advanceTimersByTimeAsync(10);
    expect(carrier.calls).toEqual([['111', '000']]);
    expect((await answers).map((r) => r.found)).toEqual([true, true, false]);
  });

  it('fails every caller of a failed batch', async () => {
    const carrier = new RecordingBatchCarrier(30);
    carrier.failure = new Error('503');
    const sut = new BatchingTracker(carrier, 10);
    const answers = ['111', '222'].map((n) => sut.track(n).catch((e: unknown) => e));
    await jest.advanceTimersByTimeAsync(10);
    expect(await Promise.all(answers)).toEqual([carrier.failure, carrier.failure]);
  });
});
