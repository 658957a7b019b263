import { Injectable } from '@nestjs/common';
import { FaultQueue } from '../controls/fault-queue';

/** What the sandbox platform answers a delivery with instead of accepting it. */
export type PlatformWebhookReceiverFault =
  /** 500: the platform is down; the sender retries. */
  | { kind: 'server_error' }
  /** 410 Gone: the platform refuses these webhooks for good; the sender gives up at once. */
  | { kind: 'gone' }
  /** Waits `delayMs` before handling the delivery normally (past the sender's timeout, the sender never hears it was accepted). */
  | { kind: 'slow'; delayMs: number };

export interface QueuedPlatformWebhookReceiverFault {
  fault: PlatformWebhookReceiverFault;
  /** How many deliveries it hits. */
  count: number;
}

export interface PlatformWebhookReceiverStats {
  /** Every POST, faulted or not. */
  received: number;
  /** Verified and recorded for the first time. */
  accepted: number;
  /** Verified, with a webhook-id already recorded: answered 204, recorded nothing. */
  duplicates: number;
  /** 401: missing headers, a bad signature or a timestamp outside the tolerance. */
  rejected: number;
  faults: number;
}

const emptyStats = (): PlatformWebhookReceiverStats => ({ received: 0, accepted: 0, duplicates: 0, rejected: 0, faults: 0 });

/**
 * Queued faults and counters of the sandbox platform receiver, in the API process's memory like
 * the other sandbox controls. Accepted webhooks are in MongoDB.
 */
@Injectable()
export class PlatformWebhookReceiverControls {
  private readonly faults = new FaultQueue<PlatformWebhookReceiverFault, QueuedPlatformWebhookReceiverFault>();
  private counters = emptyStats();

  queueFault(queued: QueuedPlatformWebhookReceiverFault): void {
    this.faults.push(queued);
  }

  pendingFaults(): QueuedPlatformWebhookReceiverFault[] {
    return this.faults.pending();
  }

  /** The next fault, counted and used up; undefined when none is queued. */
  takeFault(): PlatformWebhookReceiverFault | undefined {
    const fault = this.faults.take();
    if (fault) this.counters.faults += 1;
    return fault;
  }

  count(what: Exclude<keyof PlatformWebhookReceiverStats, 'faults'>): void {
    this.counters[what] += 1;
  }

  stats(): PlatformWebhookReceiverStats {
    return { ...this.counters };
  }

  /** No faults, zero counters. Accepted webhooks stay. */
  reset(): void {
    this.faults.clear();
    this.counters = emptyStats();
  }
}
