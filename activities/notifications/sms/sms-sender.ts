/** One SMS to send. */
export interface OutgoingSms {
  /** The recipient in E.164 (`+447400123456`); anything else is refused before sending. */
  to: string;
  /** The text as sent. Templates keep it within `SMS_MAX_SEGMENTS` (see sms-segments.ts). */
  body: string;
  /** Deterministic per outbox key: the provider answers a repeat within 24 h with the first message. */
  idempotencyKey: string;
}

export interface SmsSent {
  /** The provider's ID of the message (Twilio's `SM…` SID). */
  providerMessageId: string;
  /** Segments billed: the provider's count when it gives one, otherwise Waybill's own. */
  segments: number;
}

export interface SmsSendOptions {
  /** The activity's cancellation, so a cancelled notification stops waiting on the provider. */
  signal?: AbortSignal;
}

/**
 * Sends one SMS. Throws `PermanentDeliveryError` (activities/notifications/outbox.ts) when retrying
 * can never help (an invalid or unsubscribed number), any other error when it may.
 */
export interface SmsSender {
  send(message: OutgoingSms, options?: SmsSendOptions): Promise<SmsSent>;
}

/** Failure types of SMS provider calls that may succeed later; the error's `type`. */
export const SmsProviderFailureType = {
  /** 5xx, timeouts, a dropped connection, an answer that is not the provider's. Whether the message was accepted is unknown. */
  UNAVAILABLE: 'SmsProviderUnavailable',
  /** 429. */
  RATE_LIMITED: 'SmsProviderRateLimited',
  /** 409: another request with the same idempotency key is still being processed. */
  BUSY: 'SmsProviderBusy',
  /** 401/403, or an account the provider does not know: the credentials need fixing, then sends resume. */
  AUTH_FAILED: 'SmsProviderAuthFailed',
  /** A refusal in the provider's envelope that is not about the recipient (a sender number it will not use, say). */
  REFUSED: 'SmsProviderRefused',
} as const;
export type SmsProviderFailureType = (typeof SmsProviderFailureType)[keyof typeof SmsProviderFailureType];

/** Not a `PermanentDeliveryError`: the outbox releases the claim and the activity retries. */
export class SmsProviderError extends Error {
  override readonly name = 'SmsProviderError';

  constructor(
    readonly type: SmsProviderFailureType,
    message: string,
    readonly details: { httpStatus?: number; providerCode?: number; retryAfterMs?: number } = {},
  ) {
    super(message);
  }
}
