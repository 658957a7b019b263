import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { OrderIdSchema } from '../orders/orders.dto';
import type { WaybillConfig } from '../config/config';
import { isCompactToken, signCompact, verifyCompact } from './compact-customer-token';
import { parseCustomerTokenSecrets, type CustomerTokenKey } from './customer-token-secrets';
import { KeyRingJwt, type TokenFailure } from './key-ring-jwt';

/**
 * Tokens a customer acts on their own order with (a tracking page, a link in an email, a mobile
 * app). A token names one order and nothing else: no name, email or address, so a leaked link
 * reveals an order ID and the right to act on that one order until it expires.
 */

export const CUSTOMER_TOKEN_ISSUER = 'waybill';
export const CUSTOMER_TOKEN_AUDIENCE = 'waybill-customer';

/** Far longer than any token this service issues (about 300 bytes); anything bigger is not one. */
export const MAX_CUSTOMER_TOKEN_LENGTH = 1024;

export const CUSTOMER_TOKEN_OPTIONS = Symbol('waybill:customer-token-options');

export interface CustomerTokenOptions {
  /** The first key signs; all of them verify (see parseCustomerTokenSecrets). */
  keys: readonly CustomerTokenKey[];
  /** How long a token lives unless `issue` is told otherwise. */
  defaultTtlMs: number;
  /** The clock; tests move it. */
  now?: () => Date;
}

/** What a verified token grants: acting on `orderId`. `tokenId` (the `jti`) names the token in history and logs. */
export interface CustomerTokenClaims {
  orderId: string;
  tokenId: string;
  /** When the grant ends: a long-lived answer (an event stream) ends with it. */
  expiresAt: Date;
}

export interface IssuedCustomerToken {
  token: string;
  expiresAt: Date;
}

export type CustomerTokenFailure = TokenFailure;

/** Why a token was refused. Callers answer 401 whatever the reason; the reason is for tests and debug logs. */
export class CustomerTokenError extends Error {
  override readonly name = 'CustomerTokenError';

  constructor(readonly reason: CustomerTokenFailure) {
    super(`Customer token refused: ${reason}`);
  }
}

const ClaimsSchema = z.object({ sub: OrderIdSchema, jti: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/), exp: z.number().int() });

/** The options from Waybill's configuration: CUSTOMER_TOKEN_SECRETS and CUSTOMER_TOKEN_TTL_MS. */
export const customerTokenOptions = ({ customerTokens }: Pick<WaybillConfig, 'customerTokens'>): CustomerTokenOptions => ({
  keys: parseCustomerTokenSecrets(customerTokens.secrets),
  defaultTtlMs: customerTokens.ttlMs,
});

@Injectable()
export class CustomerTokenService {
  private readonly jwt: KeyRingJwt;

  constructor(@Inject(CUSTOMER_TOKEN_OPTIONS) private readonly options: CustomerTokenOptions) {
    this.jwt = new KeyRingJwt({
      keys: options.keys,
      issuer: CUSTOMER_TOKEN_ISSUER,
      audience: CUSTOMER_TOKEN_AUDIENCE,
      type: 'JWT',
      maxLength: MAX_CUSTOMER_TOKEN_LENGTH,
      now: options.now ?? (() => new Date()),
      refuse: (reason) => new CustomerTokenError(reason),
    });
  }

  async issue(orderId: string, { ttlMs = this.options.defaultTtlMs }: { ttlMs?: number } = {}): Promise<IssuedCustomerToken> {
    if (!OrderIdSchema.safeParse(orderId).success) throw new Error('issue: not a valid order ID');
    if (!Number.isSafeInteger(ttlMs) || ttlMs < 1000) throw new Error('issue: ttlMs must be an integer of at least 1000');
    return this.jwt.sign(orderId, {}, ttlMs);
  }

  /** The same grant in a form short enough for an SMS link (see compact-customer-token.ts). */
  issueCompact(orderId: string, { ttlMs = this.options.defaultTtlMs }: { ttlMs?: number } = {}): IssuedCustomerToken {
    if (!OrderIdSchema.safeParse(orderId).success) throw new Error('issueCompact: not a valid order ID');
    if (!Number.isSafeInteger(ttlMs) || ttlMs < 1000) throw new Error('issueCompact: ttlMs must be an integer of at least 1000');
    const expiresAtSeconds = Math.floor((this.now().getTime() + ttlMs) / 1000);
    return { token: signCompact(this.options.keys[0], orderId, expiresAtSeconds), expiresAt: new Date(expiresAtSeconds * 1000) };
  }

  /** See KeyRingJwt.verify (and verifyCompact for the short form) for the order of checks and why it is safe. */
  async verify(token: string): Promise<CustomerTokenClaims> {
    if (token.length > MAX_CUSTOMER_TOKEN_LENGTH) throw new CustomerTokenError('malformed');
    if (isCompactToken(token)) return this.verifyCompact(token);
    const claims = ClaimsSchema.safeParse(await this.jwt.verify(token));
    if (!claims.success) throw new CustomerTokenError('wrong_claims');
    return { orderId: claims.data.sub, tokenId: claims.data.jti, expiresAt: new Date(claims.data.exp * 1000) };
  }

  private verifyCompact(token: string): CustomerTokenClaims {
    const outcome = verifyCompact(this.options.keys, token, Math.floor(this.now().getTime() / 1000));
    if ('refused' in outcome) throw new CustomerTokenError(outcome.refused);
    const { orderId, expiresAtSeconds, mac } = outcome.claims;
    if (!OrderIdSchema.safeParse(orderId).success) throw new CustomerTokenError('wrong_claims');
    return { orderId, tokenId: `c_${mac}`, expiresAt: new Date(expiresAtSeconds * 1000) };
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}
