import type { CarrierAdapter } from '../../activities/carriers/carrier-adapter';
import { CarrierError, CarrierFailureType } from '../../activities/carriers/carrier-errors';
import type { Carrier } from '../../workflows/shared/vocabulary';

const FINAL = new Set(['delivered', 'returned', 'lost', 'expired']);

export interface FixedPollerParcel {
  carrier: Carrier;
  trackingNumber: string;
}

export interface FixedPollerResult {
  calls: number;
  rateLimited: number;
  /** Real time each event fingerprint was first seen, per tracking number. */
  noticed: Map<string, Map<string, { noticedAt: number; occurredAt: string }>>;
  finalStatus: Map<string, string>;
}

/**
 * The baseline: what a naive integration does. Every parcel is asked about every `intervalMs`, one
 * number per call, until the carrier reports a final status or the window closes.
 */
export async function runFixedPoller(
  parcels: readonly FixedPollerParcel[],
  adapters: Partial<Record<Carrier, CarrierAdapter>>,
  intervalMs: number,
  until: number,
): Promise<FixedPollerResult> {
  const result: FixedPollerResult = { calls: 0, rateLimited: 0, noticed: new Map(), finalStatus: new Map() };
  await Promise.all(
    parcels.map(async (parcel, index) => {
      const adapter = adapters[parcel.carrier];
      if (!adapter) throw new Error(`No adapter for ${parcel.carrier}`);
      const seen = new Map<string, { noticedAt: number; occurredAt: string }>();
      result.noticed.set(parcel.trackingNumber, seen);
      // Spread the parcels over the interval, as a cron over many orders would.
      await sleep(Math.round((index / parcels.length) * intervalMs));
      while (Date.now() < until) {
        result.calls += 1;
        try {
          const answer = (await adapter.track([parcel.trackingNumber])).get(parcel.trackingNumber);
          if (answer?.found) {
            for (const event of answer.snapshot.events) {
              if (!seen.has(event.fingerprint)) seen.set(event.fingerprint, { noticedAt: Date.now(), occurredAt: event.occurredAt });
            }
            result.finalStatus.set(parcel.trackingNumber, answer.snapshot.status);
            if (FINAL.has(answer.snapshot.status)) return;
          }
        } catch (err) {
          if (err instanceof CarrierError && err.type === CarrierFailureType.RATE_LIMITED) result.rateLimited += 1;
        }
        await sleep(intervalMs);
      }
    }),
  );
  return result;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
