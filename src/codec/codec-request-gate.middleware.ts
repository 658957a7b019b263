import { ForbiddenException, Inject, Injectable, UnsupportedMediaTypeException, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { CODEC_OPTIONS, type CodecModuleOptions } from './codec.options';

/** What the Temporal UI sends: its access token (when configured), JSON, and the namespace. */
const ALLOWED_HEADERS = 'Authorization, Content-Type, X-Namespace';
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * Runs before the API-key guard on the codec routes, and is the only CORS in the API.
 *
 * - A browser request from any origin other than the Temporal UI's or the API's own is refused,
 *   so a page elsewhere can never make a signed-in admin's browser decrypt anything.
 * - The UI's origin gets CORS with credentials; preflights are answered here, since the guard
 *   would refuse them (browsers send no credentials on a preflight).
 * - POSTs must be `application/json`. A cross-site form can only send simple content types, so
 *   this forces every cross-origin call through the preflight above.
 */
@Injectable()
export class CodecRequestGate implements NestMiddleware {
  constructor(@Inject(CODEC_OPTIONS) private readonly options: CodecModuleOptions) {}

  use(request: Request, response: Response, next: NextFunction): void {
    response.vary('Origin');
    const origin = request.headers.origin;
    const fromUi = origin !== undefined && origin === this.options.uiOrigin;
    if (origin !== undefined && !fromUi && origin !== this.options.apiOrigin) {
      throw new ForbiddenException('This origin may not call the codec endpoint.');
    }
    if (fromUi) {
      response.setHeader('Access-Control-Allow-Origin', origin);
      response.setHeader('Access-Control-Allow-Credentials', 'true');
    }
    if (request.method === 'OPTIONS') {
      if (fromUi) {
        response.setHeader('Access-Control-Allow-Methods', 'POST');
        response.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
        response.setHeader('Access-Control-Max-Age', String(PREFLIGHT_MAX_AGE_SECONDS));
      }
      response.setHeader('Allow', 'POST, OPTIONS');
      response.status(204).end();
      return;
    }
    if (request.method === 'POST' && !request.is('application/json')) {
      throw new UnsupportedMediaTypeException('Send the payloads as Content-Type: application/json.');
    }
    next();
  }
}
