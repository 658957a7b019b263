import { Injectable } from '@nestjs/common';
import { FaultQueue } from '../controls/fault-queue';

/** The create endpoints a fault can be aimed at. */
export type EscrowEndpoint = 'transfers' | 'refunds';

/** A fault the emulator serves to a create call instead of its normal answer. */
export type EscrowFault =
  /** 500 `api_error`; nothing is created and the key is not kept, so a retry runs afresh. */
  | { kind: 'server_error' }
  /**
   * The transaction IS created and its answer kept under the key, but the client never sees it:
   * the connection is dropped, or with `delayMs` the answer comes that late (past the client's timeout).
   */
  | { kind: 'timeout_after_commit'; delayMs?: number }
  /** 402 with `{ type: 'invalid_request_error', code }` (default `balance_insufficient`), kept under the key. */
  | { kind: 'decline'; code?: string }
  /** Holds the request for `delayMs` with its key in progress, so a repeat meanwhile sees 409. */
  | { kind: 'slow'; delayMs: number };

export interface QueuedEscrowFault {
  fault: EscrowFault;
  /** How many create calls it hits. */
  count: number;
  /** Which endpoint; both when omitted. */
  endpoint?: EscrowEndpoint;
}

export interface EscrowStats {
  /** Create calls per endpoint (authenticated), and lookups. */
  calls: { transfers: number; refunds: number; lookups: number };
  /** Transactions actually created. */
  created: { transfers: number; refunds: number };
  /** Answers replayed from a kept idempotency key. */
  replayed: number;
  /** 400 and 409 `idempotency_error` answers. */
  idempotencyErrors: number;
  faults: number;
}

const emptyStats = (): EscrowStats => ({ calls: { transfers: 0, refunds: 0, lookups: 0 }, created: { transfers: 0, refunds: 0 }, replayed: 0, idempotencyErrors: 0, faults: 0 });

/**
 * Queued faults and counters of the escrow emulator. Kept in the API process's memory like the
 * carrier controls: with several API replicas, a fault hits whichever replica takes the call.
 * Transactions and idempotency keys, which must agree across replicas, are in MongoDB.
 */
@Injectable()
export class EscrowControls {
  private readonly faults = new FaultQueue<EscrowFault, QueuedEscrowFault>();
  private counters = emptyStats();

  queueFault(queued: QueuedEscrowFault): void {
    this.faults.push(queued);
  }

  pendingFaults(): QueuedEscrowFault[] {
    return this.faults.pending();
  }

  /** The next fault aimed at this endpoint, counted and used up; undefined when none is queued. */
  takeFault(endpoint: EscrowEndpoint): EscrowFault | undefined {
    const fault = this.faults.take((f) => f.endpoint === undefined || f.endpoint === endpoint);
    if (fault) this.counters.faults += 1;
    return fault;
  }

  countCall(endpoint: EscrowEndpoint | 'lookups'): void {
    this.counters.calls[endpoint] += 1;
  }

  countCreated(endpoint: EscrowEndpoint): void {
    this.counters.created[endpoint] += 1;
  }

  countReplay(): void {
    this.counters.replayed += 1;
  }

  countIdempotencyError(): void {
    this.counters.idempotencyErrors += 1;
  }

  stats(): EscrowStats {
    const { calls, created, ...rest } = this.counters;
    return { ...rest, calls: { ...calls }, created: { ...created } };
  }

  /** No faults, zero counters. Transactions and keys stay: the sandbox keeps every side effect. */
  reset(): void {
    this.faults.clear();
    this.counters = emptyStats();
  }
}
