import type { TelemetryOptions } from '@temporalio/worker';
import type { MetricsConfig } from '../config/config';

/** Temporal core serves its metrics here, on loopback only: the worker's own /metrics passes them on. */
const TEMPORAL_METRICS_HOST = '127.0.0.1';
const FETCH_TIMEOUT_MS = 2_000;

/**
 * Runtime telemetry for `Runtime.install`: Temporal core's Prometheus exporter (worker and
 * workflow task slots, poll and schedule-to-start latencies, sticky cache, activity outcomes),
 * under core's own names and defaults so Temporal's published dashboards work unchanged. Off when
 * the worker serves no metrics or WORKER_TEMPORAL_METRICS_PORT is 0.
 */
export function temporalRuntimeTelemetry(metrics: MetricsConfig): TelemetryOptions | undefined {
  if (!temporalMetricsEnabled(metrics)) return undefined;
  return { metrics: { prometheus: { bindAddress: `${TEMPORAL_METRICS_HOST}:${metrics.temporalPort}` } } };
}

export const temporalMetricsEnabled = (metrics: MetricsConfig): boolean => metrics.workerPort !== 0 && metrics.temporalPort !== 0;

/**
 * Core's exposition text, to append to prom-client's so one scrape gets both. When core does not
 * answer, a comment says so and the scrape still succeeds with Waybill's own series.
 */
export async function fetchTemporalMetrics(port: number): Promise<string> {
  try {
    const response = await fetch(`http://${TEMPORAL_METRICS_HOST}:${port}/metrics`, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    if (!response.ok) return `# Temporal core metrics unavailable: HTTP ${response.status}\n`;
    return await response.text();
  } catch (err) {
    return `# Temporal core metrics unavailable: ${err instanceof Error ? err.message : String(err)}\n`;
  }
}
