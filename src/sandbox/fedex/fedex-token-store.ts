import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { SANDBOX_CLOCK, type SandboxClock } from '../sandbox.options';

export interface IssuedFedexToken {
  accessToken: string;
  clientId: string;
  issuedAt: Date;
  expiresAt: Date;
}

/** A runaway client must not grow memory without bound; the oldest tokens go first. */
const MAX_TOKENS = 10_000;

/**
 * Bearer tokens issued by the FedEx emulator, in memory only: a restart invalidates them, which
 * exercises the client's re-authentication path the way a real token revocation would. FedEx
 * answers an expired token and an unknown one alike, so expired tokens are simply dropped.
 */
@Injectable()
export class FedexTokenStore {
  private readonly tokens = new Map<string, IssuedFedexToken>();

  constructor(@Inject(SANDBOX_CLOCK) private readonly clock: SandboxClock) {}

  issue(clientId: string, ttlSeconds: number): IssuedFedexToken {
    const issuedAt = this.clock();
    this.forgetExpired(issuedAt);
    const token: IssuedFedexToken = {
      // FedEx tokens are long opaque JWT-like strings; base64url keeps them header-safe.
      accessToken: randomBytes(96).toString('base64url'),
      clientId,
      issuedAt,
      expiresAt: new Date(issuedAt.getTime() + ttlSeconds * 1000),
    };
    this.tokens.set(token.accessToken, token);
    return token;
  }

  /** The live token, or undefined for an unknown or expired one. */
  find(accessToken: string): IssuedFedexToken | undefined {
    const token = this.tokens.get(accessToken);
    return token && this.clock().getTime() < token.expiresAt.getTime() ? token : undefined;
  }

  private forgetExpired(now: Date): void {
    for (const [key, token] of this.tokens) if (token.expiresAt.getTime() <= now.getTime()) this.tokens.delete(key);
    // Map iteration is insertion order, so the first keys are the oldest tokens.
    for (const key of this.tokens.keys()) {
      if (this.tokens.size < MAX_TOKENS) break;
      this.tokens.delete(key);
    }
  }
}
