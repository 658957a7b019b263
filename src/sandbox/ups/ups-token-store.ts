import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { SANDBOX_CLOCK, type SandboxClock } from '../sandbox.options';

export interface IssuedUpsToken {
  accessToken: string;
  clientId: string;
  issuedAt: Date;
  expiresAt: Date;
}

export type UpsTokenCheck =
  | { status: 'valid'; token: IssuedUpsToken }
  | { status: 'expired'; token: IssuedUpsToken }
  | { status: 'unknown' };

/** Expired tokens are remembered this long so callers get "expired" rather than "invalid". */
const EXPIRED_MEMORY_MS = 24 * 60 * 60_000;
/** A runaway client must not grow memory without bound; the oldest tokens go first. */
const MAX_TOKENS = 10_000;

/**
 * Bearer tokens issued by the UPS emulator, in memory only: a restart invalidates them, which
 * exercises the client's re-authentication path the way a real token revocation would.
 */
@Injectable()
export class UpsTokenStore {
  private readonly tokens = new Map<string, IssuedUpsToken>();

  constructor(@Inject(SANDBOX_CLOCK) private readonly clock: SandboxClock) {}

  issue(clientId: string, ttlSeconds: number): IssuedUpsToken {
    const issuedAt = this.clock();
    this.forgetStale(issuedAt);
    const token: IssuedUpsToken = {
      // UPS tokens are long opaque strings; base64url keeps them header-safe.
      accessToken: randomBytes(48).toString('base64url'),
      clientId,
      issuedAt,
      expiresAt: new Date(issuedAt.getTime() + ttlSeconds * 1000),
    };
    this.tokens.set(token.accessToken, token);
    return token;
  }

  check(accessToken: string): UpsTokenCheck {
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
