/** Workflow IDs are business keys, so a repeated request can never start a second workflow. */
export const orderWorkflowId = (orderId: string): string => `order:${orderId}`;
export const shipmentWorkflowId = (shipmentId: string): string => `shipment:${shipmentId}`;

/** The task queue of order and shipment workflows and of their non-carrier activities. */
export const WAYBILL_TASK_QUEUE = 'waybill';

/**
 * Each carrier's API calls run on the carrier's own task queue, so a server-side
 * `maxTaskQueueActivitiesPerSecond` caps calls to that carrier across every worker.
 */
export const carrierTaskQueue = (carrier: string): string => `carrier-${carrier}`;
