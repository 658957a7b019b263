import { createHash } from 'node:crypto';
import { activityInfo, cancellationSignal } from '@temporalio/activity';
import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import type { TrackingSnapshot } from '../../workflows/shared/tracking';
import type { Carrier } from '../../workflows/shared/vocabulary';
import { BatchingTracker } from './batching-tracker';
import type { CarrierAdapter, TrackResult } from './carrier-adapter';
import { CarrierError, CarrierFailureType } from './carrier-errors';

export interface PollCarrierInput {
  carrier: Carrier;
  trackingNumber: string;
  /** Digest of the last snapshot this shipment took in; an identical answer is not news. */
  lastDigest?: string;
  /** How long to wait between carrier calls while nothing changes. */
  intervalMs: number;
  /** Wait this long before the first call (right after a change, the carrier has nothing new yet). */
  firstCallDelayMs?: number;
}

export interface PollCarrierResult {
  snapshot: TrackingSnapshot;
  digest: string;
}

/**
 * Benign failure types: "nothing new yet". Temporal retries the activity after `nextRetryDelay`,
 * and retries are not written to workflow history, so a parcel that sits still costs no history.
 */
export const PollFailureType = {
  WAITING: 'PollWaiting',
  UNCHANGED: 'TrackingUnchanged',
  NOT_FOUND: 'TrackingNotFound',
  NOT_CONFIGURED: 'CarrierNotConfigured',
} as const;

/** Identifies the meaningful content of a snapshot, independent of event order and wording. */
export function snapshotDigest(snapshot: TrackingSnapshot): string {
  const essence = {
    status: snapshot.status,
    events: snapshot.events.map((e) => e.fingerprint).sort(),
    estimatedDelivery: snapshot.estimatedDelivery ?? null,
    proofOfDelivery: snapshot.proofOfDelivery ?? null,
    attempts: snapshot.attempts ?? null,
  };
  return createHash('sha256').update(JSON.stringify(essence)).digest('hex').slice(0, 32);
}

const notYet = (type: string, message: string, delayMs: number): ApplicationFailure =>
  ApplicationFailure.create({ type, message, nextRetryDelay: delayMs, category: ApplicationFailureCategory.BENIGN });

/** ±10 %: thousands of parcels created in one import must not poll the carrier in lockstep. */
const JITTER = 0.1;

/** Jitter lives here, outside the workflow, where randomness costs no determinism. */
export function jittered(intervalMs: number, random: () => number = Math.random): number {
  return Math.round(intervalMs * (1 - JITTER + 2 * JITTER * random()));
}

/**
 * A 429 means "slow down": the next call waits twice the usual interval, and never less than the
 * carrier's Retry-After.
 */
function rateLimited(err: CarrierError, intervalMs: number): ApplicationFailure {
  const failure = err.toApplicationFailure();
  return ApplicationFailure.create({
    type: err.type,
    message: failure.message,
    details: failure.details as unknown[],
    nextRetryDelay: Math.max(err.details.retryAfterMs ?? 0, jittered(2 * intervalMs)),
  });
}

export interface CarrierActivityOptions {
  /** How long a poll of a batching carrier waits for others to share its call. Default 1 s. */
  batchWindowMs?: number;
}

export function createCarrierActivities(adapters: Partial<Record<Carrier, CarrierAdapter>>, options: CarrierActivityOptions = {}) {
  const trackers = new Map<Carrier, BatchingTracker>();
  for (const adapter of Object.values(adapters)) {
    if (adapter.maxBatchSize > 1) trackers.set(adapter.carrier, new BatchingTracker(adapter, options.batchWindowMs ?? 1_000));
  }
  const trackOne = async (adapter: CarrierAdapter, trackingNumber: string): Promise<TrackResult | undefined> => {
    const batching = trackers.get(adapter.carrier);
    if (batching) return batching.track(trackingNumber);
    return (await adapter.track([trackingNumber], { signal: cancellationSignal() })).get(trackingNumber);
  };
  return {
    /**
     * Asks the carrier about one parcel and returns only news. "No news" is a benign retryable
     * failure, so the activity's own retries are the polling loop.
     */
    async pollCarrier(input: PollCarrierInput): Promise<PollCarrierResult> {
      if (activityInfo().attempt === 1 && input.firstCallDelayMs) {
        throw notYet(PollFailureType.WAITING, 'Next carrier call is scheduled', input.firstCallDelayMs);
      }
      const adapter = adapters[input.carrier];
      if (!adapter) {
        throw ApplicationFailure.nonRetryable(`No adapter is configured for carrier ${input.carrier}`, PollFailureType.NOT_CONFIGURED);
      }
      let result;
      try {
        result = await trackOne(adapter, input.trackingNumber);
      } catch (err) {
        if (!(err instanceof CarrierError)) throw err;
        throw err.type === CarrierFailureType.RATE_LIMITED ? rateLimited(err, input.intervalMs) : err.toApplicationFailure();
      }
      if (!result?.found) {
        throw notYet(PollFailureType.NOT_FOUND, 'The carrier does not know this tracking number yet', jittered(input.intervalMs));
      }
      const digest = snapshotDigest(result.snapshot);
      if (digest === input.lastDigest) {
        throw notYet(PollFailureType.UNCHANGED, 'No new tracking information', jittered(input.intervalMs));
      }
      return { snapshot: result.snapshot, digest };
    },
  };
}

export type CarrierActivities = ReturnType<typeof createCarrierActivities>;
