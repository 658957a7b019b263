import { Injectable } from '@nestjs/common';
import { SlidingWindowRateLimiter } from '../http/sliding-window-rate-limiter';
import { FaultQueue } from './fault-queue';
import type { Carrier } from '../../../workflows/shared/vocabulary';

/** The emulated endpoints whose calls are limited, faulted and counted. */
export type EmulatorEndpoint = 'token' | 'track';

/** A fault an emulator serves instead of a normal answer. */
export type CarrierFault =
  /** An HTTP error in the carrier's own envelope. 429 carries `Retry-After` when `retryAfterSeconds` is set. */
  | { kind: 'status'; status: 429 | 500 | 502 | 503 | 504; retryAfterSeconds?: number }
  /** A 200 whose body is cut off mid-JSON. */
  | { kind: 'malformed' }
  /** A normal answer, only late. */
  | { kind: 'slow'; delayMs: number };

export interface QueuedFault {
  fault: CarrierFault;
  /** How many calls it hits. */
  count: number;
  /** Which endpoint; both when omitted. */
  endpoint?: EmulatorEndpoint;
}

export interface CarrierLimits {
  /** Track calls allowed per client in any sliding window of `windowMs` (FedEx: 10 s windows). */
  rateLimit: { calls: number; windowMs: number };
  /**
   * Track calls allowed per client per fixed window aligned to UTC (DHL: per day, resetting at
   * 00:00 GMT; USPS: per hour); null for none.
   */
  quota: { calls: number; windowMs: number } | null;
  /** Lifetime of issued OAuth tokens, in seconds. */
  tokenTtlSeconds: number;
  /** Added to every answer, to see timeouts and slow carriers. */
  latencyMs: number;
}

/** What the emulator must do with one call. */
export type Admission =
  | { outcome: 'serve'; delayMs: number }
  | { outcome: 'fault'; fault: CarrierFault; delayMs: number }
  /** Over the sliding limit or the quota; the emulator answers with the carrier's own 429. */
  | { outcome: 'rate_limited'; reason: 'rate_limit' | 'quota'; retryAfterSeconds: number; delayMs: number };

/** One tracking number's share of a carrier's track calls: a batch of k numbers counts 1/k for each. */
export interface NumberStats {
  trackCalls: number;
  rateLimited: number;
}

export interface CarrierStats {
  calls: Record<EmulatorEndpoint, number>;
  /** Numbers asked about by track calls (a FedEx batch of 30 counts 30). */
  trackedNumbers: number;
  rateLimited: number;
  faults: number;
  /** Pushes delivered to Waybill, and the ones it refused or that failed. */
  pushes: { delivered: number; failed: number };
}

const DEFAULT_LIMITS: CarrierLimits = { rateLimit: { calls: 50, windowMs: 1_000 }, quota: null, tokenTtlSeconds: 3600, latencyMs: 0 };

function emptyStats(): CarrierStats {
  return { calls: { token: 0, track: 0 }, trackedNumbers: 0, rateLimited: 0, faults: 0, pushes: { delivered: 0, failed: 0 } };
}

interface CarrierState {
  /** What `reset` goes back to. */
  initial: CarrierLimits;
  limits: CarrierLimits;
  limiter: SlidingWindowRateLimiter;
  faults: FaultQueue<CarrierFault, QueuedFault>;
  stats: CarrierStats;
  quota: Map<string, { window: number; used: number }>;
  numbers: Map<string, NumberStats>;
}

/** Counters per tracking number are for benchmarks and demos; beyond this many, the oldest are dropped. */
const MAX_TRACKED_NUMBERS = 100_000;

/**
 * The sandbox's knobs for every emulated carrier: rate limits, quotas, token lifetime, latency and
 * a queue of forced faults, plus counters of what each emulator served. Emulators ask `admit` before
 * answering a call and render the verdict in their carrier's own format.
 */
@Injectable()
export class CarrierControls {
  private readonly carriers = new Map<Carrier, CarrierState>();

  /** Sets a carrier's starting limits (from the sandbox options); later `configure` calls patch them. */
  initialise(carrier: Carrier, limits: Partial<CarrierLimits>): void {
    this.carriers.set(carrier, this.freshState({ ...DEFAULT_LIMITS, ...limits }));
  }

  limits(carrier: Carrier): CarrierLimits {
    return { ...this.state(carrier).limits };
  }

  configure(carrier: Carrier, patch: Partial<CarrierLimits>): CarrierLimits {
    const state = this.state(carrier);
    const limits = { ...state.limits, ...patch };
    validateLimits(limits);
    state.limits = limits;
    if (patch.rateLimit !== undefined) state.limiter = new SlidingWindowRateLimiter(limits.rateLimit.calls, limits.rateLimit.windowMs);
    if (patch.quota !== undefined) state.quota.clear();
    return { ...limits };
  }

  queueFault(carrier: Carrier, queued: QueuedFault): void {
    this.state(carrier).faults.push(queued);
  }

  pendingFaults(carrier: Carrier): QueuedFault[] {
    return this.state(carrier).faults.pending();
  }

