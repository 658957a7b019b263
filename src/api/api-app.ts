import type { NestExpressApplication } from '@nestjs/platform-express';
import type { WaybillConfig } from '../config/config';
import { useWaybillLogger } from '../logging/request-logging';
import { configureHttpPipeline } from './http-pipeline';
import { configureHttpSecurity } from './http-security';
import { setupOpenApi } from './openapi';

/**
 * Everything the API app needs around its modules, in order: request logging first (every answer,
 * a 413 or an unknown path included, gets a request ID and a log line), then security headers,
 * body parsing with its limits, and the OpenAPI pages. main.api.ts and the security tests both
 * build the app this way, so the tests see what production serves.
 */
export function configureApiApp(app: NestExpressApplication, config: WaybillConfig): void {
  useWaybillLogger(app);
  configureHttpSecurity(app, { trustProxy: config.security.trustProxy, https: config.publicBaseUrl.startsWith('https:') });
  configureHttpPipeline(app);
  app.disable('x-powered-by');
  setupOpenApi(app);
}
