import type { TrackingSnapshot } from '../../workflows/shared/tracking';
import type { Carrier } from '../../workflows/shared/vocabulary';

export type TrackResult = { found: true; snapshot: TrackingSnapshot } | { found: false };

/**
 * One adapter per carrier: token handling, the tracking call (batched where the API allows),
 * normalisation into the unified event model and error classification. Adapters throw
 * `CarrierError`s; the activity layer turns them into `ApplicationFailure`s.
 */
export interface CarrierAdapter {
  readonly carrier: Carrier;
  /** How many tracking numbers one tracking call may carry. */
  readonly maxBatchSize: number;
  /** Tracks up to `maxBatchSize` numbers. The result has an entry for every number asked for. */
  track(trackingNumbers: readonly string[], options?: { signal?: AbortSignal }): Promise<Map<string, TrackResult>>;
}
