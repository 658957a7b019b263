/** The process's prom-client Registry (metrics-registry.ts). */
export const METRICS_REGISTRY = Symbol('waybill:metrics-registry');
/** Who may read the API's /metrics (metrics-access.ts). */
export const METRICS_ACCESS = Symbol('waybill:metrics-access');
/** The worker's ActivityMetrics, handed to the activities it builds. */
export const ACTIVITY_METRICS = Symbol('waybill:activity-metrics');
