import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { MalformedAnswer } from '../http/malformed-answer';
import { USPS_OAUTH_API_VERSION, USPS_TRACKING_API_VERSION, UspsApiError, UspsErrors } from './usps-errors';

/**
 * Makes every failure of the USPS emulator look like USPS: its `ErrorMessage` envelope (or RFC 6749
 * on the token endpoint) with its headers, never Nest's default body, and never a crash.
 */
@Catch()
export class UspsErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(UspsErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    if (exception instanceof MalformedAnswer) {
      response.status(200).type('application/json').send(exception.text);
      return;
    }
    const error = this.toUspsError(exception, http.getRequest<Request>());
    response.status(error.httpStatus).set(error.headers).json(error.body);
  }

  private toUspsError(exception: unknown, request: Request): UspsApiError {
    if (exception instanceof UspsApiError) return exception;
    const onTokenEndpoint = request.path.includes('/oauth2/');
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (onTokenEndpoint && status < 500) return UspsErrors.invalidRequest(exception.message);
      const apiVersion = onTokenEndpoint ? USPS_OAUTH_API_VERSION : USPS_TRACKING_API_VERSION;
      return new UspsApiError(status, { apiVersion, error: { code: String(status), message: exception.message, errors: [] } });
    }
    this.logger.error('USPS emulator failed', exception instanceof Error ? exception.stack : String(exception));
    return UspsErrors.serverError(onTokenEndpoint ? USPS_OAUTH_API_VERSION : USPS_TRACKING_API_VERSION);
  }
}
