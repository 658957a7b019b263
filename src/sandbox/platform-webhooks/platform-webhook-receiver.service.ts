import { BadRequestException, GoneException, Inject, Injectable, InternalServerErrorException, UnauthorizedException } from '@nestjs/common';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { z } from 'zod';
import { SANDBOX_CLOCK, type SandboxClock } from '../sandbox.options';
import { PlatformWebhookReceiverControls } from './platform-webhook-receiver-controls';
import { PlatformWebhookReceiverRepository, type ReceivedPlatformWebhook } from './platform-webhook-receiver.repository';

/** The `whsec_…` secret the sandbox platform verifies with (SANDBOX_PLATFORM_WEBHOOK_SECRET unless overridden). */
export const PLATFORM_WEBHOOK_RECEIVER_SECRET = Symbol('PLATFORM_WEBHOOK_RECEIVER_SECRET');

/** Standard Webhooks' tolerance, which `standardwebhooks` applies: a timestamp further than this from now is refused. */
export const PLATFORM_WEBHOOK_TOLERANCE_SECONDS = 5 * 60;

const BodySchema = z.object({
  type: z.string().min(1).max(100),
  timestamp: z.string().max(40),
  data: z.looseObject({
    orderId: z.string().min(1).max(64),
    sequence: z.number().int().min(1),
    status: z.string().min(1).max(64),
    previousStatus: z.string().min(1).max(64).optional(),
  }),
});

export interface PlatformWebhookDelivery {
  headers: Record<string, string | string[] | undefined>;
  /** The request body exactly as received (see `receivedBody`). */
  body: string;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const header = (headers: PlatformWebhookDelivery['headers'], name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * A platform that receives Waybill's status webhooks the way the docs tell one to: verify the
 * Standard Webhooks signature over the raw body (401 otherwise, a timestamp outside 5 minutes
 * included), drop repeats by `webhook-id`, keep the rest, answer 204. Faults queued in the controls
 * come first, as an outage would.
 */
@Injectable()
export class PlatformWebhookReceiverService {
  private readonly webhook: Webhook;

  constructor(
    @Inject(PLATFORM_WEBHOOK_RECEIVER_SECRET) secret: string,
    @Inject(SANDBOX_CLOCK) private readonly clock: SandboxClock,
    private readonly controls: PlatformWebhookReceiverControls,
    private readonly received: PlatformWebhookReceiverRepository,
  ) {
    this.webhook = new Webhook(secret);
  }

  /** Resolves when the delivery is accepted (first time or repeat); throws the HTTP error to answer otherwise. */
  async receive(delivery: PlatformWebhookDelivery): Promise<{ duplicate: boolean }> {
    this.controls.count('received');
    const fault = this.controls.takeFault();
    if (fault?.kind === 'server_error') throw new InternalServerErrorException('Sandbox platform fault: server_error');
    if (fault?.kind === 'gone') throw new GoneException('Sandbox platform fault: gone (this endpoint no longer accepts webhooks)');
    if (fault?.kind === 'slow') await sleep(fault.delayMs);

    const id = header(delivery.headers, 'webhook-id');
    const timestamp = header(delivery.headers, 'webhook-timestamp');
    const signature = header(delivery.headers, 'webhook-signature');
    try {
      this.webhook.verify(delivery.body, { 'webhook-id': id ?? '', 'webhook-timestamp': timestamp ?? '', 'webhook-signature': signature ?? '' }, { jsonParse: false });
    } catch (err) {
      if (!(err instanceof WebhookVerificationError)) throw err;
      this.controls.count('rejected');
      throw new UnauthorizedException(`Webhook signature not verified: ${err.message}`);
    }
    // Verified: the three headers are present.
    const webhookId = id as string;

    let json: unknown;
    try {
      json = JSON.parse(delivery.body);
    } catch {
      throw new BadRequestException('The body is not JSON.');
    }
    const parsed = BodySchema.safeParse(json);
    if (!parsed.success) throw new BadRequestException(`The body is not a status webhook: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
    const { type, data } = parsed.data;
    if (webhookId !== `evt_order_${data.orderId}_${data.sequence}`) {
      throw new BadRequestException(`webhook-id ${webhookId} is not evt_order_<orderId>_<sequence> of the body.`);
    }

    const record: ReceivedPlatformWebhook = {
      _id: webhookId,
      orderId: data.orderId,
      sequence: data.sequence,
      status: data.status,
      ...(data.previousStatus !== undefined && { previousStatus: data.previousStatus }),
      type,
      webhookTimestamp: Number(timestamp),
      receivedAt: this.clock(),
      data,
    };
    const inserted = await this.received.insert(record);
    this.controls.count(inserted ? 'accepted' : 'duplicates');
    return { duplicate: !inserted };
  }

  list(orderId: string | undefined): Promise<ReceivedPlatformWebhook[]> {
    return this.received.list(orderId, 1_000);
  }
}
