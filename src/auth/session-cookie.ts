import { createHmac } from 'node:crypto';
import type { CookieOptions, Request, Response } from 'express';
import { z } from 'zod';
import { API_ROLES, type Principal } from './api-keys';
import { KeyRingJwt } from './key-ring-jwt';

/**
 * The dashboard's sign-in session: a signed cookie that says which key signed in (its role and its
 * non-secret ID), never the key itself. HS256 JWT with its own audience and header type, so no
 * customer token or other JWT of Waybill's is ever taken for a session, and the other way round.
 * Sessions are not stored: signing out clears the cookie, and a session ends when it expires; a
 * new SESSION_SECRET ends them all.
 */

/** How long a sign-in lasts: a working day. */
export const SESSION_TTL_MS = 8 * 3_600_000;

const ISSUER = 'waybill';
const AUDIENCE = 'waybill-dashboard-session';
const TYPE = 'wb-session+jwt';
/** A session token is about 350 bytes; anything much longer is not one. */
const MAX_TOKEN_LENGTH = 1024;

export interface SessionOptions {
  /** SESSION_SECRET; the cookie and CSRF keys are derived from it, one per purpose. */
  secret: string;
  /** Secure cookies, with the `__Host-` prefix that pins them to this host and path `/`. */
  secure: boolean;
  now?: () => Date;
}

/** A signed-in browser: who, and the session's own random ID (the CSRF tokens are bound to it). */
export interface Session extends Principal {
  sessionId: string;
  expiresAt: Date;
}

const ClaimsSchema = z.object({
  sub: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/),
  role: z.enum(API_ROLES),
  jti: z.string().min(16).max(64),
  exp: z.number().int(),
});

/** A key for one purpose, derived from SESSION_SECRET, so one leaked derived key reveals nothing of the others. */
export function deriveSessionKey(secret: string, purpose: string): Buffer {
  return createHmac('sha256', secret).update(`waybill-dashboard:${purpose}`).digest();
}

export class SessionCookies {
  /** `__Host-` prefixed on https: the browser then refuses it from any other host, path or insecure origin. */
  readonly cookieName: string;
  private readonly jwt: KeyRingJwt;

  constructor(private readonly options: SessionOptions) {
    this.cookieName = options.secure ? '__Host-wb_session' : 'wb_session';
    this.jwt = new KeyRingJwt({
      keys: [{ kid: 'session', secret: deriveSessionKey(options.secret, 'session-cookie') }],
      issuer: ISSUER,
      audience: AUDIENCE,
      type: TYPE,
      maxLength: MAX_TOKEN_LENGTH,
      now: options.now ?? (() => new Date()),
      refuse: (reason) => new Error(`Session cookie refused: ${reason}`),
    });
  }

  /** Signs a session for the principal and sets its cookie on the response. */
  async start(response: Response, principal: Principal): Promise<Session> {
    const { token, expiresAt } = await this.jwt.sign(principal.keyId, { role: principal.role }, SESSION_TTL_MS);
    response.cookie(this.cookieName, token, { ...this.cookieOptions(), expires: expiresAt });
    const session = await this.verify(token);
    if (!session) throw new Error('A freshly signed session did not verify');
    return session;
  }

  /** Tells the browser to forget the session. */
  end(response: Response): void {
    response.clearCookie(this.cookieName, this.cookieOptions());
  }

  /** The session a cookie value carries, or undefined for anything forged, expired or malformed. */
  async verify(token: string | undefined): Promise<Session | undefined> {
    if (typeof token !== 'string' || token === '') return undefined;
    try {
      const claims = ClaimsSchema.safeParse(await this.jwt.verify(token));
      if (!claims.success) return undefined;
      const { sub, role, jti, exp } = claims.data;
      return { role, keyId: sub, sessionId: jti, expiresAt: new Date(exp * 1000) };
    } catch {
      return undefined;
    }
  }

  /** The session of a request whose cookies cookie-parser has read. */
  fromRequest(request: Request): Promise<Session | undefined> {
    const cookies = request.cookies as Record<string, unknown> | undefined;
    const value = cookies?.[this.cookieName];
    return this.verify(typeof value === 'string' ? value : undefined);
  }

  private cookieOptions(): CookieOptions {
    // HttpOnly: no script reads it. Strict: no other site's page, link or form makes the browser send it.
    return { httpOnly: true, sameSite: 'strict', secure: this.options.secure, path: '/' };
  }
}

const SESSION = Symbol('waybill:session');

type RequestWithSession = Request & { [SESSION]?: Session };

/** Set by the session middleware when the request carries a valid session cookie. */
export const attachSession = (request: Request, session: Session): void => {
  (request as RequestWithSession)[SESSION] = session;
};

/** The signed-in session of this request, if it has one; ApiKeyGuard accepts it on @AcceptsSession() routes only. */
export const sessionOf = (request: Request): Session | undefined => (request as RequestWithSession)[SESSION];

/** The principal a session stands for: what ApiKeyGuard checks roles against. */
export const sessionPrincipal = (request: Request): Principal | undefined => {
  const session = sessionOf(request);
  return session && { role: session.role, keyId: session.keyId };
};
