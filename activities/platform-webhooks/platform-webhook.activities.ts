import { activityInfo, ApplicationFailure, cancellationSignal, log } from '@temporalio/activity';
import { z } from 'zod';
import { NO_ACTIVITY_METRICS, type PlatformWebhookRecorder } from '../activity-metrics';
import { CARRIERS, ORDER_STATUSES, SHIPMENT_STATUSES, EscrowState } from '../../workflows/shared/vocabulary';
import type { PlatformWebhookDeadLetterStore } from './platform-webhook-dead-letters';
import { PlatformWebhookDeliveryError, type PlatformWebhookSender } from './platform-webhook.sender';
import {
  PlatformWebhookFailureType,
  platformWebhookId,
  type OrderStatusWebhook,
  type PlatformWebhookActivities,
  type PlatformWebhookDeadLetterRequest,
  type PlatformWebhookDeadLetterResult,
  type PlatformWebhookDeliveryResult,
} from './platform-webhook.types';

export interface PlatformWebhookDeps {
  /** Absent when PLATFORM_WEBHOOK_URL is not configured: status sync is off and deliveries are skipped. */
  sender?: PlatformWebhookSender;
  deadLetters: PlatformWebhookDeadLetterStore;
  /** Counts delivery attempts by outcome; absent, nothing is recorded. */
  metrics?: PlatformWebhookRecorder;
}

/** A `Retry-After` is honoured up to this; longer ones would spend the 3-day budget on one wait. */
export const MAX_RETRY_AFTER_MS = 6 * 3_600_000;

/** Business IDs: the characters order IDs may have (OrderIdSchema), and what carriers' numbers and shipment IDs use. */
const Id = z.string().min(1).max(64).regex(/^[\w.:-]+$/);

const enumOf = <T extends string>(values: readonly T[]) => z.enum(values as [T, ...T[]]);

const EventSchema = z.object({
  orderId: Id,
  sequence: z.number().int().min(1),
  status: enumOf(ORDER_STATUSES),
  previousStatus: enumOf(ORDER_STATUSES).optional(),
  occurredAt: z.iso.datetime({ offset: true }),
  escrowState: enumOf(Object.values(EscrowState)).optional(),
  delayed: z.boolean().optional(),
  shipments: z
    .array(
      z.object({
        shipmentId: Id,
        carrier: enumOf(CARRIERS),
        trackingNumber: z.string().min(1).max(64),
        status: enumOf(SHIPMENT_STATUSES),
      }),
    )
    .max(100),
});

const DeadLetterSchema = z.object({
  event: EventSchema,
  failure: z.object({ type: z.string().min(1).max(200), message: z.string().max(2000), httpStatus: z.number().int().min(100).max(599).optional() }),
  attempts: z.number().int().min(0),
});

function invalid(what: string, error: z.ZodError): ApplicationFailure {
  const fields = error.issues.map((issue) => issue.path.join('.') || '(root)').join(', ');
  return ApplicationFailure.nonRetryable(`Not a valid ${what} (${fields})`, PlatformWebhookFailureType.INVALID);
}

/** Extra fields are dropped by zod's object parsing, so nothing but the documented ones is stored or sent. */
function parseEvent(event: OrderStatusWebhook): OrderStatusWebhook {
  const parsed = EventSchema.safeParse(event);
  if (!parsed.success) throw invalid('order status webhook', parsed.error);
  return parsed.data;
}

/**
 * Platform status sync. `deliverOrderStatusWebhook` sends one signed webhook per status change and
 * leaves retrying to Temporal (PLATFORM_WEBHOOK_ACTIVITY_OPTIONS: exponential backoff for up to 3
 * days); `recordPlatformWebhookDeadLetter` keeps what could not be delivered for the API to list and
 * replay. Both are idempotent per webhook ID (`evt_order_<orderId>_<sequence>`).
 */
export function createPlatformWebhookActivities(deps: PlatformWebhookDeps): PlatformWebhookActivities {
  const metrics = deps.metrics ?? NO_ACTIVITY_METRICS;
  return {
    async deliverOrderStatusWebhook(input: OrderStatusWebhook): Promise<PlatformWebhookDeliveryResult> {
      const event = parseEvent(input);
      const webhookId = platformWebhookId(event.orderId, event.sequence);
      const ids = { orderId: event.orderId, sequence: event.sequence, webhookId };
      if (!deps.sender) {
        log.debug('Platform status sync is off (PLATFORM_WEBHOOK_URL unset); webhook not sent', ids);
        metrics.platformWebhook('disabled');
        return { webhookId, outcome: 'disabled' };
      }
      try {
        const sent = await deps.sender.send(event, { signal: cancellationSignal() });
        metrics.platformWebhook('delivered');
        log.info('Platform webhook delivered', { ...ids, status: event.status, httpStatus: sent.httpStatus });
        return { webhookId, outcome: 'delivered', httpStatus: sent.httpStatus };
      } catch (err) {
        if (!(err instanceof PlatformWebhookDeliveryError)) throw err;
        metrics.platformWebhook(err.retryable ? 'failed_retryable' : 'rejected');
        // The attempt number rides along so a dead letter can say how often delivery was tried.
        const details = [{ webhookId, httpStatus: err.details.httpStatus, attempt: activityInfo().attempt }];
        if (!err.retryable) {
          log.warn('Platform webhook refused for good by the receiver', { ...ids, httpStatus: err.details.httpStatus });
          throw ApplicationFailure.nonRetryable(err.message, PlatformWebhookFailureType.REJECTED, ...details);
        }
        log.warn('Platform webhook not delivered; Temporal retries it', { ...ids, type: err.type, httpStatus: err.details.httpStatus });
        const retryAfter = err.details.retryAfterMs;
        throw ApplicationFailure.create({
          type: err.type,
          message: err.message,
          nextRetryDelay: retryAfter !== undefined && retryAfter > 0 ? Math.min(retryAfter, MAX_RETRY_AFTER_MS) : undefined,
          details,
        });
      }
    },

    async recordPlatformWebhookDeadLetter(request: PlatformWebhookDeadLetterRequest): Promise<PlatformWebhookDeadLetterResult> {
      const parsed = DeadLetterSchema.safeParse(request);
      if (!parsed.success) throw invalid('platform webhook dead letter', parsed.error);
      const { event, failure, attempts } = parsed.data;
      const { created, deadLetter } = await deps.deadLetters.insertIfAbsent({ payload: event, failure, attempts, deadAt: new Date() });
      const ids = { orderId: deadLetter.orderId, sequence: deadLetter.sequence, webhookId: deadLetter.webhookId };
      if (created) metrics.platformWebhook('dead_lettered');
      if (created) log.warn('Platform webhook dead-lettered', { ...ids, failureType: failure.type, httpStatus: failure.httpStatus, attempts });
      else log.info('Platform webhook dead letter already recorded', ids);
      return { webhookId: deadLetter.webhookId, created };
    },
  };
}
