/**
 * How long a claim protects a send, by default (`OUTBOX_CLAIM_LEASE_MS` overrides it). Longer than
 * the notification activity's start-to-close timeout, so a claim is only taken over once the attempt
 * that made it can no longer be sending.
 */
export const OUTBOX_CLAIM_LEASE_MS = 2 * 60_000;

/**
 * The `sendNotification` activity's start-to-close timeout (workflows/order/notification-dispatch.ts):
 * production refuses a shorter lease, which could hand a send that is still running to a retry.
 */
export const NOTIFICATION_SEND_TIMEOUT_MS = 60_000;

export type ClaimOutcome = 'claimed' | 'in_flight' | 'sent' | 'failed' | 'skipped';

/** Where the notification activity records what it is about to send and what it sent. */
export interface Outbox {
  /**
   * Claims the key for sending: `claimed` for a first claim, or for a claim whose lease ran out
   * (an attempt died mid-send; it is retried with the same message ID); `in_flight` while another
   * attempt holds the lease; the final state once the key is settled. `leaseMs` defaults to
   * `OUTBOX_CLAIM_LEASE_MS`.
   */
  claim(key: string, meta: { orderId: string; milestone: string; channel: string }, leaseMs?: number): Promise<ClaimOutcome>;
  /** Gives a claim back after a send that certainly did not happen, so a retry need not wait out the lease. */
  release(key: string): Promise<void>;
  markSent(key: string, providerMessageId: string): Promise<void>;
  markFailed(key: string, reason: string): Promise<void>;
  /**
   * Records a message that was planned but not sent (collapsed, capped, unsubscribed, no provider),
   * unless the key already holds a message: the log shows why, and a later claim finds it settled.
   */
  markSkipped(key: string, meta: { orderId: string; milestone: string; channel: string }, reason: string): Promise<void>;
}

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Deterministic per outbox key, so a provider or mailbox can drop a duplicate. */
  messageId: string;
  /** Extra headers, e.g. List-Unsubscribe and List-Unsubscribe-Post (RFC 8058). */
  headers?: Readonly<Record<string, string>>;
}

/** Sends one email; throws `PermanentDeliveryError` when retrying can never help. */
export interface EmailSender {
  send(email: OutgoingEmail): Promise<{ providerMessageId: string }>;
}

export class PermanentDeliveryError extends Error {
  override readonly name = 'PermanentDeliveryError';
}
