import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { errors, jwtVerify, SignJWT, type JWTHeaderParameters } from 'jose';
import { z } from 'zod';
import { OrderIdSchema } from '../orders/orders.dto';
import type { CustomerTokenKey } from './customer-token-secrets';

/**
 * Tokens a customer acts on their own order with (a tracking page, a link in an email, a mobile
 * app). A token names one order and nothing else: no name, email or address, so a leaked link
 * reveals an order ID and the right to act on that one order until it expires.
 */

export const CUSTOMER_TOKEN_ISSUER = 'waybill';
export const CUSTOMER_TOKEN_AUDIENCE = 'waybill-customer';
const ALGORITHM = 'HS256';

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
}

export interface IssuedCustomerToken {
  token: string;
  expiresAt: Date;
}

export type CustomerTokenFailure = 'malformed' | 'unknown_key' | 'bad_signature' | 'expired' | 'wrong_claims';

/** Why a token was refused. Callers answer 401 whatever the reason; the reason is for tests and debug logs. */
export class CustomerTokenError extends Error {
  override readonly name = 'CustomerTokenError';

  constructor(readonly reason: CustomerTokenFailure) {
    super(`Customer token refused: ${reason}`);
  }
}

const ClaimsSchema = z.object({ sub: OrderIdSchema, jti: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/) });

@Injectable()
export class CustomerTokenService {
  private readonly signingKey: CustomerTokenKey;
  private readonly keysById: ReadonlyMap<string, Uint8Array>;
  private readonly now: () => Date;

  constructor(@Inject(CUSTOMER_TOKEN_OPTIONS) private readonly options: CustomerTokenOptions) {
    const [first] = options.keys;
    if (!first) throw new Error('CustomerTokenService needs at least one key');
    this.signingKey = first;
    this.keysById = new Map(options.keys.map((key) => [key.kid, key.secret]));
    this.now = options.now ?? (() => new Date());
  }

  async issue(orderId: string, { ttlMs = this.options.defaultTtlMs }: { ttlMs?: number } = {}): Promise<IssuedCustomerToken> {
    if (!OrderIdSchema.safeParse(orderId).success) throw new Error('issue: not a valid order ID');
    if (!Number.isSafeInteger(ttlMs) || ttlMs < 1000) throw new Error('issue: ttlMs must be an integer of at least 1000');
    const issuedAt = Math.floor(this.now().getTime() / 1000);
    const expiresAt = issuedAt + Math.ceil(ttlMs / 1000);
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT', kid: this.signingKey.kid })
      .setIssuer(CUSTOMER_TOKEN_ISSUER)
      .setAudience(CUSTOMER_TOKEN_AUDIENCE)
      .setSubject(orderId)
      .setJti(randomBytes(16).toString('base64url'))
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .sign(this.signingKey.secret);
    return { token, expiresAt: new Date(expiresAt * 1000) };
  }

  /**
   * Checks signature first, then claims: jose reports `expired` or wrong claims only for a token
   * this server signed, so the reason tells a forger nothing. The HMAC is checked with WebCrypto's
   * `subtle.verify`, which compares in constant time; the key is chosen by the header's `kid`,
   * which is public, so which key was tried leaks nothing secret.
   */
  async verify(token: string): Promise<CustomerTokenClaims> {
    if (typeof token !== 'string' || token.length > MAX_CUSTOMER_TOKEN_LENGTH) throw new CustomerTokenError('malformed');
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, (header: JWTHeaderParameters) => this.keyFor(header), {
        // Only HS256: `none` and every other algorithm, whatever the header says, are refused.
        algorithms: [ALGORITHM],
        issuer: CUSTOMER_TOKEN_ISSUER,
        audience: CUSTOMER_TOKEN_AUDIENCE,
        typ: 'JWT',
        requiredClaims: ['sub', 'jti', 'exp', 'iat'],
        currentDate: this.now(),
      }));
    } catch (err) {
      throw err instanceof CustomerTokenError || err instanceof errors.JOSEError ? toTokenError(err) : err;
    }
    const claims = ClaimsSchema.safeParse(payload);
    if (!claims.success) throw new CustomerTokenError('wrong_claims');
    return { orderId: claims.data.sub, tokenId: claims.data.jti };
  }

  private keyFor(header: JWTHeaderParameters): Uint8Array {
    const key = header.kid === undefined ? undefined : this.keysById.get(header.kid);
    if (!key) throw new CustomerTokenError('unknown_key');
    return key;
  }
}

function toTokenError(err: CustomerTokenError | errors.JOSEError): CustomerTokenError {
  if (err instanceof CustomerTokenError) return err;
  if (err instanceof errors.JWTExpired) return new CustomerTokenError('expired');
  if (err instanceof errors.JWSSignatureVerificationFailed) return new CustomerTokenError('bad_signature');
  if (err instanceof errors.JWTClaimValidationFailed) return new CustomerTokenError('wrong_claims');
  // Not a JWS, an algorithm other than HS256 (`none` included), a bad header: not a token of ours.
  return new CustomerTokenError('malformed');
}
