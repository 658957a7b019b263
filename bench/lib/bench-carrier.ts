import type { CarrierAdapter, TrackResult } from '../../activities/carriers/carrier-adapter';
import type { TrackingEvent } from '../../workflows/shared/tracking';
import type { Carrier } from '../../workflows/shared/vocabulary';

/**
 * The benchmark's carrier: it knows what the bench told it (each scan is recorded here before it is
 * pushed), so a poll reads the same journey the pushes carry, as a real carrier's API would.
 */
export class BenchCarrier implements CarrierAdapter {
  readonly maxBatchSize = 1;
  private readonly scans = new Map<string, TrackingEvent[]>();
  private readonly lastCallAt = new Map<string, number>();
  /** Time between two calls for the same number, since the last `takeCallGaps`. */
  private callGapsMs: number[] = [];
  calls = 0;

  constructor(readonly carrier: Carrier) {}

  record(trackingNumber: string, event: TrackingEvent): void {
    this.scans.set(trackingNumber, [...(this.scans.get(trackingNumber) ?? []), event]);
  }

  /** A delivered parcel's journey is no longer needed once its workflows closed. */
  forget(trackingNumber: string): void {
    this.scans.delete(trackingNumber);
    this.lastCallAt.delete(trackingNumber);
  }

  takeCallGaps(): number[] {
    const gaps = this.callGapsMs;
    this.callGapsMs = [];
    return gaps;
  }

  track(trackingNumbers: readonly string[]): Promise<Map<string, TrackResult>> {
    const answers = new Map<string, TrackResult>();
    const now = Date.now();
    for (const trackingNumber of trackingNumbers) {
      this.calls += 1;
      const last = this.lastCallAt.get(trackingNumber);
      if (last !== undefined) this.callGapsMs.push(now - last);
      this.lastCallAt.set(trackingNumber, now);
      const events = this.scans.get(trackingNumber) ?? [];
      if (events.length === 0) answers.set(trackingNumber, { found: false });
      else answers.set(trackingNumber, { found: true, snapshot: { carrier: this.carrier, trackingNumber, status: events[events.length - 1].status, events } });
    }
    return Promise.resolve(answers);
  }
}
