import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { isE164 } from '../../../activities/notifications/sms/phone-numbers';
import { measureSms } from '../../../activities/notifications/sms/sms-segments';
import { constantTimeEquals } from '../../webhooks/signatures';
import { claimIdempotencyKey } from '../idempotency/claim-idempotency-key';
import { SANDBOX_CLOCK, type SandboxClock } from '../sandbox.options';
import { SmsControls } from './sms-controls';
import { SMS_EMULATOR_OPTIONS, type SmsEmulatorOptions } from './sms-emulator.options';
import { TwilioApiError, TwilioErrors } from './sms-errors';
import { SmsIdempotencyRepository, type SmsIdempotencyRecord } from './sms-idempotency.repository';
import { SmsMessageRepository, type SmsMessageQuery } from './sms-message.repository';
import type { SandboxSmsMessage } from './sms-message.schema';
import { renderTwilioMessage } from './sms-render';

/** How long a repeat of an `I-Twilio-Idempotency-Token` answers with the first message; then the token is new again. */
export const SMS_IDEMPOTENCY_TOKEN_TTL_MS = 24 * 60 * 60_000;

/** Twilio's limit on a message body, in characters. */
export const MAX_SMS_BODY_CHARACTERS = 1_600;

/** Longer tokens are not kept (and so not deduplicated); Twilio's own are far shorter. */
const MAX_IDEMPOTENCY_TOKEN_LENGTH = 255;

export interface SmsSendCall {
  /** The account SID in the path. */
  accountSid: string;
  /** The `Authorization` header. */
  authorization: string | undefined;
  /** The `I-Twilio-Idempotency-Token` header. */
  idempotencyToken: string | undefined;
  /** The parsed form. */
  body: unknown;
}

/** What the controller sends: a status and body, possibly replayed, possibly never delivered. */
export interface SmsAnswer {
  status: number;
  body: unknown;
  replayed: boolean;
  /** A `timeout` fault: drop the connection, or answer only after `delayMs`. */
  cutOff?: { delayMs?: number };
}

interface SendParams {
  to: string;
  from?: string;
  messagingServiceSid?: string;
  body: string;
}

/**
 * A Twilio-compatible SMS provider: accepts messages for one account, refuses invalid and stopped
 * numbers with Twilio's codes, deduplicates by `I-Twilio-Idempotency-Token` for 24 hours, records
 * every accepted message with its encoding and segments, and serves the faults queued in `SmsControls`.
 */
@Injectable()
export class SmsEmulatorService {
  constructor(
    @Inject(SMS_EMULATOR_OPTIONS) private readonly options: SmsEmulatorOptions,
    @Inject(SANDBOX_CLOCK) private readonly clock: SandboxClock,
    private readonly controls: SmsControls,
    private readonly messages: SmsMessageRepository,
    private readonly keys: SmsIdempotencyRepository,
  ) {}

  async send(call: SmsSendCall): Promise<SmsAnswer> {
    this.authenticate(call.authorization, call.accountSid);
    this.controls.count('calls');
    const params = this.parse(call.body);
    const token = call.idempotencyToken?.trim();
    const key = token && token.length <= MAX_IDEMPOTENCY_TOKEN_LENGTH ? `${call.accountSid}:${token}` : undefined;
    if (key) {
      const seen = await this.claim(key, this.clock());
      if (seen) return this.repeat(seen);
    }

    let sent = false;
    try {
      if (this.controls.isStopped(params.to)) this.reject(TwilioErrors.unsubscribed());
      const fault = this.controls.takeFault();
      if (fault?.kind === 'server_error') throw TwilioErrors.serverError();
      if (fault?.kind === 'rate_limited') throw TwilioErrors.rateLimited();
      const answer = await this.commit(call.accountSid, params, key ? token : undefined);
      sent = true;
      if (key) await this.keys.complete(key, { status: answer.status, body: answer.body });
      return fault?.kind === 'timeout' ? { ...answer, cutOff: { delayMs: fault.delayMs } } : answer;
    } catch (err) {
      // A token whose request sent nothing is forgotten, so a repeat runs afresh. One whose message
      // was recorded stays in progress until it expires: forgetting it would let a repeat send twice.
      if (key && !sent) await this.keys.release(key);
      throw err;
    }
  }

