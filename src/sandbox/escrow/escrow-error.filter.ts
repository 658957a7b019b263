import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { EscrowApiError, EscrowErrors } from './escrow-errors';

/** Every failure of the escrow emulator in the provider's envelope, never Nest's default body. */
@Catch()
export class EscrowErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(EscrowErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const error = this.toEscrowError(exception);
    host.switchToHttp().getResponse<Response>().status(error.httpStatus).json(error.body);
  }

  private toEscrowError(exception: unknown): EscrowApiError {
    if (exception instanceof EscrowApiError) return exception;
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      return new EscrowApiError(exception.getStatus(), 'invalid_request_error', 'invalid_request', exception.message);
    }
    this.logger.error('Escrow emulator failed', exception instanceof Error ? exception.stack : String(exception));
    return EscrowErrors.serverError();
  }
}
