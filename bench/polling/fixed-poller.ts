import type { CarrierAdapter } from '../../activities/carriers/carrier-adapter';
import { CarrierError, CarrierFailureType } from '../../activities/carriers/carrier-errors';
import type { Carrier } from '../../workflows/shared/vocabulary';

const FINAL = new Set(['delivered', 'returned', 'lost', 'expired']);

export interface FixedPollerParcel {
  carrier: Carrier;
  trackingNumber: string;
}

export type Noticed = Map<string, { noticedAt: number; occurredAt: string }>;

/**
 * The baseline: what a naive integration does. Every parcel is asked about every `intervalMs`, one
 * number per call, from the moment it is added until the carrier reports a final status or the
 * window closes.
 */
export class FixedPoller {
  calls = 0;
  rateLimited = 0;
  /** Real time each event fingerprint was first seen, per tracking number. */
  readonly noticed = new Map<string, Noticed>();
  readonly finalStatus = new Map<string, string>();
  private readonly running: Promise<void>[] = [];

  constructor(
    private readonly adapters: Partial<Record<Carrier, CarrierAdapter>>,
    private readonly intervalMs: number,
    private readonly until: () => number,
  ) {}

  add(parcel: FixedPollerParcel): void {
    this.running.push(this.follow(parcel));
  }

  async done(): Promise<void> {
    await Promise.all(this.running);
  }

  private async follow(parcel: FixedPollerParcel): Promise<void> {
    const adapter = this.adapters[parcel.carrier];
    if (!adapter) throw new Error(`No adapter for ${parcel.carrier}`);
    const seen: Noticed = new Map();
    this.noticed.set(parcel.trackingNumber, seen);
    while (Date.now() < this.until()) {
      this.calls += 1;
      try {
        const answer = (await adapter.track([parcel.trackingNumber])).get(parcel.trackingNumber);
        if (answer?.found) {
          for (const event of answer.snapshot.events) {
            if (!seen.has(event.fingerprint)) seen.set(event.fingerprint, { noticedAt: Date.now(), occurredAt: event.occurredAt });
          }
          this.finalStatus.set(parcel.trackingNumber, answer.snapshot.status);
          if (FINAL.has(answer.snapshot.status)) return;
        }
      } catch (err) {
        if (err instanceof CarrierError && err.type === CarrierFailureType.RATE_LIMITED) this.rateLimited += 1;
      }
      await new Promise((resolve) => setTimeout(resolve, this.intervalMs));
    }
  }
}
