import type { EscrowAction } from './escrow/escrow.types';
import type { Carrier, NotificationChannel } from '../workflows/shared/vocabulary';

/*
 * What activities report for metrics, as plain interfaces: the worker passes recorders backed by
 * prom-client (src/metrics/), unit tests pass NO_ACTIVITY_METRICS or a jest mock, and nothing in
 * activities/ imports a metrics library. Every value here is from a closed set, so no label can
 * carry a tracking number, an order ID or an address.
 */

/** The carrier API called: tracking, or the OAuth token endpoint. */
export type CarrierEndpoint = 'track' | 'token';

/**
 * How one carrier HTTP call ended. `rate_limited` is the 429; `client_error` and `server_error` the
 * other 4xx and 5xx; `timeout` and `network_error` calls that got no answer; `bad_response` a 2xx
 * whose body was oversized or not JSON; `cancelled` a call Temporal cancelled.
 */
export type CarrierCallOutcome = 'ok' | 'redirect' | 'rate_limited' | 'client_error' | 'server_error' | 'timeout' | 'network_error' | 'bad_response' | 'cancelled';

export interface CarrierCallRecorder {
  carrierCall(call: { carrier: Carrier; endpoint: CarrierEndpoint; outcome: CarrierCallOutcome; durationMs: number }): void;
}

/**
 * How one `sendNotification` (or recorded skip) ended: `duplicate` is a retry that found the message
 * already settled in the outbox, `in_flight` one that found another attempt holding its claim; the
 * rest are the skip reasons of NotificationSkipReason.
 */
export type NotificationOutcome =
  | 'sent'
  | 'failed_permanent'
  | 'failed_retryable'
  | 'duplicate'
  | 'in_flight'
  | 'suppressed'
  | 'channel_disabled'
  | 'collapsed'
  | 'capped';

export interface NotificationRecorder {
  notification(channel: NotificationChannel, outcome: NotificationOutcome): void;
}

/** How one `settleEscrow` attempt ended (settled_otherwise: the other action had already moved the money). */
export type EscrowOutcome = 'settled' | 'already_settled' | 'declined' | 'settled_otherwise' | 'failed_retryable';

export interface EscrowRecorder {
  escrowSettlement(action: EscrowAction, outcome: EscrowOutcome): void;
}

/** How one platform status webhook delivery attempt ended; `dead_lettered` is recorded once per webhook. */
export type PlatformWebhookOutcome = 'delivered' | 'disabled' | 'rejected' | 'failed_retryable' | 'dead_lettered';

export interface PlatformWebhookRecorder {
  platformWebhook(outcome: PlatformWebhookOutcome): void;
}

export type ActivityMetrics = CarrierCallRecorder & NotificationRecorder & EscrowRecorder & PlatformWebhookRecorder;

/** Records nothing: for tests, and for code paths built without a worker (scripts, benchmarks). */
export const NO_ACTIVITY_METRICS: ActivityMetrics = Object.freeze({
  carrierCall: () => undefined,
  notification: () => undefined,
  escrowSettlement: () => undefined,
  platformWebhook: () => undefined,
});
