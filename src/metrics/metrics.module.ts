import { Module, type DynamicModule } from '@nestjs/common';
import type { Registry } from 'prom-client';
import type { WaybillConfig } from '../config/config';
import { apiMetricsAccess } from './metrics-access';
import { MetricsController } from './metrics.controller';
import { createMetricsRegistry } from './metrics-registry';
import { ACTIVITY_METRICS, METRICS_ACCESS, METRICS_REGISTRY } from './metrics.tokens';
import { WebhookAckMetrics } from './webhook-ack-metrics';
import { WebhookForwardMetrics } from './webhook-forward-metrics';
import { WebhookInboxRepository } from '../persistence/webhook-inbox.repository';
import { createActivityMetrics } from './worker-activity-metrics';

/** Metrics of one process (docs/observability.md): its registry, and what that process records. */
@Module({})
export class MetricsModule {
  /** The API: `GET /metrics`, and the carrier webhooks' acknowledgement and hand-over. */
  static forApi(config: WaybillConfig): DynamicModule {
    return {
      module: MetricsModule,
      global: true,
      controllers: [MetricsController],
      providers: [
        { provide: METRICS_REGISTRY, useFactory: createMetricsRegistry },
        { provide: METRICS_ACCESS, useValue: apiMetricsAccess(config.env, config.metrics.token) },
        { provide: WebhookAckMetrics, useFactory: (registry: Registry) => new WebhookAckMetrics(registry), inject: [METRICS_REGISTRY] },
        {
          provide: WebhookForwardMetrics,
          useFactory: (registry: Registry, inbox: WebhookInboxRepository) => new WebhookForwardMetrics(registry, () => inbox.waiting()),
          inject: [METRICS_REGISTRY, WebhookInboxRepository],
        },
      ],
      exports: [METRICS_REGISTRY, WebhookAckMetrics, WebhookForwardMetrics],
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
