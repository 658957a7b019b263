import { Injectable } from '@nestjs/common';
import { FaultQueue } from '../controls/fault-queue';

/** A fault the SMTP sink serves to a message once its last line has arrived, instead of its normal answer. */
export type SmtpSinkFault =
  /**
   * The message IS kept at once, but the `250` that tells the client comes only after `delayMs`: a
   * client that gives up or dies meanwhile cannot know the mail went (RFC 1047's duplicate).
   */
  | { kind: 'slow'; delayMs: number }
  /**
   * The sink waits `delayMs` before it takes the message, as a server under load. A client that hangs
   * up meanwhile has sent nothing: the message is dropped unread (`stats.abandoned`).
   */
  | { kind: 'delay'; delayMs: number };

export interface QueuedSmtpSinkFault {
  fault: SmtpSinkFault;
  /** How many messages it hits. */
  count: number;
}

export interface SmtpSinkStats {
  /** Messages received in full (whatever became of them). */
  received: number;
  /** Messages kept: every delivery, including a repeat of a Message-ID the sink already holds. */
  kept: number;
  /** Messages held by a `delay` fault whose client hung up before the sink took them. */
  abandoned: number;
  faults: number;
}

const emptyStats = (): SmtpSinkStats => ({ received: 0, kept: 0, abandoned: 0, faults: 0 });

/**
 * Queued faults and counters of the SMTP sink. Kept in the API process's memory like the other
 * emulators' controls; the mail itself is in MongoDB.
 */
@Injectable()
export class SmtpSinkControls {
  private readonly faults = new FaultQueue<SmtpSinkFault, QueuedSmtpSinkFault>();
  private counters = emptyStats();

  queueFault(queued: QueuedSmtpSinkFault): void {
    this.faults.push(queued);
  }

  pendingFaults(): QueuedSmtpSinkFault[] {
    return this.faults.pending();
  }

  /** The next queued fault, counted and used up; undefined when none is queued. */
  takeFault(): SmtpSinkFault | undefined {
    const fault = this.faults.take();
    if (fault) this.counters.faults += 1;
    return fault;
  }

  count(counter: Exclude<keyof SmtpSinkStats, 'faults'>): void {
    this.counters[counter] += 1;
  }

  stats(): SmtpSinkStats {
    return { ...this.counters };
  }

  /** No faults, zero counters. Caught mail stays (`DELETE /sandbox/mail` clears it). */
  reset(): void {
    this.faults.clear();
    this.counters = emptyStats();
  }
}
