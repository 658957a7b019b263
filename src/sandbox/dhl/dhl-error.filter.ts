import { randomUUID } from 'node:crypto';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { MalformedAnswer } from '../http/malformed-answer';
import { DhlApiError, DhlErrors } from './dhl-errors';

/**
 * Makes every failure of the DHL emulator look like DHL: `application/problem+json` with the
 * `Correlation-Id` and `Content-Language` headers DHL puts on its answers, never Nest's default
 * body, and never a crash.
 */
@Catch()
export class DhlErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(DhlErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    response.setHeader('Correlation-Id', randomUUID());
    response.setHeader('Content-Language', 'en');
    if (exception instanceof MalformedAnswer) {
      response.status(200).type('application/json').send(exception.text);
      return;
    }
    const error = this.toDhlError(exception);
    if (error.retryAfterSeconds !== undefined) response.setHeader('Retry-After', String(error.retryAfterSeconds));
    response.status(error.httpStatus).type('application/problem+json').send(JSON.stringify(error.problem));
  }

  private toDhlError(exception: unknown): DhlApiError {
    if (exception instanceof DhlApiError) return exception;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return new DhlApiError(status, exception.name, exception.message);
    }
    this.logger.error('DHL emulator failed', exception instanceof Error ? exception.stack : String(exception));
    return DhlErrors.serverError();
  }
}
