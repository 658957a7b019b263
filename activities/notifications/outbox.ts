/** Where the notification activity records what it is about to send and what it sent. */
export interface Outbox {
  /**
   * Claims the key for sending. Answers `claimed` for a first claim or for a claim left by an
   * attempt that died mid-send (which is then retried with the same message ID), and the final
   * state when the key is already settled.
   */
  claim(key: string, meta: { orderId: string; milestone: string; channel: string }): Promise<'claimed' | 'sent' | 'failed'>;
  markSent(key: string, providerMessageId: string): Promise<void>;
  markFailed(key: string, reason: string): Promise<void>;
}

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Deterministic per outbox key, so a provider or mailbox can drop a duplicate. */
  messageId: string;
}

/** Sends one email; throws `PermanentDeliveryError` when retrying can never help. */
export interface EmailSender {
  send(email: OutgoingEmail): Promise<{ providerMessageId: string }>;
}

export class PermanentDeliveryError extends Error {
  override readonly name = 'PermanentDeliveryError';
}
