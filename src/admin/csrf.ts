import { ForbiddenException, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { doubleCsrf, type DoubleCsrfUtilities } from 'csrf-csrf';
import type { Request, Response } from 'express';
import { deriveSessionKey, sessionOf } from '../auth/session-cookie';

/** The hidden form field every dashboard form posts its token in. */
export const CSRF_FIELD = '_csrf';

export interface CsrfOptions {
  /** SESSION_SECRET; the CSRF key is derived from it (deriveSessionKey), apart from the cookie's. */
  secret: string;
  secure: boolean;
}

/**
 * CSRF protection for the dashboard's forms: csrf-csrf's signed double-submit cookie, bound to the
 * session. The token is an HMAC of the session's ID and a random value; the form carries it in
 * `_csrf` and an HttpOnly cookie carries the same, so a page elsewhere can neither read nor forge
 * a pair that passes. Before sign-in the token is bound to "signed out", which protects the sign-in
 * form (login CSRF) without a server-side store.
 */
export class CsrfTokens {
  private readonly csrf: DoubleCsrfUtilities;

  constructor(options: CsrfOptions) {
    const key = deriveSessionKey(options.secret, 'csrf').toString('hex');
    this.csrf = doubleCsrf({
      getSecret: () => key,
      getSessionIdentifier: (request) => {
        const session = sessionOf(request);
        return session ? `session:${session.sessionId}` : 'signed-out';
      },
      cookieName: options.secure ? '__Host-wb_csrf' : 'wb_csrf',
      cookieOptions: { sameSite: 'strict', secure: options.secure, httpOnly: true, path: '/' },
      getCsrfTokenFromRequest: (request) => {
        const value = (request.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
        return typeof value === 'string' ? value : undefined;
      },
    });
  }

  /** The token for this request's forms; reuses the cookie's while it still matches the session. */
  issue(request: Request, response: Response): string {
    return this.csrf.generateCsrfToken(request, response);
  }

  isValid(request: Request): boolean {
    return this.csrf.validateRequest(request);
  }
}

/** A form post without the right CSRF token. */
export class CsrfRefusedException extends ForbiddenException {
  constructor() {
    super('This form has expired or did not come from the dashboard (CSRF check failed). Reload the page and try again.');
  }
}

/** Refuses a form post whose CSRF token is missing or wrong, before the handler changes anything. */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(private readonly csrf: CsrfTokens) {}

  canActivate(context: ExecutionContext): boolean {
    if (!this.csrf.isValid(context.switchToHttp().getRequest<Request>())) {
      throw new CsrfRefusedException();
    }
    return true;
  }
}