  /**
   * Decides one call: a queued fault first, then (for track calls) the client's sliding limit and
   * quota. Counts the call either way. `tracked` is the tracking numbers a track call asks about
   * (or just how many), so each number's share of calls can be reported.
   */
  admit(carrier: Carrier, endpoint: EmulatorEndpoint, clientId: string, nowMs: number, tracked: number | readonly string[] = 1): Admission {
    const admission = this.decide(carrier, endpoint, clientId, nowMs, typeof tracked === 'number' ? tracked : tracked.length);
    if (endpoint === 'track' && typeof tracked !== 'number') this.countPerNumber(this.state(carrier), tracked, admission.outcome === 'rate_limited');
    return admission;
  }

  /** How many track calls asked about this number (fractions for batches), and how many were refused with 429. */
  numberStats(carrier: Carrier, trackingNumber: string): NumberStats {
    const found = this.state(carrier).numbers.get(trackingNumber.toUpperCase());
    return found ? { ...found } : { trackCalls: 0, rateLimited: 0 };
  }

  private countPerNumber(state: CarrierState, numbers: readonly string[], rateLimited: boolean): void {
    for (const raw of numbers) {
      const key = raw.toUpperCase();
      const entry = state.numbers.get(key) ?? { trackCalls: 0, rateLimited: 0 };
      entry.trackCalls += 1 / numbers.length;
      if (rateLimited) entry.rateLimited += 1;
      state.numbers.delete(key);
      state.numbers.set(key, entry);
      if (state.numbers.size > MAX_TRACKED_NUMBERS) {
        const oldest = state.numbers.keys().next().value;
        if (oldest !== undefined) state.numbers.delete(oldest);
      }
    }
  }

  private decide(carrier: Carrier, endpoint: EmulatorEndpoint, clientId: string, nowMs: number, trackedNumbers: number): Admission {
    const state = this.state(carrier);
    const delayMs = state.limits.latencyMs;
    state.stats.calls[endpoint] += 1;
    const fault = state.faults.take((f) => f.endpoint === undefined || f.endpoint === endpoint);
    if (fault) {
      state.stats.faults += 1;
      if (fault.kind === 'status' && fault.status === 429) state.stats.rateLimited += 1;
      return { outcome: 'fault', fault, delayMs };
    }
    if (endpoint !== 'track') return { outcome: 'serve', delayMs };
    const { rateLimit, quota } = state.limits;
    if (!state.limiter.tryAcquire(clientId, nowMs)) {
      state.stats.rateLimited += 1;
      return { outcome: 'rate_limited', reason: 'rate_limit', retryAfterSeconds: Math.ceil(rateLimit.windowMs / 1000), delayMs };
    }
    if (quota !== null) {
      const window = Math.floor(nowMs / quota.windowMs);
      const used = state.quota.get(clientId);
      const usage = used && used.window === window ? used : { window, used: 0 };
      if (usage.used >= quota.calls) {
        state.stats.rateLimited += 1;
        const retryAfterSeconds = Math.ceil(((window + 1) * quota.windowMs - nowMs) / 1000);
        return { outcome: 'rate_limited', reason: 'quota', retryAfterSeconds, delayMs };
      }
      usage.used += 1;
      state.quota.set(clientId, usage);
    }
    state.stats.trackedNumbers += trackedNumbers;
    return { outcome: 'serve', delayMs };
  }

  recordPush(carrier: Carrier, delivered: boolean): void {
    const { pushes } = this.state(carrier).stats;
    if (delivered) pushes.delivered += 1;
    else pushes.failed += 1;
  }

  stats(carrier: Carrier): CarrierStats {
    const { stats } = this.state(carrier);
    return { ...stats, calls: { ...stats.calls }, pushes: { ...stats.pushes } };
  }

  /** Back to the starting limits, no faults, zero counters. */
  reset(carrier: Carrier): void {
    this.carriers.set(carrier, this.freshState(this.state(carrier).initial));
  }

  private freshState(limits: CarrierLimits): CarrierState {
    validateLimits(limits);
    return {
      initial: limits,
      limits,
      limiter: new SlidingWindowRateLimiter(limits.rateLimit.calls, limits.rateLimit.windowMs),
      faults: new FaultQueue(),
      stats: emptyStats(),
      quota: new Map(),
      numbers: new Map(),
    };
  }

  private state(carrier: Carrier): CarrierState {
    let state = this.carriers.get(carrier);
    if (!state) {
      state = this.freshState({ ...DEFAULT_LIMITS });
      this.carriers.set(carrier, state);
    }
    return state;
  }
}

function validateLimits(limits: CarrierLimits): void {
  const { rateLimit, quota } = limits;
  if (!Number.isInteger(rateLimit.calls) || rateLimit.calls < 1) throw new RangeError('rateLimit.calls must be a positive integer');
  if (!Number.isInteger(rateLimit.windowMs) || rateLimit.windowMs < 1) throw new RangeError('rateLimit.windowMs must be a positive integer');
  if (quota !== null && (!Number.isInteger(quota.calls) || quota.calls < 0 || !Number.isInteger(quota.windowMs) || quota.windowMs < 1)) {
    throw new RangeError('quota needs a non-negative integer of calls and a positive integer windowMs, or null');
  }
  if (!Number.isInteger(limits.tokenTtlSeconds) || limits.tokenTtlSeconds < 1) throw new RangeError('tokenTtlSeconds must be a positive integer');
  if (!Number.isInteger(limits.latencyMs) || limits.latencyMs < 0) throw new RangeError('latencyMs must be a non-negative integer');
}
