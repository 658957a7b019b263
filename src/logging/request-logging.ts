import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import type { RequestHandler } from 'express';
import { correlateRequest } from './correlation-context';
import { REQUEST_LOGGER } from './logging.module';

/**
 * Nest's Logger through pino from now on (what was logged while the app was built, buffered with
 * `bufferLogs`, comes out too), and for an HTTP app the request logger as its first middleware,
 * then the rest of each request run under its request ID as the correlation ID.
 */
export function useWaybillLogger(app: INestApplication | INestApplicationContext): void {
  if ('use' in app) {
    app.use(app.get<RequestHandler>(REQUEST_LOGGER));
    app.use(correlateRequest);
  }
  app.useLogger(app.get(Logger));
}
