import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { TwilioApiError, TwilioErrors } from './sms-errors';

/** Every failure of the SMS emulator in Twilio's envelope, never Nest's default body. */
@Catch()
export class TwilioErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(TwilioErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const error = this.toTwilioError(exception);
    host.switchToHttp().getResponse<Response>().status(error.httpStatus).json(error.body);
  }

  private toTwilioError(exception: unknown): TwilioApiError {
    if (exception instanceof TwilioApiError) return exception;
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      const status = exception.getStatus();
      return new TwilioApiError(status, 20000 + status, exception.message);
    }
    this.logger.error('SMS emulator failed', exception instanceof Error ? exception.stack : String(exception));
    return TwilioErrors.serverError();
  }
}
