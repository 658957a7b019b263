import type { Milestone } from '../../../workflows/shared/vocabulary';
import { PermanentDeliveryError } from '../outbox';

/** The `type` of every notification Waybill pushes (docs/push.md). */
export const PUSH_MESSAGE_TYPE = 'waybill.notification';

/**
 * Longest title and body the platform is sent, in characters (Unicode code points). Lock screens cut
 * titles near 65 characters and bodies near four lines; the sender shortens longer text on a word
 * boundary with an ellipsis, so the platform never has to.
 */
export const PUSH_TITLE_MAX_CHARS = 65;
export const PUSH_BODY_MAX_CHARS = 240;

/** What the app opening the notification needs to show the right screen; no personal data. */
export interface PushMessageData {
  orderId: string;
  shipmentId?: string;
  milestone: Milestone;
  /** The carrier's public tracking page. */
  trackingUrl?: string;
  /** Waybill's tracking page for the order (opened with a customer token). */
  trackingPageUrl?: string;
}

/** One notification as it travels to the platform's mobile backend: the JSON body of docs/push.md. */
export interface PushMessage {
  /** The idempotency key: the same for every attempt at this notification, sent again as `webhook-id` and `Idempotency-Key`. */
  id: string;
  type: typeof PUSH_MESSAGE_TYPE;
  /** ISO 8601, when Waybill decided to send it (not when this attempt left). */
  createdAt: string;
  orderId: string;
  /** The platform's opaque reference to the customer, from the order; absent, the platform finds the customer by `orderId`. */
  customerRef?: string;
  milestone: Milestone;
  /** At most `PUSH_TITLE_MAX_CHARS`; the sender shortens longer ones. */
  title: string;
  /** At most `PUSH_BODY_MAX_CHARS`; the sender shortens longer ones. */
  body: string;
  data: PushMessageData;
  /** BCP 47, e.g. `en-US`: the language of `title` and `body`. */
  locale: string;
}

export interface PushSendOptions {
  /** The activity's cancellation, so a cancelled attempt stops waiting on the platform. */
  signal?: AbortSignal;
}

export interface PushSendResult {
  /** The notification's `id`: the platform keys its deduplication on it and has no other ID to give. */
  providerMessageId: string;
  /** How many devices the platform handed it to, when it says. */
  deliveredTo?: number;
}

/**
 * Pushes one notification to the ecommerce platform's mobile backend, which fans it out to the
 * customer's devices. Throws `PushRejectedError` (a `PermanentDeliveryError`) when retrying can never
 * help, and `PushDeliveryError` when it may.
 */
export interface PushSender {
  send(message: PushMessage, options?: PushSendOptions): Promise<PushSendResult>;
}

/** Why the platform refused a notification for good; the first three are its documented answers. */
export type PushRejectionCode = 'no_devices' | 'unknown_customer' | 'unsubscribed' | 'invalid_request';

/** The platform refused the notification for good: the customer cannot be reached, or the request itself is refused. */
export class PushRejectedError extends PermanentDeliveryError {
  constructor(
    readonly code: PushRejectionCode,
    readonly httpStatus: number,
    message: string,
  ) {
    super(message);
  }
}

/** Failure types of a push that may succeed later. None of them says whether the platform got it: the retry's `id` dedupes it. */
export const PushFailureType = {
  /** 5xx, 408, 409, timeouts, a dropped connection. */
  UNAVAILABLE: 'PushEndpointUnavailable',
  /** 429. */
  RATE_LIMITED: 'PushEndpointRateLimited',
  /**
   * 401/403 (the signing secret is refused), a redirect, or a 404/410 that is not the platform's
   * documented answer (the URL is wrong). Retried, so an operator can fix the configuration in time.
   */
  MISCONFIGURED: 'PushEndpointMisconfigured',
} as const;
export type PushFailureType = (typeof PushFailureType)[keyof typeof PushFailureType];

export class PushDeliveryError extends Error {
  override readonly name = 'PushDeliveryError';

  constructor(
    readonly type: PushFailureType,
    message: string,
    readonly details: { httpStatus?: number; retryAfterMs?: number } = {},
  ) {
    super(message);
  }

  get retryAfterMs(): number | undefined {
    return this.details.retryAfterMs;
  }
}

const ELLIPSIS = '…';
/** Trailing characters that read badly before an ellipsis. */
const DANGLING = /[\s,;:.\-–—(]+$/u;

/**
 * `text` with whitespace runs collapsed, shortened to at most `max` characters (code points, so an
 * emoji is never split): cut at the last word boundary that keeps at least half the text, else
 * mid-word, then `…`.
 */
export function fitPushText(text: string, max: number): string {
  const clean = text.replace(/\s+/gu, ' ').trim();
  const chars = Array.from(clean);
  if (chars.length <= max) return clean;
  const room = chars.slice(0, max - ELLIPSIS.length);
  const lastSpace = room.lastIndexOf(' ');
  const cut = lastSpace >= Math.floor(max / 2) ? room.slice(0, lastSpace) : room;
  return `${cut.join('').replace(DANGLING, '')}${ELLIPSIS}`;
}
