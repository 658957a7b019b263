import { randomBytes } from 'node:crypto';
import { errors, jwtVerify, SignJWT, type JWTHeaderParameters, type JWTPayload } from 'jose';
import type { CustomerTokenKey } from './customer-token-secrets';

/** Why a token was refused; callers answer 401 whatever the reason, which is for tests and debug logs. */
export type TokenFailure = 'malformed' | 'unknown_key' | 'bad_signature' | 'expired' | 'wrong_claims';

const ALGORITHM = 'HS256';

export interface KeyRingJwtOptions {
  /** The first key signs; every key verifies, chosen by the header's `kid`. */
  keys: readonly CustomerTokenKey[];
  issuer: string;
  /** Audience and header type differ per kind of token, so no kind is ever accepted as another. */
  audience: string;
  type: string;
  /** Longer tokens are refused unread. */
  maxLength: number;
  now: () => Date;
  /** The caller's own error for a refused token. */
  refuse: (reason: TokenFailure) => Error;
}

export interface SignedToken {
  token: string;
  expiresAt: Date;
}

/** HS256 JWTs about one subject, each with a random `jti`, signed and verified with a key ring. */
export class KeyRingJwt {
  private readonly signingKey: CustomerTokenKey;
  private readonly keysById: ReadonlyMap<string, Uint8Array>;

  constructor(private readonly options: KeyRingJwtOptions) {
    const [first] = options.keys;
    if (!first) throw new Error(`The ${options.audience} token key ring needs at least one key`);
    this.signingKey = first;
    this.keysById = new Map(options.keys.map((key) => [key.kid, key.secret]));
  }

  async sign(subject: string, claims: JWTPayload, ttlMs: number): Promise<SignedToken> {
    const issuedAt = Math.floor(this.options.now().getTime() / 1000);
    const expiresAt = issuedAt + Math.ceil(ttlMs / 1000);
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: ALGORITHM, typ: this.options.type, kid: this.signingKey.kid })
      .setIssuer(this.options.issuer)
      .setAudience(this.options.audience)
      .setSubject(subject)
      .setJti(randomBytes(16).toString('base64url'))
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .sign(this.signingKey.secret);
    return { token, expiresAt: new Date(expiresAt * 1000) };
  }

  /**
   * The payload of a token this ring signed for this audience and type, with `sub`, `jti`, `exp`
   * and `iat`; the caller still checks their values. Signature first, then claims: jose reports
   * `expired` or wrong claims only for a token this server signed, so the reason tells a forger
   * nothing. The HMAC is checked with WebCrypto's `subtle.verify`, which compares in constant time;
   * the key is chosen by the header's `kid`, which is public, so which key was tried leaks nothing secret.
   */
  async verify(token: string): Promise<JWTPayload> {
    const { maxLength, issuer, audience, type, now, refuse } = this.options;
    if (typeof token !== 'string' || token.length > maxLength) throw refuse('malformed');
    try {
      const { payload } = await jwtVerify(token, (header: JWTHeaderParameters) => this.keyFor(header), {
        // Only HS256: `none` and every other algorithm, whatever the header says, are refused.
        algorithms: [ALGORITHM],
        issuer,
        audience,
        typ: type,
        requiredClaims: ['sub', 'jti', 'exp', 'iat'],
        currentDate: now(),
      });
      return payload;
    } catch (err) {
      throw err instanceof errors.JOSEError ? refuse(failureOf(err)) : err;
    }
  }

  private keyFor(header: JWTHeaderParameters): Uint8Array {
    const key = header.kid === undefined ? undefined : this.keysById.get(header.kid);
    if (!key) throw this.options.refuse('unknown_key');
    return key;
  }
}

function failureOf(err: errors.JOSEError): TokenFailure {
  if (err instanceof errors.JWTExpired) return 'expired';
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'bad_signature';
  if (err instanceof errors.JWTClaimValidationFailed) return 'wrong_claims';
  // Not a JWS, an algorithm other than HS256 (`none` included), a bad header: not a token of ours.
  return 'malformed';
}
