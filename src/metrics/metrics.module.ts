import { Module, type DynamicModule } from '@nestjs/common';
import type { Registry } from 'prom-client';
import type { WaybillConfig } from '../config/config';
import { apiMetricsAccess } from './metrics-access';
import { MetricsController } from './metrics.controller';
import { createMetricsRegistry } from './metrics-registry';
import { ACTIVITY_METRICS, METRICS_ACCESS, METRICS_REGISTRY } from './metrics.tokens';
import { WebhookAckMetrics } from './webhook-ack-metrics';
import { createActivityMetrics } from './worker-activity-metrics';

/** Metrics of one process (docs/observability.md): its registry, and what that process records. */
@Module({})
export class MetricsModule {
  /** The API: `GET /metrics`, and the carrier webhooks' acknowledgement latency. */
  static forApi(config: WaybillConfig): DynamicModule {
    return {
      module: MetricsModule,
      controllers: [MetricsController],
      providers: [
        { provide: METRICS_REGISTRY, useFactory: createMetricsRegistry },
        { provide: METRICS_ACCESS, useValue: apiMetricsAccess(config.env, config.metrics.token) },
        { provide: WebhookAckMetrics, useFactory: (registry: Registry) => new WebhookAckMetrics(registry), inject: [METRICS_REGISTRY] },
      ],
      exports: [METRICS_REGISTRY, WebhookAckMetrics],
    };
  }

  /** The worker: the activities' recorders; the worker's own HTTP server serves them (worker-metrics-server.ts). */
  static forWorker(): DynamicModule {
    return {
      module: MetricsModule,
      global: true,
      providers: [
        { provide: METRICS_REGISTRY, useFactory: createMetricsRegistry },
        { provide: ACTIVITY_METRICS, useFactory: createActivityMetrics, inject: [METRICS_REGISTRY] },
      ],
      exports: [METRICS_REGISTRY, ACTIVITY_METRICS],
    };
  }
}
