import type { SupportAlertActivities } from './alerts/support-alert.types';
import type { EscrowActivities } from './escrow/escrow.types';
import type { NotificationPolicyActivities } from './notifications/notification-policy';
import type { NotificationActivities } from './notifications/notification.activities';
import type { PlatformWebhookActivities } from './platform-webhooks/platform-webhook.types';
import type { ReadModelActivities } from './read-model/read-model.activities';
import type { UnmatchedEventsActivities } from './webhooks/unmatched-events.activities';

export { createSupportAlertActivities, type SupportAlertDeps, type SupportAlertNotifier } from './alerts/support-alert.activities';
export type { SupportAlert, SupportAlertStore } from './alerts/support-alert-store';
export type { SupportAlertActivities } from './alerts/support-alert.types';
export { createCarrierActivities, type CarrierActivities } from './carriers/poll-carrier.activity';
export { createEscrowActivities, type EscrowDeps } from './escrow/escrow.activities';
export type { EscrowLedger, EscrowLedgerEntry, EscrowIntent } from './escrow/escrow-ledger';
export type { EscrowProviderClient, EscrowTransaction } from './escrow/escrow-provider';
export type { EscrowActivities } from './escrow/escrow.types';
export { createNotificationActivities, type NotificationActivities, type NotificationLinkBuilder } from './notifications/notification.activities';
export { createNotificationPolicyActivities, type NotificationPolicyActivities, type NotificationPolicyStore } from './notifications/notification-policy';
export { createPlatformWebhookActivities, type PlatformWebhookDeps } from './platform-webhooks/platform-webhook.activities';
export type { PlatformWebhookActivities } from './platform-webhooks/platform-webhook.types';
export { createReadModelActivities, type ReadModelActivities } from './read-model/read-model.activities';
export { createUnmatchedEventsActivities, type UnmatchedEventsActivities } from './webhooks/unmatched-events.activities';

/** Activities of Waybill's main task queue. Carrier activities run on per-carrier queues. */
export type WaybillActivities = ReadModelActivities &
  NotificationActivities &
  NotificationPolicyActivities &
  UnmatchedEventsActivities &
  SupportAlertActivities &
  EscrowActivities &
  PlatformWebhookActivities;
