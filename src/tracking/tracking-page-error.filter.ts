import { Catch, HttpException, Inject, Injectable, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { CustomerTokenError } from '../auth/customer-tokens';
import { TrackingAssets } from './assets/tracking-assets';
import { renderErrorPage } from './page/error-page';
import { TRACKING_OPTIONS, type TrackingOptions } from './tracking.options';

/** Headers of every page the customer sees: nothing cached, indexed or handed to another site in a Referer. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Robots-Tag': 'noindex, nofollow',
  'X-Content-Type-Options': 'nosniff',
};

/**
 * Every failure on the tracking page's routes is an HTML page (the customer is a person with a
 * browser, not a client reading JSON), with the failure's status: 401 for a forged, foreign or
 * expired link, 404 for an order that is gone, 429 when rate-limited. What it says comes from a
 * fixed list; nothing from the exception, the token or the order reaches the page.
 */
@Catch()
@Injectable()
export class TrackingPageErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(TrackingPageErrorFilter.name);

  constructor(
    private readonly assets: TrackingAssets,
    @Inject(TRACKING_OPTIONS) private readonly options: TrackingOptions,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const expired = exception instanceof CustomerTokenError && exception.reason === 'expired';
    const status = exception instanceof CustomerTokenError ? 401 : exception instanceof HttpException ? exception.getStatus() : 500;
    if (exception instanceof CustomerTokenError) this.logger.debug(`Tracking page link refused (${exception.reason})`);
    else if (status >= 500) this.logger.error(`Tracking page failed: ${exception instanceof Error ? (exception.stack ?? exception.message) : String(exception)}`);
    if (response.headersSent) {
      response.end();
      return;
    }
    // Headers set before the failure (a rate limit's Retry-After) stay.
    response
      .status(status)
      .set(PAGE_HEADERS)
      .send(renderErrorPage({ status, expired, brand: this.options.brand, assets: { stylesheet: this.assets.url(this.assets.stylesheet) } }));
  }
}
