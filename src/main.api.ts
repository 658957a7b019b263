import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ApiModule } from './api/api.module';
import { configureApiApp } from './api/api-app';
import { generateDevApiKeys } from './auth/api-keys';
import { loadConfig, type WaybillConfig } from './config/config';
import { exitOnBootstrapFailure } from './logging/exit-on-bootstrap-failure';

/** Outside production, an API started without keys makes its own and says so. */
function withDevelopmentKeys(config: WaybillConfig): WaybillConfig {
  if (config.apiKeys || config.env === 'production') return config;
  const apiKeys = generateDevApiKeys();
  Logger.warn(`WAYBILL_API_KEYS is not set; development keys for this run: ${apiKeys}`, 'Bootstrap');
  return { ...config, apiKeys };
}

async function bootstrap(): Promise<void> {
  const config = withDevelopmentKeys(loadConfig());
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config), {
    bodyParser: false,
    // Held until pino takes over (LOG_LEVEL applies there), so start-up lines are JSON too.
    bufferLogs: true,
  });
  configureApiApp(app, config);
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  Logger.log(`Waybill API listening on ${config.publicBaseUrl}`, 'Bootstrap');
}

bootstrap().catch(exitOnBootstrapFailure('Waybill API'));
