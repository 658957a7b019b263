import { Injectable } from '@nestjs/common';
import { FaultQueue } from '../controls/fault-queue';

/** A fault the emulator serves to a send instead of its normal answer. */
export type SmsFault =
  /** 500 code 20500; nothing sent and the token not kept, so a retry runs afresh. */
  | { kind: 'server_error' }
  /** 429 code 20429; nothing sent and the token not kept. */
  | { kind: 'rate_limited' }
  /**
   * The message IS accepted, recorded and kept under its token, but the client never hears: the
   * connection is dropped, or with `delayMs` the answer comes that late (past the client's timeout).
   */
  | { kind: 'timeout'; delayMs?: number }
  /**
   * The request waits `delayMs` before the emulator looks at it, as at a provider under load. A client
   * that hangs up meanwhile has sent nothing: the request is dropped unread (`stats.abandoned`).
   */
  | { kind: 'delay'; delayMs: number };

type DelayFault = Extract<SmsFault, { kind: 'delay' }>;

export interface QueuedSmsFault {
  fault: SmsFault;
  /** How many sends it hits. */
  count: number;
}

export interface SmsStats {
  /** Authenticated send calls. */
  calls: number;
  /** Messages recorded. */
  accepted: number;
  /** Answers replayed from a kept idempotency token. */
  replayed: number;
  /** 4xx answers to authenticated calls (invalid or stopped numbers, missing fields, a token in use). */
  rejected: number;
  faults: number;
  /** Requests held by a `delay` fault whose client hung up before the emulator looked at them. */
  abandoned: number;
}

const emptyStats = (): SmsStats => ({ calls: 0, accepted: 0, replayed: 0, rejected: 0, faults: 0, abandoned: 0 });

/**
 * Queued faults, "stopped" numbers (recipients who replied STOP) and counters of the SMS emulator.
 * Kept in the API process's memory like the other emulators' controls: with several API replicas,
 * each has its own. Messages and idempotency tokens, which must agree across replicas, are in MongoDB.
 */
@Injectable()
export class SmsControls {
  private readonly faults = new FaultQueue<SmsFault, QueuedSmsFault>();
  private readonly stopped = new Set<string>();
  private counters = emptyStats();

  queueFault(queued: QueuedSmsFault): void {
    this.faults.push(queued);
  }

  pendingFaults(): QueuedSmsFault[] {
    return this.faults.pending();
  }

  /** The next queued fault that answers a send (any but `delay`), counted and used up; undefined when none is queued. */
  takeFault(): Exclude<SmsFault, DelayFault> | undefined {
    const fault = this.faults.take(({ fault }) => fault.kind !== 'delay');
    return fault && fault.kind !== 'delay' ? this.counted(fault) : undefined;
  }

  /** The next queued `delay`, counted and used up: taken as a request arrives, whatever it turns out to be. */
  takeDelay(): DelayFault | undefined {
    const fault = this.faults.take(({ fault }) => fault.kind === 'delay');
    return fault?.kind === 'delay' ? this.counted(fault) : undefined;
  }

  private counted<F extends SmsFault>(fault: F): F {
    this.counters.faults += 1;
    return fault;
  }

  /** Numbers in E.164. */
  stop(number: string): void {
    this.stopped.add(number);
  }

  /** Like the recipient texting START; false when the number was not stopped. */
  unstop(number: string): boolean {
    return this.stopped.delete(number);
  }

  isStopped(number: string): boolean {
    return this.stopped.has(number);
  }

  stoppedNumbers(): string[] {
    return [...this.stopped].sort();
  }

  count(what: keyof SmsStats): void {
    this.counters[what] += 1;
  }

  stats(): SmsStats {
    return { ...this.counters };
  }

  /** No faults, no stopped numbers, zero counters. Messages stay: the sandbox keeps every side effect. */
  reset(): void {
    this.faults.clear();
    this.stopped.clear();
    this.counters = emptyStats();
  }
}
