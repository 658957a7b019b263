import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { ADDRESS_HASH_PATTERN, type AddressHashes } from '../../activities/notifications/address-hash';
import { CHANNEL_NAMES, CUSTOMER_REF_PATTERN, type ChannelName } from '../../activities/notifications/notification-policy';
import { parseCustomerTokenSecrets, type CustomerTokenKey } from '../auth/customer-token-secrets';
import { CUSTOMER_TOKEN_ISSUER, type CustomerTokenFailure } from '../auth/customer-tokens';
import { KeyRingJwt } from '../auth/key-ring-jwt';
import type { WaybillConfig } from '../config/config';
import { OrderIdSchema } from '../orders/orders.dto';

/**
 * Signed unsubscribe links (docs/notification-preferences.md). Same key ring as customer tokens
 * (CUSTOMER_TOKEN_SECRETS: the first key signs, every key verifies, chosen by `kid`), but another
 * audience and header type, so neither kind of token is ever accepted as the other: a tracking link
 * cannot unsubscribe anyone, and an unsubscribe link cannot act on an order.
 *
 * The token names the order, the channel (or `all`), and the SHA-256 of each address the message's
 * customer can be reached on; never an address. Whoever holds the link can unsubscribe exactly those.
 */

export const UNSUBSCRIBE_TOKEN_AUDIENCE = 'waybill:unsubscribe';
export const UNSUBSCRIBE_TOKEN_TYPE = 'waybill-unsubscribe+jwt';

/**
 * A year: links in old emails keep working (CAN-SPAM asks for at least 30 days after sending;
 * RFC 8058 one-click links are followed long after delivery). Rotating the key ring out revokes them.
 */
export const UNSUBSCRIBE_TOKEN_TTL_MS = 365 * 24 * 3_600_000;

/** Three hashes, a customerRef and an order ID fit in about 900 characters; anything longer is not ours. */
export const MAX_UNSUBSCRIBE_TOKEN_LENGTH = 2048;

export const UNSUBSCRIBE_TOKEN_OPTIONS = Symbol('waybill:unsubscribe-token-options');

export interface UnsubscribeTokenOptions {
  /** The customer-token key ring: the first key signs, all of them verify. */
  keys: readonly CustomerTokenKey[];
  /** Defaults to UNSUBSCRIBE_TOKEN_TTL_MS. */
  ttlMs?: number;
  /** The clock; tests move it. */
  now?: () => Date;
}

/** The options from Waybill's configuration: the customer-token key ring, a year's life. */
export const unsubscribeTokenOptions = ({ customerTokens }: Pick<WaybillConfig, 'customerTokens'>): UnsubscribeTokenOptions => ({
  keys: parseCustomerTokenSecrets(customerTokens.secrets),
});

export type UnsubscribeChannel = ChannelName | 'all';
export const UNSUBSCRIBE_CHANNELS: readonly UnsubscribeChannel[] = [...CHANNEL_NAMES, 'all'];

export interface UnsubscribeRequest {
  orderId: string;
  customerRef?: string;
  /** The channel the link unsubscribes from, or `all` of those in `addressHashes`. */
  channel: UnsubscribeChannel;
  /** See addressHashesOf. Must hold the channel's hash (any one, for `all`). */
  addressHashes: AddressHashes;
}

export interface UnsubscribeClaims extends UnsubscribeRequest {
  /** The token's `jti`: recorded with the unsubscribe, never the token. */
  tokenId: string;
  expiresAt: Date;
}

export interface IssuedUnsubscribeToken {
  token: string;
  expiresAt: Date;
}

/** Why a token was refused; the reason is for tests and debug logs, the caller answers 401. */
export class UnsubscribeTokenError extends Error {
  override readonly name = 'UnsubscribeTokenError';

  constructor(readonly reason: CustomerTokenFailure) {
    super(`Unsubscribe token refused: ${reason}`);
  }
}

const Hash = z.string().regex(ADDRESS_HASH_PATTERN);
const AddressHashesSchema = z.strictObject({ email: Hash.optional(), sms: Hash.optional(), push: Hash.optional() });

const namesItsChannel = (value: { channel: UnsubscribeChannel; addressHashes: AddressHashes }): boolean =>
  value.channel === 'all' ? Object.values(value.addressHashes).some(Boolean) : value.addressHashes[value.channel] !== undefined;

const RequestSchema = z
  .strictObject({
    orderId: OrderIdSchema,
    customerRef: z.string().regex(CUSTOMER_REF_PATTERN).optional(),
    channel: z.enum(UNSUBSCRIBE_CHANNELS as [UnsubscribeChannel, ...UnsubscribeChannel[]]),
    addressHashes: AddressHashesSchema,
  })
  .refine(namesItsChannel, 'addressHashes must hold the hash of the channel (any one for all)');

const ClaimsSchema = z.object({
  sub: OrderIdSchema,
  jti: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  exp: z.number().int(),
  ch: z.enum(UNSUBSCRIBE_CHANNELS as [UnsubscribeChannel, ...UnsubscribeChannel[]]),
  cref: z.string().regex(CUSTOMER_REF_PATTERN).optional(),
  ah: AddressHashesSchema,
});

@Injectable()
export class UnsubscribeTokenService {
  private readonly jwt: KeyRingJwt;
  private readonly ttlMs: number;

  constructor(@Inject(UNSUBSCRIBE_TOKEN_OPTIONS) options: UnsubscribeTokenOptions) {
    this.jwt = new KeyRingJwt({
      keys: options.keys,
      issuer: CUSTOMER_TOKEN_ISSUER,
      audience: UNSUBSCRIBE_TOKEN_AUDIENCE,
      type: UNSUBSCRIBE_TOKEN_TYPE,
      maxLength: MAX_UNSUBSCRIBE_TOKEN_LENGTH,
      now: options.now ?? (() => new Date()),
      refuse: (reason) => new UnsubscribeTokenError(reason),
    });
    this.ttlMs = options.ttlMs ?? UNSUBSCRIBE_TOKEN_TTL_MS;
  }

  async issue(request: UnsubscribeRequest): Promise<IssuedUnsubscribeToken> {
    const parsed = RequestSchema.safeParse(request);
    if (!parsed.success) throw new Error(`issue: not an unsubscribe request (${parsed.error.issues.map((i) => i.path.join('.') || i.message).join(', ')})`);
    const { orderId, customerRef, channel, addressHashes } = parsed.data;
    return this.jwt.sign(orderId, { ch: channel, ...(customerRef && { cref: customerRef }), ah: addressHashes }, this.ttlMs);
  }

  async verify(token: string): Promise<UnsubscribeClaims> {
    const claims = ClaimsSchema.safeParse(await this.jwt.verify(token));
    if (!claims.success) throw new UnsubscribeTokenError('wrong_claims');
    const { sub, jti, exp, ch, cref, ah } = claims.data;
    const request: UnsubscribeRequest = { orderId: sub, channel: ch, addressHashes: ah, ...(cref && { customerRef: cref }) };
    if (!namesItsChannel(request)) throw new UnsubscribeTokenError('wrong_claims');
    return { ...request, tokenId: jti, expiresAt: new Date(exp * 1000) };
  }
}

/** The link a message carries (and its List-Unsubscribe header): `${publicBaseUrl}/v1/unsubscribe/{token}`. */
export const unsubscribeUrl = (publicBaseUrl: string, token: string): string => `${publicBaseUrl.replace(/\/+$/, '')}/v1/unsubscribe/${encodeURIComponent(token)}`;
