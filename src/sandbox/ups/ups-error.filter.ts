import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { MalformedAnswer } from '../http/malformed-answer';
import { UpsApiError, UpsErrors } from './ups-errors';

/**
 * Makes every failure of the UPS emulator look like UPS: the `{"response":{"errors":[…]}}` envelope,
 * never Nest's default body, and never a crash.
 */
@Catch()
export class UpsErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(UpsErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof MalformedAnswer) {
      response.status(200).type('application/json').send(exception.text);
      return;
    }
    const error = this.toUpsError(exception);
    response.status(error.httpStatus).json(error.envelope);
  }

  private toUpsError(exception: unknown): UpsApiError {
    if (exception instanceof UpsApiError) return exception;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return new UpsApiError(status, String(status), exception.message);
    }
    this.logger.error('UPS emulator failed', exception instanceof Error ? exception.stack : String(exception));
    return UpsErrors.serverError();
  }
}
