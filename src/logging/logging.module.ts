import { Module, type DynamicModule, type LogLevel } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { pinoHttp } from 'pino-http';
import { createRootLogger, httpLoggerOptions } from './loggers';

/** The pino-http middleware, for main.api.ts to mount before anything else (see useRequestLogging). */
export const REQUEST_LOGGER = Symbol('waybill:request-logger');

/**
 * nestjs-pino over Waybill's logger, so Nest's `Logger` writes JSON lines, and inside a request
 * each line carries that request's `reqId`. The request middleware is mounted by the app itself
 * ahead of helmet and the body parsers (useExisting: Nest's own middleware only binds `req.log`
 * to the request), so refused bodies and unmatched paths are logged and get their ID too.
 */
@Module({})
export class LoggingModule {
  static forRoot(service: 'api' | 'worker', level: LogLevel, destination?: DestinationStream): DynamicModule {
    const logger = createRootLogger(service, level, destination);
    const options = httpLoggerOptions(logger);
    return {
      module: LoggingModule,
      global: true,
      imports: [LoggerModule.forRoot({ pinoHttp: options, useExisting: true })],
      providers: [{ provide: REQUEST_LOGGER, useFactory: () => pinoHttp(options) }],
      exports: [LoggerModule, REQUEST_LOGGER],
    };
  }
}
