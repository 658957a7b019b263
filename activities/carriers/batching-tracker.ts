import type { CarrierAdapter, TrackResult } from './carrier-adapter';

interface Waiter {
  trackingNumber: string;
  resolve: (result: TrackResult) => void;
  reject: (error: unknown) => void;
}

/**
 * Gathers the single-number polls that fall due close together into one batched carrier call
 * (FedEx takes 30 numbers per call), so a worker following many parcels spends fewer calls per
 * parcel. A batch leaves when it is full or `windowMs` after its first number, whichever is first.
 */
export class BatchingTracker {
  private pending: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly adapter: CarrierAdapter,
    private readonly windowMs: number,
  ) {}

  track(trackingNumber: string): Promise<TrackResult> {
    return new Promise<TrackResult>((resolve, reject) => {
      this.pending.push({ trackingNumber, resolve, reject });
      if (this.pending.length >= this.adapter.maxBatchSize) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.windowMs);
    });
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending.splice(0, this.adapter.maxBatchSize);
    if (this.pending.length > 0) this.timer = setTimeout(() => this.flush(), this.windowMs);
    if (batch.length === 0) return;
    const numbers = [...new Set(batch.map((w) => w.trackingNumber))];
    this.adapter.track(numbers).then(
      (results) => {
        for (const waiter of batch) waiter.resolve(results.get(waiter.trackingNumber) ?? { found: false });
      },
      (error: unknown) => {
        for (const waiter of batch) waiter.reject(error);
      },
    );
  }
}
