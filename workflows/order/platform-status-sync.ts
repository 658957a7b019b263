import { ActivityFailure, ApplicationFailure, log, proxyActivities } from '@temporalio/workflow';
import type { OrderStatusWebhook, PlatformWebhookActivities, PlatformWebhookFailure } from '../../activities/platform-webhooks/platform-webhook.types';
import type { OrderState } from './order.types';

/**
 * Keeps the ecommerce platform's copy of the order in step: one signed webhook per change of the
 * order's status or escrow state, numbered per order, retried by Temporal for up to three days and
 * then dead-lettered for an admin to replay (docs/platform-webhooks.md).
 */

// The values of PLATFORM_WEBHOOK_ACTIVITY_OPTIONS: workflows import types only from activities.
const { deliverOrderStatusWebhook } = proxyActivities<PlatformWebhookActivities>({
  scheduleToCloseTimeout: '3 days',
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '30 seconds',
    backoffCoefficient: 2,
    maximumInterval: '1 hour',
    nonRetryableErrorTypes: ['PlatformWebhookRejected', 'InvalidPlatformWebhook'],
  },
});

const { recordPlatformWebhookDeadLetter } = proxyActivities<PlatformWebhookActivities>({
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '1 day',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/** The next webhook, when the order's status or escrow state moved since the last one; the order's new sync point with it. */
export function nextStatusWebhook(state: OrderState, now: string): OrderStatusWebhook | undefined {
  const last = state.platformSync;
  if (last && last.status === state.status && last.escrowState === state.escrow.state) return undefined;
  return {
    orderId: state.orderId,
    sequence: (last?.sequence ?? 0) + 1,
    status: state.status,
    previousStatus: last?.status,
    occurredAt: now,
    escrowState: state.escrow.state,
    delayed: state.delayed,
    shipments: state.shipments.map((s) => ({ shipmentId: s.shipmentId, carrier: s.carrier, trackingNumber: s.trackingNumber, status: s.status })),
  };
}

/** Delivers one webhook; after the retries run out, or on a refusal for good, records it as a dead letter. */
export async function syncStatus(event: OrderStatusWebhook): Promise<void> {
  try {
    await deliverOrderStatusWebhook(event);
  } catch (err) {
    const failure = failureOf(err);
    const attempts = attemptsOf(err);
    log.warn('Platform webhook dead-lettered', { orderId: event.orderId, sequence: event.sequence, failure: failure.type, attempts });
    await recordPlatformWebhookDeadLetter({ event, failure, attempts }).catch((recordErr: unknown) =>
      log.error('Could not record a platform webhook dead letter', { orderId: event.orderId, sequence: event.sequence, error: String(recordErr) }),
    );
  }
}

function failureOf(err: unknown): PlatformWebhookFailure {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure) {
    const [details] = (cause.details ?? []) as Array<{ httpStatus?: unknown } | undefined>;
    const httpStatus = typeof details?.httpStatus === 'number' ? details.httpStatus : undefined;
    return { type: cause.type ?? 'ApplicationFailure', message: cause.message.slice(0, 2000), ...(httpStatus !== undefined && { httpStatus }) };
  }
  return { type: cause instanceof Error ? cause.name : 'Unknown', message: String(cause instanceof Error ? cause.message : cause).slice(0, 2000) };
}

/** The attempt the activity was on when it gave up, from its failure's details; 0 when it never said (a timeout). */
function attemptsOf(err: unknown): number {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (!(cause instanceof ApplicationFailure)) return 0;
  const [details] = (cause.details ?? []) as Array<{ attempt?: unknown } | undefined>;
  return typeof details?.attempt === 'number' && Number.isInteger(details.attempt) && details.attempt > 0 ? details.attempt : 0;
}
