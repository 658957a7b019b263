import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { attachSession, SessionCookies } from './session-cookie';

/**
 * Verifies the session cookie, when a request carries one, before the guards run: ApiKeyGuard is
 * synchronous and only reads the result, and only on @AcceptsSession() routes. Needs cookie-parser
 * in front of it. A forged or expired cookie is ignored: the request is simply not signed in.
 */
@Injectable()
export class SessionMiddleware implements NestMiddleware {
  constructor(private readonly sessions: SessionCookies) {}

  use(request: Request, _response: Response, next: NextFunction): void {
    this.sessions.fromRequest(request).then((session) => {
      if (session) attachSession(request, session);
      next();
    }, next);
  }
}
