import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { MalformedAnswer } from '../http/malformed-answer';
import { FedexApiError, FedexErrors } from './fedex-errors';

/**
 * Makes every failure of the FedEx emulator look like FedEx: the `{"transactionId","errors":[…]}`
 * envelope (echoing the caller's x-customer-transaction-id), never Nest's default body, and never a crash.
 */
@Catch()
export class FedexErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(FedexErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    if (exception instanceof MalformedAnswer) {
      response.status(200).type('application/json').send(exception.text);
      return;
    }
    const error = this.toFedexError(exception);
    const customerTransactionId = http.getRequest<Request>().header('x-customer-transaction-id');
    response.status(error.httpStatus).json(error.envelope(customerTransactionId));
  }

  private toFedexError(exception: unknown): FedexApiError {
    if (exception instanceof FedexApiError) return exception;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      // A body the JSON parser could not read, or any other refusal before FedEx's own checks.
      if (status === 404) return FedexErrors.notFound();
      if (status >= 400 && status < 500) return new FedexApiError(status, 'INVALID.INPUT.EXCEPTION', 'Invalid field value in the input');
      return FedexErrors.serverError();
    }
    this.logger.error('FedEx emulator failed', exception instanceof Error ? exception.stack : String(exception));
    return FedexErrors.serverError();
  }
}
