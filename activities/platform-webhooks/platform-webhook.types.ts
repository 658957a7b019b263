import type { ActivityOptions } from '@temporalio/common';
import type { Carrier, EscrowState, OrderStatus, ShipmentStatus } from '../../workflows/shared/vocabulary';

/**
 * Platform status sync (docs/platform-webhooks.md): one signed webhook to the platform for every
 * order status change. Workflows import only types from here; the values they need
 * (PLATFORM_WEBHOOK_ACTIVITY_OPTIONS, the failure types) are copied, not imported.
 */

/** One parcel of the order, as the platform sees it. */
export interface PlatformWebhookShipment {
  shipmentId: string;
  carrier: Carrier;
  trackingNumber: string;
  status: ShipmentStatus;
}

/**
 * An order status change. Business IDs and statuses only: never a name, email, phone number or
 * address (the sender builds the body from these fields alone, so extra ones are dropped).
 */
export interface OrderStatusWebhook {
  orderId: string;
  /** Per order, starting at 1 and strictly increasing; given by the workflow. Receivers ignore a lower one than the highest seen. */
  sequence: number;
  status: OrderStatus;
  previousStatus?: OrderStatus;
  /** ISO 8601: when the status changed (workflow time). Also the body's `timestamp`, so every retry sends the same body. */
  occurredAt: string;
  escrowState?: EscrowState;
  /** The carrier's expected delivery moved past the promised date. */
  delayed?: boolean;
  shipments: PlatformWebhookShipment[];
}

export const PLATFORM_WEBHOOK_EVENT_TYPE = 'order.status_changed';

/** The JSON body, in the Standard Webhooks shape. */
export interface PlatformWebhookBody {
  type: typeof PLATFORM_WEBHOOK_EVENT_TYPE;
  /** ISO 8601: the event's `occurredAt`. */
  timestamp: string;
  data: OrderStatusWebhook;
}

/**
 * The `webhook-id`: derived from the order and sequence, so every retry and every replay of one
 * status change carries the same ID and receivers can drop repeats.
 */
export const platformWebhookId = (orderId: string, sequence: number): string => `evt_order_${orderId}_${sequence}`;

/** Failure types of `deliverOrderStatusWebhook`. Only REJECTED and INVALID are non-retryable. */
export const PlatformWebhookFailureType = {
  /** The receiver refused the webhook for good: 410 Gone, or a 4xx other than 408/409/425/429. Not retried. */
  REJECTED: 'PlatformWebhookRejected',
  /** 5xx, 408/409/425, a redirect, a timeout, a dropped connection. Retried. */
  UNAVAILABLE: 'PlatformWebhookUnavailable',
  /** 429. Retried, no sooner than its `Retry-After`. */
  RATE_LIMITED: 'PlatformWebhookRateLimited',
  /** The workflow sent something that is not an order status webhook. Not retried. */
  INVALID: 'InvalidPlatformWebhook',
} as const;
export type PlatformWebhookFailureType = (typeof PlatformWebhookFailureType)[keyof typeof PlatformWebhookFailureType];

/**
 * The options the order workflow should proxy `deliverOrderStatusWebhook` with: retries with
 * exponential backoff (30 s, 1 min, 2 min … capped at 1 h) for up to 3 days in all, each attempt
 * bounded by a minute (the sender's own timeout is PLATFORM_WEBHOOK_TIMEOUT_MS, 10 s by default).
 * When the activity finally fails, the workflow calls `recordPlatformWebhookDeadLetter` (with
 * ordinary short options) and carries on: a platform outage never blocks an order.
 * A plain object so the workflow can copy it; it may not import values from activities/.
 */
export const PLATFORM_WEBHOOK_ACTIVITY_OPTIONS: ActivityOptions = {
  scheduleToCloseTimeout: '3 days',
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '30 seconds',
    backoffCoefficient: 2,
    maximumInterval: '1 hour',
    nonRetryableErrorTypes: [PlatformWebhookFailureType.REJECTED, PlatformWebhookFailureType.INVALID],
  },
};

/** Why a webhook was given up on, as recorded in its dead letter (no response body, no secret). */
export interface PlatformWebhookFailure {
  /** A PlatformWebhookFailureType, or whatever else the last attempt failed with (e.g. a timeout). */
  type: string;
  message: string;
  httpStatus?: number;
}

export interface PlatformWebhookDeadLetterRequest {
  event: OrderStatusWebhook;
  failure: PlatformWebhookFailure;
  /** How many delivery attempts were made. */
  attempts: number;
}

export interface PlatformWebhookDeliveryResult {
  webhookId: string;
  /** `disabled`: no platform is configured (PLATFORM_WEBHOOK_URL unset), so nothing was sent. */
  outcome: 'delivered' | 'disabled';
  /** The receiver's 2xx status. */
  httpStatus?: number;
}

export interface PlatformWebhookDeadLetterResult {
  webhookId: string;
  /** False when a retry of this activity found the dead letter already recorded. */
  created: boolean;
}

export interface PlatformWebhookActivities {
  /**
   * Signs and POSTs one status change. Resolves on a 2xx; throws a retryable ApplicationFailure
   * (UNAVAILABLE, RATE_LIMITED with `nextRetryDelay`) so Temporal retries, or a non-retryable
   * REJECTED / INVALID one. Use PLATFORM_WEBHOOK_ACTIVITY_OPTIONS.
   */
  deliverOrderStatusWebhook(event: OrderStatusWebhook): Promise<PlatformWebhookDeliveryResult>;
  /** Keeps a webhook given up on in the dead-letter list (`GET /v1/platform-webhooks/dead-letters`). Idempotent. */
  recordPlatformWebhookDeadLetter(request: PlatformWebhookDeadLetterRequest): Promise<PlatformWebhookDeadLetterResult>;
}
