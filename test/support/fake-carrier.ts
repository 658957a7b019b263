import type { CarrierAdapter, TrackResult } from '../../activities/carriers/carrier-adapter';
import type { TrackingEvent, TrackingSnapshot } from '../../workflows/shared/tracking';
import type { Carrier } from '../../workflows/shared/vocabulary';

/**
 * A carrier that answers from a script: the n-th call sees the n-th stage (the last stage repeats).
 * Each stage lists the events the carrier knows at that point.
 */
export class ScriptedCarrier implements CarrierAdapter {
  readonly maxBatchSize = 1;
  calls = 0;

  constructor(
    readonly carrier: Carrier,
    private readonly stages: TrackingEvent[][],
  ) {}

  async track(trackingNumbers: readonly string[]): Promise<Map<string, TrackResult>> {
    const events = this.stages[Math.min(this.calls, this.stages.length - 1)];
    this.calls += 1;
    const [trackingNumber] = trackingNumbers;
    if (events.length === 0) return new Map([[trackingNumber, { found: false }]]);
    const snapshot: TrackingSnapshot = {
      carrier: this.carrier,
      trackingNumber,
      status: events[events.length - 1].status,
      events,
    };
    return new Map([[trackingNumber, { found: true, snapshot }]]);
  }
}
