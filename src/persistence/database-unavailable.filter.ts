import { Catch, Injectable, Logger, ServiceUnavailableException, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';

/** The driver's errors for "no MongoDB to talk to": refused, dropped, or no server selectable in time. */
const UNAVAILABLE_ERRORS = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNotConnectedError',
  'MongoPoolClearedError',
  'MongoTopologyClosedError',
]);

/** Whether the error, or one it wraps, says MongoDB cannot be reached (rather than that a query was wrong). */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!(err instanceof Error) || depth > 5) return false;
  return UNAVAILABLE_ERRORS.has(err.name) || UNAVAILABLE_ERRORS.has(err.constructor.name) || isDatabaseUnavailable(err.cause, depth + 1);
}

/**
 * MongoDB unreachable is an outage, not a bug: the request answers 503 with Retry-After, so clients
 * retry, instead of a 500 that reads as "this request is broken". Nothing was written: every write
 * the API acknowledges went through first. Every other error goes to Nest's default handling.
 */
@Catch()
@Injectable()
export class DatabaseUnavailableFilter extends BaseExceptionFilter {
  private readonly logger = new Logger(DatabaseUnavailableFilter.name);

  override catch(err: unknown, host: ArgumentsHost): void {
    if (!isDatabaseUnavailable(err) || host.getType() !== 'http') return super.catch(err, host);
    this.logger.warn(`MongoDB is unavailable: ${(err as Error).name}`);
    host.switchToHttp().getResponse().setHeader('Retry-After', '5');
    super.catch(new ServiceUnavailableException('The database is unavailable; retry the request shortly.'), host);
  }
}
