import { Injectable } from '@nestjs/common';
import { FaultQueue } from '../controls/fault-queue';

/** A fault the emulator serves to a notification instead of its normal answer. A replay never uses one up. */
export type MobilePushFault =
  /** 500 `{ error: "internal_error" }`; nothing recorded, so a retry runs afresh. */
  | { kind: 'server_error' }
  /** 429 `{ error: "rate_limited" }` with `Retry-After` (seconds, default 30); nothing recorded. */
  | { kind: 'rate_limited'; retryAfterSeconds?: number }
  /** The notification IS recorded, but the 202 comes only after `delayMs` (past the client's timeout, say). */
  | { kind: 'slow'; delayMs: number }
  /**
   * The request waits `delayMs` before the emulator looks at it, as at a backend under load. A client
   * that hangs up meanwhile has sent nothing: the request is dropped unread (`stats.abandoned`).
   */
  | { kind: 'delay'; delayMs: number };

type DelayFault = Extract<MobilePushFault, { kind: 'delay' }>;

export interface QueuedMobilePushFault {
  fault: MobilePushFault;
  /** How many notifications it hits. */
  count: number;
}

export interface MobilePushStats {
  /** Every POST to the notifications endpoint. */
  received: number;
  /** Newly recorded notifications. */
  accepted: number;
  /** Repeats of a recorded `id`, answered with the first answer. */
  replayed: number;
  /** 401: signature headers missing or wrong, or the timestamp outside the tolerance. */
  signatureRejected: number;
  /** 400: a verified body that is not the documented format. */
  invalid: number;
  /** 410 `no_devices`. */
  noDevices: number;
  faults: number;
  /** Requests held by a `delay` fault whose client hung up before the emulator looked at them. */
  abandoned: number;
}

const emptyStats = (): MobilePushStats => ({ received: 0, accepted: 0, replayed: 0, signatureRejected: 0, invalid: 0, noDevices: 0, faults: 0, abandoned: 0 });

/**
 * Queued faults, the customers without devices, and counters of the mobile-push emulator. Kept in
 * the API process's memory like the other emulators' controls; the notifications themselves, which
 * replicas must agree on, are in MongoDB.
 */
@Injectable()
export class MobilePushControls {
  private readonly faults = new FaultQueue<MobilePushFault, QueuedMobilePushFault>();
  private readonly withoutDevices = new Set<string>();
  private counters = emptyStats();

  queueFault(queued: QueuedMobilePushFault): void {
    this.faults.push(queued);
  }

  pendingFaults(): QueuedMobilePushFault[] {
    return this.faults.pending();
  }

  /** The next queued fault that answers a notification (any but `delay`), counted and used up; undefined when none is queued. */
  takeFault(): Exclude<MobilePushFault, DelayFault> | undefined {
    const fault = this.faults.take(({ fault }) => fault.kind !== 'delay');
    return fault && fault.kind !== 'delay' ? this.counted(fault) : undefined;
  }

  /** The next queued `delay`, counted and used up: taken as a request arrives, whatever it turns out to be. */
  takeDelay(): DelayFault | undefined {
    const fault = this.faults.take(({ fault }) => fault.kind === 'delay');
    return fault?.kind === 'delay' ? this.counted(fault) : undefined;
  }

  private counted<F extends MobilePushFault>(fault: F): F {
    this.counters.faults += 1;
    return fault;
  }

  addNoDevices(customerRefs: readonly string[]): void {
    for (const ref of customerRefs) this.withoutDevices.add(ref);
  }

  removeNoDevices(customerRefs: readonly string[]): void {
    for (const ref of customerRefs) this.withoutDevices.delete(ref);
  }

  clearNoDevices(): void {
    this.withoutDevices.clear();
  }

  hasNoDevices(customerRef: string | undefined): boolean {
    return customerRef !== undefined && this.withoutDevices.has(customerRef);
  }

  noDevices(): string[] {
    return [...this.withoutDevices].sort();
  }

  count(counter: Exclude<keyof MobilePushStats, 'faults'>): void {
    this.counters[counter] += 1;
  }

  stats(): MobilePushStats {
    return { ...this.counters };
  }

  /** No faults, nobody without devices, zero counters. Recorded notifications stay: the sandbox keeps every side effect. */
  reset(): void {
    this.faults.clear();
    this.withoutDevices.clear();
    this.counters = emptyStats();
  }
}
