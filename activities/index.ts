import type { NotificationActivities } from './notifications/notification.activities';
import type { ReadModelActivities } from './read-model/read-model.activities';
import type { UnmatchedEventsActivities } from './webhooks/unmatched-events.activities';

export { createCarrierActivities, type CarrierActivities } from './carriers/poll-carrier.activity';
export { createNotificationActivities, type NotificationActivities } from './notifications/notification.activities';
export { createReadModelActivities, type ReadModelActivities } from './read-model/read-model.activities';
export { createUnmatchedEventsActivities, type UnmatchedEventsActivities } from './webhooks/unmatched-events.activities';

/** Activities of Waybill's main task queue. Carrier activities run on per-carrier queues. */
export type WaybillActivities = ReadModelActivities & NotificationActivities & UnmatchedEventsActivities;
