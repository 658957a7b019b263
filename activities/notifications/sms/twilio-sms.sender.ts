import { z } from 'zod';
import { fetchAnswer, type HttpAnswer } from '../../http/fetch-answer';
import { retryAfterMs } from '../../http/retry-after';
import { PermanentDeliveryError } from '../outbox';
import { isE164 } from './phone-numbers';
import { SmsProviderError, SmsProviderFailureType, type OutgoingSms, type SmsSender, type SmsSendOptions, type SmsSent } from './sms-sender';
import { measureSms } from './sms-segments';

export interface TwilioSmsSenderOptions {
  /** Without `/2010-04-01`: `https://api.twilio.com`, another Twilio-compatible API, or the sandbox's `<PUBLIC_BASE_URL>/sandbox/twilio`. */
  baseUrl: string;
  /** `AC…`; the Basic auth user and part of the path. */
  accountSid: string;
  /** The Basic auth password; never logged. */
  authToken: string;
  /** Sends as this number (E.164)… */
  from?: string;
  /** …or through this Messaging Service (`MG…`), which picks the sender; it wins when both are set. */
  messagingServiceSid?: string;
  /** Per call: connecting, waiting for the answer and reading it. */
  timeoutMs: number;
}

/** The header Twilio deduplicates requests by. */
export const TWILIO_IDEMPOTENCY_HEADER = 'I-Twilio-Idempotency-Token';

/**
 * Twilio error codes that say this message can never be delivered as it is, so retrying is pointless.
 * Everything else in Twilio's envelope (a sender it will not use, an account problem) is worth retrying
 * once an operator has fixed the configuration.
 */
export const TWILIO_PERMANENT_ERRORS: Readonly<Record<number, string>> = {
  21211: "invalid 'To' phone number",
  21408: "sending to the 'To' number's region is not enabled",
  21610: 'the recipient has unsubscribed (replied STOP)',
  21612: "the 'To' number cannot be reached by SMS",
  21614: "the 'To' number is not a mobile number",
  21635: "the 'To' number is a landline",
  21602: 'the message body is empty',
  21617: 'the message body is longer than 1,600 characters',
};

const messageSchema = z.object({
  sid: z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/),
  // A string in Twilio's answers ("2"); "0" until a Messaging Service has picked a sender.
  num_segments: z.union([z.string(), z.number()]).nullish(),
});

/** Twilio's error envelope: `{ code, message, more_info, status }`. */
const errorSchema = z.object({
  code: z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]),
  message: z.string().optional(),
  more_info: z.string().optional(),
  status: z.number().int().optional(),
});

/**
 * Sends SMS through Twilio's Messages API (`POST /2010-04-01/Accounts/{sid}/Messages.json`, form
 * encoded, Basic auth) or any API compatible with it, such as the sandbox's emulator. The outbox key
 * goes in `I-Twilio-Idempotency-Token`, so a retry after a lost answer does not send twice. Error
 * messages carry HTTP statuses and Twilio codes only, never Twilio's text, which quotes the number.
 */
export class TwilioSmsSender implements SmsSender {
  private readonly url: string;
  private readonly authorization: string;

  constructor(private readonly options: TwilioSmsSenderOptions) {
    if (!options.from && !options.messagingServiceSid) throw new Error('TwilioSmsSender needs a From number or a Messaging Service SID');
    this.url = `${options.baseUrl.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}/Messages.json`;
    this.authorization = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;
  }

  async send(message: OutgoingSms, options: SmsSendOptions = {}): Promise<SmsSent> {
    if (!isE164(message.to)) throw new PermanentDeliveryError('SMS not sent: the recipient is not a valid E.164 phone number');
    const form = new URLSearchParams({ To: message.to, Body: message.body });
    if (this.options.messagingServiceSid) form.set('MessagingServiceSid', this.options.messagingServiceSid);
    else if (this.options.from) form.set('From', this.options.from);

    const answer = await this.post(form.toString(), message.idempotencyKey, options.signal);
    if (answer.status !== 200 && answer.status !== 201) throw failure(answer);
    const created = messageSchema.safeParse(answer.json);
    if (!created.success) {
      throw new SmsProviderError(SmsProviderFailureType.UNAVAILABLE, `${TARGET} answered ${answer.status} with a body it does not document`, { httpStatus: answer.status });
    }
    const counted = Number(created.data.num_segments);
    return { providerMessageId: created.data.sid, segments: Number.isInteger(counted) && counted > 0 ? counted : measureSms(message.body).segments };
  }

  private post(body: string, idempotencyKey: string, signal?: AbortSignal): Promise<HttpAnswer> {
    return fetchAnswer(
      {
        url: this.url,
        method: 'POST',
        headers: {
          Authorization: this.authorization,
          Accept: 'application/json',
          'Content-Type': 'application/x-www-form-urlencoded',
          [TWILIO_IDEMPOTENCY_HEADER]: idempotencyKey,
        },
        body,
        timeoutMs: this.options.timeoutMs,
        signal,
      },
      (why) => new SmsProviderError(SmsProviderFailureType.UNAVAILABLE, `${TARGET} ${why}`),
    );
  }
}

const TARGET = 'SMS provider POST /Messages.json';

function failure(answer: HttpAnswer): Error {
  const { status } = answer;
  const envelope = errorSchema.safeParse(answer.json);
  const code = envelope.success ? envelope.data.code : undefined;
  const details = { httpStatus: status, ...(code !== undefined ? { providerCode: code } : {}) };
  const answered = `${TARGET} answered ${status}${code !== undefined ? ` with code ${code}` : ''}`;
  if (code !== undefined && status >= 400 && status < 500 && TWILIO_PERMANENT_ERRORS[code]) {
    return new PermanentDeliveryError(`SMS refused by the provider: code ${code}, ${TWILIO_PERMANENT_ERRORS[code]}`);
  }
  // 20404 on the account's own Messages path: the account SID is not one the provider knows.
  if (status === 401 || status === 403 || (status === 404 && code === 20404)) {
    return new SmsProviderError(SmsProviderFailureType.AUTH_FAILED, `${answered}: the account SID or auth token is refused; fix SMS_ACCOUNT_SID / SMS_AUTH_TOKEN`, details);
  }
  if (status === 429) return new SmsProviderError(SmsProviderFailureType.RATE_LIMITED, answered, { ...details, retryAfterMs: retryAfterMs(answer.headers) });
  if (status === 409) return new SmsProviderError(SmsProviderFailureType.BUSY, `${answered}: the idempotency token is in use by another request`, details);
  // A 4xx without Twilio's envelope came from something in between (a proxy's error page).
  if (status >= 400 && status < 500 && code !== undefined) return new SmsProviderError(SmsProviderFailureType.REFUSED, answered, details);
  return new SmsProviderError(SmsProviderFailureType.UNAVAILABLE, answered, details);
}
