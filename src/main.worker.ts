import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DefaultLogger, Runtime, type LogLevel as TemporalLogLevel } from '@temporalio/worker';
import { loadConfig } from './config/config';
import { scrubContactDetails } from './logging/log-redaction';
import { useWaybillLogger } from './logging/request-logging';
import { WorkerModule } from './worker/worker.module';

const temporalLogger = new Logger('Temporal');

/** Temporal's log entries through Nest's logger, so both read the same in the console. */
function installTemporalRuntime(): void {
  const forward: Record<TemporalLogLevel, (message: string) => void> = {
    TRACE: (m) => temporalLogger.verbose(m),
    DEBUG: (m) => temporalLogger.debug(m),
    INFO: (m) => temporalLogger.log(m),
    WARN: (m) => temporalLogger.warn(m),
    ERROR: (m) => temporalLogger.error(m),
  };
  Runtime.install({
    // Temporal's INFO level narrates every worker state change and webpack run; WARN is what matters.
    logger: new DefaultLogger('WARN', (entry) => {
      if (entry.message.startsWith('No workflows registered')) return; // carrier queues are activity-only by design
      const meta = entry.meta ? ` ${JSON.stringify(entry.meta)}` : '';
      // Activity failures are logged with their message, which may quote a customer's address.
      forward[entry.level](scrubContactDetails(`${entry.message}${meta}`));
    }),
    // Nest owns the signals (enableShutdownHooks), so shutdown runs once, in order.
    shutdownSignals: [],
  });
}

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  installTemporalRuntime();
  // Held until pino takes over (LOG_LEVEL applies there), so start-up lines are JSON too.
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  useWaybillLogger(app);
  app.enableShutdownHooks();
  Logger.log('Waybill worker started', 'Bootstrap');
}

bootstrap().catch((err: unknown) => {
  Logger.error(err instanceof Error ? (err.stack ?? err.message) : String(err), 'Bootstrap');
  process.exit(1);
});
