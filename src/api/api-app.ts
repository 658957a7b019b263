import type { NestExpressApplication } from '@nestjs/platform-express';
import type { WaybillConfig } from '../config/config';
import { useWaybillLogger } from '../logging/request-logging';
import { WebhookAckMetrics } from '../metrics/webhook-ack-metrics';
import { requestSpans } from '../tracing/request-span';
import type { Tracing } from '../tracing/tracing';
import { TRACING } from '../tracing/tracing.module';
import { configureHttpPipeline } from './http-pipeline';
import { configureHttpSecurity } from './http-security';
import { setupOpenApi } from './openapi';
import { WEBHOOK_PATH_PREFIX } from '../webhooks/webhooks.controller';

/**
 * Everything the API app needs around its modules, in order: request logging first (every answer,
 * a 413 or an unknown path included, gets a request ID and a log line), with tracing on a span per
 * request (docs/observability.md), then security headers,
 * body parsing with its limits, and the OpenAPI pages. main.api.ts and the security tests both
 * build the app this way, so the tests see what production serves.
 */
export function configureApiApp(app: NestExpressApplication, config: WaybillConfig): void {
  useWaybillLogger(app);
  // Carrier webhooks are timed from here, before their body is read (waybill_carrier_webhook_ack_seconds).
  app.use(`/${WEBHOOK_PATH_PREFIX}`, app.get(WebhookAckMetrics).middleware());
  if (app.get<Tracing>(TRACING).enabled) app.use(requestSpans());
  configureHttpSecurity(app, { trustProxy: config.security.trustProxy, https: config.publicBaseUrl.startsWith('https:') });
  configureHttpPipeline(app);
  app.disable('x-powered-by');
  setupOpenApi(app);
}
