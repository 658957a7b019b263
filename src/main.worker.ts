import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Runtime } from '@temporalio/worker';
import { loadConfig, type MetricsConfig } from './config/config';
import { temporalLogForwarder } from './logging/temporal-log-forwarder';
import { temporalRuntimeTelemetry } from './metrics/temporal-runtime-metrics';
import { exitOnBootstrapFailure } from './logging/exit-on-bootstrap-failure';
import { useWaybillLogger } from './logging/request-logging';
import { WorkerModule } from './worker/worker.module';

/** Temporal's log entries through Nest's logger (see temporal-log-forwarder.ts). */
function installTemporalRuntime(metrics: MetricsConfig): void {
  Runtime.install({
    logger: temporalLogForwarder(new Logger('Temporal')),
    // Nest owns the signals (enableShutdownHooks), so shutdown runs once, in order.
    shutdownSignals: [],
    // Temporal core's Prometheus exporter on loopback; the worker's /metrics passes it on (docs/observability.md).
    telemetryOptions: temporalRuntimeTelemetry(metrics),
  });
}

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  installTemporalRuntime(config.metrics);
  // Held until pino takes over (LOG_LEVEL applies there), so start-up lines are JSON too.
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  useWaybillLogger(app);
  app.enableShutdownHooks();
  Logger.log('Waybill worker started', 'Bootstrap');
}

bootstrap().catch(exitOnBootstrapFailure('Waybill worker'));