  /** Newest first. */
  list(query: SmsMessageQuery): Promise<SandboxSmsMessage[]> {
    return this.messages.list(query);
  }

  private authenticate(authorization: string | undefined, pathSid: string): void {
    const credentials = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? '')?.[1];
    const decoded = credentials ? Buffer.from(credentials, 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    const [user, password] = colon < 0 ? [undefined, undefined] : [decoded.slice(0, colon), decoded.slice(colon + 1)];
    const userOk = constantTimeEquals(user, this.options.accountSid);
    const passwordOk = constantTimeEquals(password, this.options.authToken);
    if (!userOk || !passwordOk) throw TwilioErrors.unauthorized();
    if (pathSid !== this.options.accountSid) throw TwilioErrors.accountNotFound();
  }

  /** Counts the refusal before throwing it. */
  private reject(error: TwilioApiError): never {
    this.controls.count('rejected');
    throw error;
  }

  private parse(body: unknown): SendParams {
    try {
      return parseSendParams(body);
    } catch (err) {
      if (err instanceof TwilioApiError) this.reject(err);
      throw err;
    }
  }

  /** Takes the key for this request, or returns its record when another request used it within the last 24 hours. */
  private claim(key: string, now: Date): Promise<SmsIdempotencyRecord | undefined> {
    const record: SmsIdempotencyRecord = { _id: key, state: 'processing', firstUsedAt: now, expiresAt: new Date(now.getTime() + SMS_IDEMPOTENCY_TOKEN_TTL_MS) };
    return claimIdempotencyKey(this.keys, record, () => this.reject(TwilioErrors.tokenInUse()));
  }

  private repeat(seen: SmsIdempotencyRecord): SmsAnswer {
    if (seen.state !== 'completed' || !seen.response) this.reject(TwilioErrors.tokenInUse());
    this.controls.count('replayed');
    return { status: seen.response.status, body: seen.response.body, replayed: true };
  }

  private async commit(accountSid: string, params: SendParams, idempotencyToken: string | undefined): Promise<SmsAnswer> {
    const { encoding, segments, characters } = measureSms(params.body);
    const message: SandboxSmsMessage = {
      _id: `SM${randomBytes(16).toString('hex')}`,
      accountSid,
      to: params.to,
      ...(params.from ? { from: params.from } : { messagingServiceSid: params.messagingServiceSid }),
      body: params.body,
      encoding,
      segments,
      characters,
      ...(idempotencyToken ? { idempotencyToken } : {}),
      createdAt: this.clock(),
    };
    await this.messages.insert(message);
    this.controls.count('accepted');
    return { status: 201, body: renderTwilioMessage(message), replayed: false };
  }
}

/** Twilio's checks, in its order: To, then a sender, then the body. */
function parseSendParams(form: unknown): SendParams {
  const fields = typeof form === 'object' && form !== null ? (form as Record<string, unknown>) : {};
  const text = (name: string) => (typeof fields[name] === 'string' ? fields[name].trim() : '');
  const to = text('To');
  if (!to) throw TwilioErrors.toMissing();
  if (!isE164(to)) throw TwilioErrors.toInvalid();
  const from = text('From');
  const messagingServiceSid = text('MessagingServiceSid');
  if (!from && !messagingServiceSid) throw TwilioErrors.fromMissing();
  const body = typeof fields.Body === 'string' ? fields.Body : '';
  if (body.trim() === '') throw TwilioErrors.bodyMissing();
  if ([...body].length > MAX_SMS_BODY_CHARACTERS) throw TwilioErrors.bodyTooLong();
  return { to, body, ...(from ? { from } : { messagingServiceSid }) };
}
