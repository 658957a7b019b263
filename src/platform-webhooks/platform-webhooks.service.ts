import { BadRequestException, HttpException, HttpStatus, Inject, Injectable, Logger, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import type { PlatformWebhookReplayOutcome } from '../../activities/platform-webhooks/platform-webhook-dead-letters';
import { PlatformWebhookDeliveryError, type PlatformWebhookSender } from '../../activities/platform-webhooks/platform-webhook.sender';
import type { Principal } from '../auth/api-keys';
import { PlatformWebhookDeadLettersRepository } from '../persistence/platform-webhook-dead-letters.repository';
import { decodeDeadLetterCursor, encodeDeadLetterCursor } from './dead-letter-cursor';
import type { ListDeadLettersQueryDto } from './platform-webhooks.dto';
import { toDeadLetterView, type PlatformWebhookDeadLetterView, type PlatformWebhookReplayView } from './platform-webhooks.responses';

/** The sender replays go through: the worker's (buildPlatformWebhookSender), or null when status sync is off. */
export const PLATFORM_WEBHOOK_SENDER = Symbol('waybill:platform-webhook-sender');

@Injectable()
export class PlatformWebhooksService {
  private readonly logger = new Logger(PlatformWebhooksService.name);

  constructor(
    private readonly deadLetters: PlatformWebhookDeadLettersRepository,
    @Inject(PLATFORM_WEBHOOK_SENDER) private readonly sender: PlatformWebhookSender | null,
  ) {}

  async list(query: ListDeadLettersQueryDto): Promise<{ deadLetters: PlatformWebhookDeadLetterView[]; nextCursor: string | null }> {
    const after = query.cursor ? decodeDeadLetterCursor(query.cursor) : undefined;
    if (query.cursor && !after) throw new BadRequestException('cursor is not valid; use the nextCursor of a previous page.');
    const found = await this.deadLetters.list({ orderId: query.orderId, limit: query.limit + 1, after });
    const page = found.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      deadLetters: page.map(toDeadLetterView),
      nextCursor: found.length > query.limit && last ? encodeDeadLetterCursor({ deadAt: last.deadAt, webhookId: last.webhookId }) : null,
    };
  }

  /**
   * Sends the dead letter again, now, with its own webhook ID (the receiver drops it if it already
   * has it) and a fresh signature, and records what happened. 502 when the receiver still refuses.
   */
  async replay(webhookId: string, principal: Principal): Promise<PlatformWebhookReplayView> {
    const deadLetter = await this.deadLetters.find(webhookId);
    if (!deadLetter) throw new NotFoundException(`Dead letter ${webhookId} not found.`);
    if (!this.sender) throw new ServiceUnavailableException('Platform status sync is off: set PLATFORM_WEBHOOK_URL and PLATFORM_WEBHOOK_SECRET to replay.');

    let outcome: PlatformWebhookReplayOutcome;
    try {
      const sent = await this.sender.send(deadLetter.payload);
      outcome = { result: 'delivered', httpStatus: sent.httpStatus, replayedBy: principal.keyId };
    } catch (err) {
      if (!(err instanceof PlatformWebhookDeliveryError)) throw err;
      const { httpStatus } = err.details;
      outcome = {
        result: 'failed',
        ...(httpStatus !== undefined && { httpStatus }),
        failure: { type: err.type, message: err.message, ...(httpStatus !== undefined && { httpStatus }) },
        replayedBy: principal.keyId,
      };
    }
    const recorded = (await this.deadLetters.recordReplay(webhookId, outcome, new Date())) ?? deadLetter;
    const view = toDeadLetterView(recorded);
    const what = `Platform webhook ${webhookId} (order ${deadLetter.orderId}, sequence ${deadLetter.sequence}) replayed by ${principal.keyId}`;
    if (outcome.result === 'delivered') {
      this.logger.log(`${what}: delivered (${outcome.httpStatus})`);
      return { webhookId, outcome, deadLetter: view };
    }
    this.logger.warn(`${what}: ${outcome.failure?.message ?? 'failed'}`);
    throw new HttpException(
      {
        statusCode: HttpStatus.BAD_GATEWAY,
        error: 'Bad Gateway',
        message: `The platform did not accept the replay: ${outcome.failure?.message ?? 'unknown failure'}`,
        webhookId,
        outcome,
        deadLetter: view,
      },
      HttpStatus.BAD_GATEWAY,
    );
  }
}
