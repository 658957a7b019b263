import type { SupportAlertActivities } from './alerts/support-alert.types';
import type { EscrowActivities } from './escrow/escrow.types';
import type { NotificationActivities } from './notifications/notification.activities';
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
export { createNotificationActivities, type NotificationActivities } from './notifications/notification.activities';
export { createReadModelActivities, type ReadModelActivities } from './read-model/read-model.activities';
export { createUnmatchedEventsActivities, type UnmatchedEventsActivities } from './webhooks/unmatched-events.activities';

/** Activities of Waybill's main task queue. Carrier activities run on per-carrier queues. */
export type WaybillActivities = ReadModelActivities & NotificationActivities & UnmatchedEventsActivities & SupportAlertActivities & EscrowActivities;
