import { Webhook } from 'standardwebhooks';
import { fetchAnswer, type HttpAnswer } from '../../http/fetch-answer';
import { retryAfterMs } from '../../http/retry-after';
import {
  fitPushText,
  PUSH_BODY_MAX_CHARS,
  PUSH_TITLE_MAX_CHARS,
  PushDeliveryError,
  PushFailureType,
  PushRejectedError,
  type PushMessage,
  type PushRejectionCode,
  type PushSender,
  type PushSendOptions,
  type PushSendResult,
} from './push-sender';

export interface HttpPushSenderOptions {
  /** The platform's endpoint, posted to as is: the sandbox's `<PUBLIC_BASE_URL>/sandbox/mobile-push/v1/notifications` in development. */
  endpointUrl: string;
  /** `whsec_…` (base64 after the prefix), shared with the platform; never logged. */
  signingSecret: string;
  /** Per attempt: connecting, waiting for the answer and reading it. */
  timeoutMs: number;
  /** The signature's timestamp; tests move it. */
  clock?: () => Date;
}

/** The answers docs/push.md gives for a customer who cannot be reached. */
const UNREACHABLE = new Set<string>(['no_devices', 'unknown_customer', 'unsubscribed']);

/**
 * Posts notifications to the platform's mobile backend as docs/push.md describes: compact JSON,
 * signed the Standard Webhooks way (`webhook-id`, `webhook-timestamp`, `webhook-signature`), with
 * the notification's `id` as `Idempotency-Key` too. Title and body are shortened to the documented
 * limits first. Error messages name the status and the platform's error code, never the endpoint's
 * query string, the secret or anything about the customer.
 */
export class HttpPushSender implements PushSender {
  private readonly webhook: Webhook;
  private readonly target: string;

  constructor(private readonly options: HttpPushSenderOptions) {
    // Throws on a secret that is not base64, before any notification is attempted.
    this.webhook = new Webhook(options.signingSecret);
    const url = new URL(options.endpointUrl);
    this.target = `Push endpoint POST ${url.origin}${url.pathname}`;
  }

  async send(message: PushMessage, options: PushSendOptions = {}): Promise<PushSendResult> {
    const payload = JSON.stringify({
      ...message,
      title: fitPushText(message.title, PUSH_TITLE_MAX_CHARS),
      body: fitPushText(message.body, PUSH_BODY_MAX_CHARS),
    } satisfies PushMessage);
    const now = this.options.clock?.() ?? new Date();
    const headers = {
      'Content-Type': 'application/json',
      Accept: 'application/json',
      'User-Agent': 'Waybill-Push/1',
      'webhook-id': message.id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': this.webhook.sign(message.id, now, payload),
      'Idempotency-Key': message.id,
    };
    const answer = await this.post(payload, headers, options.signal);
    if (answer.status >= 200 && answer.status < 300) {
      // Accepted is accepted: an unreadable body does not make the platform forget the notification.
      const deliveredTo = (answer.json as { deliveredTo?: unknown } | undefined)?.deliveredTo;
      return { providerMessageId: message.id, ...(Number.isInteger(deliveredTo) ? { deliveredTo: deliveredTo as number } : {}) };
    }
    throw this.failure(answer);
  }

  private post(body: string, headers: Record<string, string>, signal?: AbortSignal): Promise<HttpAnswer> {
    return fetchAnswer(
      { url: this.options.endpointUrl, method: 'POST', headers, body, timeoutMs: this.options.timeoutMs, signal },
      // The platform may have the notification all the same; the retry's id dedupes it.
      (why) => new PushDeliveryError(PushFailureType.UNAVAILABLE, `${this.target} ${why}`),
    );
  }

  private failure({ status, headers, json }: HttpAnswer): Error {
    const code = errorCode(json);
    const answered = `${this.target} answered ${status}${code ? ` ${code}` : ''}`;
    const details = { httpStatus: status, retryAfterMs: retryAfterMs(headers) };
    if ((status === 404 || status === 410) && code && UNREACHABLE.has(code)) {
      return new PushRejectedError(code as PushRejectionCode, status, `${answered}: the customer cannot be reached by push`);
    }
    if (status === 401 || status === 403) {
      return new PushDeliveryError(
        PushFailureType.MISCONFIGURED,
        `${answered}: the platform refused the signature; check that PUSH_SIGNING_SECRET is the secret the platform verifies with`,
        details,
      );
    }
    if (status === 404 || status === 410) {
      return new PushDeliveryError(PushFailureType.MISCONFIGURED, `${answered} without a documented error: check PUSH_ENDPOINT_URL`, details);
    }
    if (status >= 300 && status < 400) {
      return new PushDeliveryError(PushFailureType.MISCONFIGURED, `${answered}: redirects are not followed; set PUSH_ENDPOINT_URL to the final URL`, details);
    }
    if (status === 429) return new PushDeliveryError(PushFailureType.RATE_LIMITED, answered, details);
    if (status >= 500 || status === 408 || status === 409) return new PushDeliveryError(PushFailureType.UNAVAILABLE, answered, details);
    // Any other 4xx refuses this very request (malformed, too large): sending it again cannot help.
    return new PushRejectedError('invalid_request', status, `${answered}: the platform refused the notification`);
  }
}

/** The platform's `{ "error": "<code>" }`, when the body is that (a short snake_case word). */
function errorCode(json: unknown): string | undefined {
  const code = (json as { error?: unknown } | undefined)?.error;
  return typeof code === 'string' && /^[a-z][a-z0-9_]{0,63}$/.test(code) ? code : undefined;
}
