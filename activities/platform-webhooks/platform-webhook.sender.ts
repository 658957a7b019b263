import { Webhook } from 'standardwebhooks';
import { fetchAnswer } from '../http/fetch-answer';
import { retryAfterMs } from '../http/retry-after';
import {
  PLATFORM_WEBHOOK_EVENT_TYPE,
  PlatformWebhookFailureType,
  platformWebhookId,
  type OrderStatusWebhook,
  type PlatformWebhookBody,
  type PlatformWebhookShipment,
} from './platform-webhook.types';

/** The headers of a Standard Webhooks request (https://www.standardwebhooks.com). A type, so it fits `Record<string, string>`. */
export type PlatformWebhookHeaders = {
  'webhook-id': string;
  /** Unix seconds of this attempt: each attempt is signed afresh, so it stays inside the receiver's tolerance. */
  'webhook-timestamp': string;
  /** `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`. */
  'webhook-signature': string;
};

export interface PlatformWebhookSendOptions {
  /** The activity's cancellation: a cancelled delivery stops waiting for the receiver. */
  signal?: AbortSignal;
}

export interface PlatformWebhookSent {
  webhookId: string;
  /** The receiver's 2xx status. */
  httpStatus: number;
}

/** Sends one order status webhook to the platform. */
export interface PlatformWebhookSender {
  /**
   * Resolves on a 2xx. Throws `PlatformWebhookDeliveryError`: `retryable` when asking again may
   * help (5xx, 408/409/425/429, a redirect, a timeout, a dropped connection), not when the receiver
   * refused for good (410, any other 4xx).
   */
  send(event: OrderStatusWebhook, options?: PlatformWebhookSendOptions): Promise<PlatformWebhookSent>;
}

export class PlatformWebhookDeliveryError extends Error {
  override readonly name = 'PlatformWebhookDeliveryError';

  constructor(
    readonly type: PlatformWebhookFailureType,
    message: string,
    readonly details: { httpStatus?: number; retryAfterMs?: number } = {},
  ) {
    super(message);
  }

  get retryable(): boolean {
    return this.type !== PlatformWebhookFailureType.REJECTED && this.type !== PlatformWebhookFailureType.INVALID;
  }
}

/** 4xx statuses that say "not now" rather than "never": timeout, conflict, too early, too many requests. */
const RETRYABLE_CLIENT_ERRORS = new Set([408, 409, 425, 429]);

/**
 * The body, built field by field from the event: whatever else the caller's object carries (a
 * customer's name, say) never leaves Waybill. Deterministic for one event, so every retry and
 * replay sends the same bytes; only the timestamp header and the signature change.
 */
export function renderPlatformWebhookBody(event: OrderStatusWebhook): string {
  const shipment = (s: PlatformWebhookShipment): PlatformWebhookShipment => ({
    shipmentId: s.shipmentId,
    carrier: s.carrier,
    trackingNumber: s.trackingNumber,
    status: s.status,
  });
  const data: OrderStatusWebhook = {
    orderId: event.orderId,
    sequence: event.sequence,
    status: event.status,
    ...(event.previousStatus !== undefined && { previousStatus: event.previousStatus }),
    occurredAt: event.occurredAt,
    ...(event.escrowState !== undefined && { escrowState: event.escrowState }),
    ...(event.delayed !== undefined && { delayed: event.delayed }),
    shipments: event.shipments.map(shipment),
  };
  const body: PlatformWebhookBody = { type: PLATFORM_WEBHOOK_EVENT_TYPE, timestamp: event.occurredAt, data };
  return JSON.stringify(body);
}

/**
 * Signs a body the Standard Webhooks way: HMAC-SHA256, keyed with the base64-decoded part of the
 * `whsec_` secret, over `{webhookId}.{unix seconds}.{body}`.
 */
export function signPlatformWebhook(secret: string, webhookId: string, at: Date, body: string): PlatformWebhookHeaders {
  return {
    'webhook-id': webhookId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(webhookId, at, body),
  };
}

export interface HttpPlatformWebhookSenderOptions {
  /** The platform's receiving endpoint (PLATFORM_WEBHOOK_URL). */
  url: string;
  /** `whsec_<base64>` (PLATFORM_WEBHOOK_SECRET); never logged. */
  secret: string;
  /** Per attempt: connecting, sending and waiting for the status. */
  timeoutMs: number;
  /** The signing clock; tests move it to step outside the receiver's tolerance. */
  now?: () => Date;
}

/**
 * POSTs signed webhooks over `fetch`. Redirects are not followed (a 3xx is a failure, retried): a
 * signed body goes only where it was configured to. Messages name the receiver's origin, never its
 * path or query, which may carry a token, and never the body.
 */
export class HttpPlatformWebhookSender implements PlatformWebhookSender {
  private readonly webhook: Webhook;
  private readonly origin: string;
  private readonly now: () => Date;

  constructor(private readonly options: HttpPlatformWebhookSenderOptions) {
    // Throws now, at start, for a secret that is not base64, rather than on the first delivery.
    this.webhook = new Webhook(options.secret);
    this.origin = new URL(options.url).origin;
    this.now = options.now ?? (() => new Date());
  }

  async send(event: OrderStatusWebhook, options: PlatformWebhookSendOptions = {}): Promise<PlatformWebhookSent> {
    const webhookId = platformWebhookId(event.orderId, event.sequence);
    const body = renderPlatformWebhookBody(event);
    const at = this.now();
    const headers: PlatformWebhookHeaders = {
      'webhook-id': webhookId,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': this.webhook.sign(webhookId, at, body),
    };
    const target = `Platform webhook ${webhookId} to ${this.origin}`;
    const answer = await fetchAnswer(
      {
        url: this.options.url,
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'User-Agent': 'Waybill-Webhooks/1', ...headers },
        body,
        timeoutMs: this.options.timeoutMs,
        signal: options.signal,
        // Only the status counts; the receiver's body is neither needed nor kept.
        discardBody: true,
      },
      // The receiver may or may not have it; the retry carries the same webhook-id, so it can tell.
      (why) => new PlatformWebhookDeliveryError(PlatformWebhookFailureType.UNAVAILABLE, `${target} ${why}`),
    );
    if (answer.status >= 200 && answer.status < 300) return { webhookId, httpStatus: answer.status };
    throw classify(target, answer.status, answer.headers);
  }
}

function classify(target: string, status: number, headers: Headers): PlatformWebhookDeliveryError {
  const retryAfter = retryAfterMs(headers);
  if (status === 410) {
    return new PlatformWebhookDeliveryError(PlatformWebhookFailureType.REJECTED, `${target} answered 410 Gone: the receiver no longer accepts these webhooks`, {
      httpStatus: status,
    });
  }
  if (status === 429) return new PlatformWebhookDeliveryError(PlatformWebhookFailureType.RATE_LIMITED, `${target} answered 429`, { httpStatus: status, retryAfterMs: retryAfter });
  if (status >= 400 && status < 500 && !RETRYABLE_CLIENT_ERRORS.has(status)) {
    return new PlatformWebhookDeliveryError(PlatformWebhookFailureType.REJECTED, `${target} answered ${status}: refused for good`, { httpStatus: status });
  }
  const what = status >= 300 && status < 400 ? `${status} (redirects are not followed)` : String(status);
  return new PlatformWebhookDeliveryError(PlatformWebhookFailureType.UNAVAILABLE, `${target} answered ${what}`, { httpStatus: status, retryAfterMs: retryAfter });
}
