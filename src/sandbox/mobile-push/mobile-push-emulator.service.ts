import { Inject, Injectable } from '@nestjs/common';
import { Webhook } from 'standardwebhooks';
import { singleHeader } from '../../webhooks/signatures';
import { SANDBOX_CLOCK, type SandboxClock } from '../sandbox.options';
import { MobilePushControls } from './mobile-push-controls';
import { MOBILE_PUSH_EMULATOR_OPTIONS, type MobilePushEmulatorOptions } from './mobile-push-emulator.options';
import { SandboxMobilePushRepository, type MobilePushQuery } from './mobile-push.repository';
import type { SandboxMobilePush } from './mobile-push.schema';
import { describeInvalid, MobilePushNotificationSchema } from './mobile-push-requests';

/** Retry-After of a `rate_limited` fault that names none. */
export const DEFAULT_MOBILE_PUSH_RETRY_AFTER_SECONDS = 30;

export interface MobilePushCall {
  /** The request's headers, lower-case names as Node gives them. */
  headers: Record<string, string | string[] | undefined>;
  /** The body as signed. */
  rawBody: string;
}

/** What the controller sends, possibly only after `delayMs`. */
export interface MobilePushAnswer {
  status: number;
  body: { deliveredTo: number } | { error: string; message: string };
  headers: Record<string, string>;
  delayMs?: number;
}

export interface MobilePushView {
  id: string;
  orderId: string;
  customerRef?: string;
  milestone: string;
  receivedAt: string;
  deliveredTo: number;
  /** Only verified notifications are recorded; this says what was verified. */
  signature: { scheme: 'standard-webhooks-v1'; verified: true; webhookTimestamp: number };
  idempotencyKey?: string;
  /** The JSON body as received. */
  message: Record<string, unknown>;
}

const error = (status: number, code: string, message: string, headers: Record<string, string> = {}): MobilePushAnswer => ({
  status,
  body: { error: code, message },
  headers,
});

/**
 * The ecommerce platform's mobile backend, as docs/push.md describes it: verifies the Standard
 * Webhooks signature, dedupes by `id`, "delivers" to one device per customer (recording the
 * notification), and answers 410 `no_devices` for customers on the controls' no-devices list.
 */
@Injectable()
export class MobilePushEmulatorService {
  private readonly webhook: Webhook;

  constructor(
    @Inject(MOBILE_PUSH_EMULATOR_OPTIONS) options: MobilePushEmulatorOptions,
    @Inject(SANDBOX_CLOCK) private readonly clock: SandboxClock,
    private readonly controls: MobilePushControls,
    private readonly notifications: SandboxMobilePushRepository,
  ) {
    this.webhook = new Webhook(options.signingSecret);
  }

  async receive(call: MobilePushCall): Promise<MobilePushAnswer> {
    this.controls.count('received');
    const webhookId = singleHeader(call.headers, 'webhook-id');
    const timestamp = singleHeader(call.headers, 'webhook-timestamp');
    const signature = singleHeader(call.headers, 'webhook-signature');
    let verified: unknown;
    try {
      // The library checks the timestamp against the real clock (5 minutes either way): the sender signs with the real clock too.
      verified = this.webhook.verify(call.rawBody, { 'webhook-id': webhookId ?? '', 'webhook-timestamp': timestamp ?? '', 'webhook-signature': signature ?? '' });
    } catch {
      this.controls.count('signatureRejected');
      return error(401, 'invalid_signature', 'The webhook-signature is missing or does not verify, or webhook-timestamp is more than 5 minutes off.');
    }

    const parsed = MobilePushNotificationSchema.safeParse(verified);
    if (!parsed.success) return this.invalid(describeInvalid(parsed.error));
    const notification = parsed.data;
    if (notification.id !== webhookId) return this.invalid('id must equal the webhook-id header');
    const idempotencyKey = singleHeader(call.headers, 'idempotency-key');
    if (idempotencyKey !== undefined && idempotencyKey !== notification.id) return this.invalid('Idempotency-Key must equal id');

    const seen = await this.notifications.find(notification.id);
    if (seen) return this.replay(seen);

    const fault = this.controls.takeFault();
    if (fault?.kind === 'server_error') return error(500, 'internal_error', 'Injected failure: nothing was delivered; try again.');
    if (fault?.kind === 'rate_limited') {
      const seconds = fault.retryAfterSeconds ?? DEFAULT_MOBILE_PUSH_RETRY_AFTER_SECONDS;
      return error(429, 'rate_limited', `Too many notifications; try again in ${seconds} s.`, { 'Retry-After': String(seconds) });
    }
    if (this.controls.hasNoDevices(notification.customerRef)) {
      this.controls.count('noDevices');
      return error(410, 'no_devices', 'The customer has no device registered for notifications.');
    }

    const record: SandboxMobilePush = {
      _id: notification.id,
      orderId: notification.orderId,
      ...(notification.customerRef !== undefined ? { customerRef: notification.customerRef } : {}),
      milestone: notification.milestone,
      message: verified as Record<string, unknown>,
      webhookTimestamp: Number(timestamp),
      ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
      deliveredTo: 1,
      receivedAt: this.clock(),
    };
    if (!(await this.notifications.insert(record))) {
      // Another request (another replica) recorded this id first: answer as it did.
      const first = await this.notifications.find(notification.id);
      if (first) return this.replay(first);
    }
    this.controls.count('accepted');
    const answer: MobilePushAnswer = { status: 202, body: { deliveredTo: record.deliveredTo }, headers: {} };
    return fault?.kind === 'slow' ? { ...answer, delayMs: fault.delayMs } : answer;
  }

  async list(query: MobilePushQuery): Promise<MobilePushView[]> {
    return (await this.notifications.list(query)).map(renderMobilePush);
  }

  private invalid(message: string): MobilePushAnswer {
    this.controls.count('invalid');
    return error(400, 'invalid_request', message);
  }

  private replay(seen: SandboxMobilePush): MobilePushAnswer {
    this.controls.count('replayed');
    return { status: 202, body: { deliveredTo: seen.deliveredTo }, headers: { 'Idempotent-Replayed': 'true' } };
  }
}

export function renderMobilePush(record: SandboxMobilePush): MobilePushView {
  return {
    id: record._id,
    orderId: record.orderId,
    ...(record.customerRef !== undefined ? { customerRef: record.customerRef } : {}),
    milestone: record.milestone,
    receivedAt: record.receivedAt.toISOString(),
    deliveredTo: record.deliveredTo,
    signature: { scheme: 'standard-webhooks-v1', verified: true, webhookTimestamp: record.webhookTimestamp },
    ...(record.idempotencyKey !== undefined ? { idempotencyKey: record.idempotencyKey } : {}),
    message: record.message,
  };
}
