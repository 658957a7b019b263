import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** Longer than any key Waybill issues; anything longer is not one and is not looked at. */
const MAX_KEY_LENGTH = 256;

/**
 * The sign-in form posts the API key as a field. This moves it to the Authorization header before
 * the guards run, so sign-in is checked by ApiKeyGuard exactly like an API call (the same key
 * lookup, roles and refusals), and takes it out of the body so nothing downstream sees it.
 */
@Injectable()
export class LoginKeyMiddleware implements NestMiddleware {
  use(request: Request, _response: Response, next: NextFunction): void {
    const body = request.body as Record<string, unknown> | undefined;
    const key = body?.apiKey;
    if (body && 'apiKey' in body) delete body.apiKey;
    if (typeof key === 'string' && key.trim() !== '' && key.length <= MAX_KEY_LENGTH) request.headers.authorization = `Bearer ${key.trim()}`;
    next();
  }
}
