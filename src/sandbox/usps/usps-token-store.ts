import { Inject, Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { SANDBOX_CLOCK, type SandboxClock } from '../sandbox.options';

/** The `issuer` live tokens carry since USPS moved to Keycloak (USPS/api-examples#56). */
export const USPS_TOKEN_ISSUER = 'https://keyc.usps.com/realms/USPS';

export interface IssuedUspsToken {
  accessToken: string;
  clientId: string;
  /** Space-separated, as in the token answer. */
  scope: string;
  issuedAt: Date;
  expiresAt: Date;
}

export type UspsTokenCheck =
  /** Absent or not even shaped like a JWT: USPS's "missing or malformed" answer (USPS/api-examples#68). */
  | { status: 'malformed' }
  | { status: 'unknown' }
  | { status: 'expired'; token: IssuedUspsToken }
  | { status: 'valid'; token: IssuedUspsToken };

/** Three base64url segments, as every USPS access token is. */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
/** Expired tokens are remembered this long so callers get "expired" rather than "invalid". */
const EXPIRED_MEMORY_MS = 24 * 60 * 60_000;
/** A runaway client must not grow memory without bound; the oldest tokens go first. */
const MAX_TOKENS = 10_000;

const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Bearer tokens issued by the USPS emulator. They are shaped like USPS's JWTs (header, claims,
 * signature) so clients that inspect or log them see the real format, but the store, not the
 * signature, decides validity: a restart invalidates every token, as a revocation would.
 */
@Injectable()
export class UspsTokenStore {
  private readonly tokens = new Map<string, IssuedUspsToken>();

  constructor(@Inject(SANDBOX_CLOCK) private readonly clock: SandboxClock) {}

  issue(clientId: string, scope: string, ttlSeconds: number): IssuedUspsToken {
    const issuedAt = this.clock();
    this.forgetStale(issuedAt);
    const expiresAt = new Date(issuedAt.getTime() + ttlSeconds * 1000);
    const claims = {
      iss: USPS_TOKEN_ISSUER,
      sub: clientId,
      azp: clientId,
      scope,
      iat: Math.floor(issuedAt.getTime() / 1000),
      exp: Math.floor(expiresAt.getTime() / 1000),
      jti: randomUUID(),
    };
    const header = base64url({ alg: 'RS256', typ: 'JWT', kid: 'waybill-sandbox' });
    const accessToken = `${header}.${base64url(claims)}.${randomBytes(64).toString('base64url')}`;
    const token: IssuedUspsToken = { accessToken, clientId, scope, issuedAt, expiresAt };
    this.tokens.set(accessToken, token);
    return token;
  }

  check(accessToken: string | undefined): UspsTokenCheck {
    if (!accessToken || !JWT_SHAPE.test(accessToken)) return { status: 'malformed' };
    const token = this.tokens.get(accessToken);
    if (!token) return { status: 'unknown' };
    const live = this.clock().getTime() < token.expiresAt.getTime();
    return { status: live ? 'valid' : 'expired', token };
  }

  private forgetStale(now: Date): void {
    for (const [key, token] of this.tokens) {
      if (token.expiresAt.getTime() + EXPIRED_MEMORY_MS < now.getTime()) this.tokens.delete(key);
    }
    // Map iteration is insertion order, so the first keys are the oldest tokens.
    for (const key of this.tokens.keys()) {
      if (this.tokens.size < MAX_TOKENS) break;
      this.tokens.delete(key);
    }
  }
}
