import { decodeJwt, decodeProtectedHeader, SignJWT, UnsecuredJWT } from 'jose';
import { generateDevCustomerTokenSecrets, parseCustomerTokenSecrets } from '../../../src/auth/customer-token-secrets';
import { CUSTOMER_TOKEN_AUDIENCE, CUSTOMER_TOKEN_ISSUER, CustomerTokenError, CustomerTokenService, type CustomerTokenFailure } from '../../../src/auth/customer-tokens';

const OLD = 'k2025:old-secret-0123456789abcdef-0123456789';
const NEW = 'k2026:new-secret-0123456789abcdef-0123456789';
const DAY = 24 * 3_600_000;

const clock = { now: new Date('2026-11-26T10:00:00Z') };
const serviceWith = (spec: string, defaultTtlMs = 30 * DAY) =>
  new CustomerTokenService({ keys: parseCustomerTokenSecrets(spec), defaultTtlMs, now: () => clock.now });

const refusal = async (service: CustomerTokenService, token: string): Promise<CustomerTokenFailure> => {
  const err = await service.verify(token).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof CustomerTokenError)) throw new Error(`expected a CustomerTokenError, got ${String(err)}`);
  return err.reason;
};

/** A token signed with `secret` under our kid, with the claims a test wants wrong. */
const handMade = (secret: string, claims: { aud?: string; iss?: string; sub?: string; exp?: number; jti?: string; kid?: string }) =>
  new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: claims.kid ?? 'k2026' })
    .setIssuer(claims.iss ?? CUSTOMER_TOKEN_ISSUER)
    .setAudience(claims.aud ?? CUSTOMER_TOKEN_AUDIENCE)
    .setSubject(claims.sub ?? 'A-1001')
    .setJti(claims.jti ?? 'abcdefghijklmnopqrstuv')
    .setIssuedAt(Math.floor(clock.now.getTime() / 1000))
    .setExpirationTime(claims.exp ?? Math.floor(clock.now.getTime() / 1000) + 3600)
    .sign(new TextEncoder().encode(secret));

describe('CustomerTokenService', () => {
  beforeEach(() => {
    clock.now = new Date('2026-11-26T10:00:00Z');
  });

  it('issues a token that verifies back to its order and a random token ID', async () => {
    const service = serviceWith(NEW);
    const a = await service.issue('A-1001');
    const b = await service.issue('A-1001');
    const claims = await service.verify(a.token);
    expect(claims.orderId).toBe('A-1001');
    expect(claims.tokenId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect((await service.verify(b.token)).tokenId).not.toBe(claims.tokenId);
  });

  it('names the order and nothing else: HS256 under the signing kid, iss, aud, sub, jti, iat, exp', async () => {
    const { token, expiresAt } = await serviceWith(`${NEW},${OLD}`).issue('A-1001');
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT', kid: 'k2026' });
    const payload = decodeJwt(token);
    expect(Object.keys(payload).sort()).toEqual(['aud', 'exp', 'iat', 'iss', 'jti', 'sub']);
    expect(payload).toMatchObject({ iss: 'waybill', aud: 'waybill-customer', sub: 'A-1001' });
    expect(expiresAt.toISOString()).toBe('2026-12-26T10:00:00.000Z');
    expect(payload.exp).toBe(expiresAt.getTime() / 1000);
  });

  it('takes a lifetime per token', async () => {
    const { expiresAt } = await serviceWith(NEW).issue('A-1001', { ttlMs: 15 * 60_000 });
    expect(expiresAt.toISOString()).toBe('2026-11-26T10:15:00.000Z');
  });

  it('refuses to issue for something that is not an order ID, or for a nonsense lifetime', async () => {
    const service = serviceWith(NEW);
    await expect(service.issue('$bad')).rejects.toThrow(/order ID/);
    await expect(service.issue('A-1001', { ttlMs: 0 })).rejects.toThrow(/ttlMs/);
    await expect(service.issue('A-1001', { ttlMs: 1.5e3 + 0.5 })).rejects.toThrow(/ttlMs/);
  });

  it('refuses a token once it expired, and only then', async () => {
    const service = serviceWith(NEW);
    const { token, expiresAt } = await service.issue('A-1001', { ttlMs: 60_000 });
    clock.now = new Date(expiresAt.getTime() - 1000);
    await expect(service.verify(token)).resolves.toMatchObject({ orderId: 'A-1001' });
    clock.now = new Date(expiresAt.getTime() + 1000);
    await expect(refusal(service, token)).resolves.toBe('expired');
  });

  it('refuses a token for another audience or from another issuer, though signed with our key', async () => {
    const service = serviceWith(NEW);
    const secret = NEW.slice(NEW.indexOf(':') + 1);
    await expect(refusal(service, await handMade(secret, { aud: 'waybill-admin' }))).resolves.toBe('wrong_claims');
    await expect(refusal(service, await handMade(secret, { iss: 'someone-else' }))).resolves.toBe('wrong_claims');
    await expect(refusal(service, await handMade(secret, { sub: '$where' }))).resolves.toBe('wrong_claims');
    await expect(service.verify(await handMade(secret, {}))).resolves.toEqual({
      orderId: 'A-1001',
      tokenId: 'abcdefghijklmnopqrstuv',
      expiresAt: new Date(Math.floor(clock.now.getTime() / 1000) * 1000 + 3_600_000),
    });
  });

  it('refuses a forged signature: another secret under our kid, or a payload swapped for another order', async () => {
    const service = serviceWith(NEW);
    await expect(refusal(service, await handMade('not-our-secret-0123456789abcdef-xyz', {}))).resolves.toBe('bad_signature');
    const { token } = await service.issue('A-1001');
    const [header, , signature] = token.split('.');
    const otherPayload = Buffer.from(JSON.stringify({ ...decodeJwt(token), sub: 'A-2002' })).toString('base64url');
    await expect(refusal(service, `${header}.${otherPayload}.${signature}`)).resolves.toBe('bad_signature');
  });

  it('refuses an unknown kid, and a token with none', async () => {
    const service = serviceWith(NEW);
    const secret = NEW.slice(NEW.indexOf(':') + 1);
    await expect(refusal(service, await handMade(secret, { kid: 'k1999' }))).resolves.toBe('unknown_key');
    const noKid = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(CUSTOMER_TOKEN_ISSUER)
      .setAudience(CUSTOMER_TOKEN_AUDIENCE)
      .setSubject('A-1001')
      .setJti('abcdefghijklmnopqrstuv')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(secret));
    await expect(refusal(service, noKid)).resolves.toBe('unknown_key');
  });

  it('rotates keys: a token signed with the old kid verifies while it is listed, and fails once it is removed', async () => {
    const before = serviceWith(OLD);
    const { token } = await before.issue('A-1001');
    const during = serviceWith(`${NEW},${OLD}`);
    await expect(during.verify(token)).resolves.toMatchObject({ orderId: 'A-1001' });
    const fresh = await during.issue('A-1001');
    expect(decodeProtectedHeader(fresh.token).kid).toBe('k2026');
    const after = serviceWith(NEW);
    await expect(refusal(after, token)).resolves.toBe('unknown_key');
    await expect(after.verify(fresh.token)).resolves.toMatchObject({ orderId: 'A-1001' });
  });

  it('rejects alg=none and other algorithms whatever the header claims', async () => {
    const service = serviceWith(NEW);
    const unsecured = new UnsecuredJWT({})
      .setIssuer(CUSTOMER_TOKEN_ISSUER)
      .setAudience(CUSTOMER_TOKEN_AUDIENCE)
      .setSubject('A-1001')
      .setJti('abcdefghijklmnopqrstuv')
      .setIssuedAt()
      .setExpirationTime('1h')
      .encode();
    await expect(refusal(service, unsecured)).resolves.toBe('malformed');
    // The same with a kid we know, and with the signature of a real token glued on.
    const { token } = await service.issue('A-1001');
    const [, payload, signature] = token.split('.');
    const noneHeader = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT', kid: 'k2026' })).toString('base64url');
    await expect(refusal(service, `${noneHeader}.${payload}.`)).resolves.toBe('malformed');
    await expect(refusal(service, `${noneHeader}.${payload}.${signature}`)).resolves.toBe('malformed');
    const hs512Header = Buffer.from(JSON.stringify({ alg: 'HS512', typ: 'JWT', kid: 'k2026' })).toString('base64url');
    await expect(refusal(service, `${hs512Header}.${payload}.${signature}`)).resolves.toBe('malformed');
  });

  it.each([
    ['an empty string', ''],
    ['garbage', 'not-a-token'],
    ['two parts', 'a.b'],
    ['an oversized string', 'a'.repeat(5000)],
  ])('refuses %s as malformed', async (_what, token) => {
    await expect(refusal(serviceWith(NEW), token)).resolves.toBe('malformed');
  });
});

describe('parseCustomerTokenSecrets', () => {
  it('keeps the order given: the first key signs', () => {
    expect(parseCustomerTokenSecrets(` ${NEW} , ${OLD} `).map((k) => k.kid)).toEqual(['k2026', 'k2025']);
  });

  it.each([
    ['an empty list', ''],
    ['a short secret', 'k1:short'],
    ['a missing kid', ':0123456789abcdef0123456789abcdef'],
    ['a kid with a bad character', 'k$1:0123456789abcdef0123456789abcdef'],
    ['a kid twice', `k1:0123456789abcdef0123456789abcdef,k1:fedcba9876543210fedcba9876543210`],
  ])('refuses %s', (_what, spec) => {
    expect(() => parseCustomerTokenSecrets(spec)).toThrow(/CUSTOMER_TOKEN_SECRETS/);
  });

  it('generates development keys it accepts', () => {
    const spec = generateDevCustomerTokenSecrets();
    expect(parseCustomerTokenSecrets(spec)).toHaveLength(1);
    expect(generateDevCustomerTokenSecrets()).not.toBe(spec);
  });
});

describe('CustomerTokenService: the short form for SMS links', () => {
  beforeEach(() => {
    clock.now = new Date('2026-11-26T10:00:00Z');
  });

  it('issues a short token for the same grant: its order, until its expiry', async () => {
    const service = serviceWith(NEW);
    const { token, expiresAt } = service.issueCompact('A-1001', { ttlMs: DAY });
    expect(token.length).toBeLessThan(60);
    expect(token).toMatch(/^k2026~/);
    expect(expiresAt).toEqual(new Date('2026-11-27T10:00:00Z'));
    await expect(service.verify(token)).resolves.toEqual({ orderId: 'A-1001', tokenId: expect.stringMatching(/^c_[\w-]{22}$/), expiresAt });
  });

  it('refuses it expired, forged, retargeted, truncated or signed with an unknown key', async () => {
    const service = serviceWith(NEW);
    const { token } = service.issueCompact('A-1001', { ttlMs: DAY });
    const [kid, order, expiry, mac] = token.split('~');
    const otherOrder = Buffer.from('A-1002').toString('base64url');
    const later = (parseInt(expiry, 36) + 3600).toString(36);
    expect(await refusal(service, [kid, otherOrder, expiry, mac].join('~'))).toBe('bad_signature');
    expect(await refusal(service, [kid, order, later, mac].join('~'))).toBe('bad_signature');
    expect(await refusal(service, [kid, order, expiry, `${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`].join('~'))).toBe('bad_signature');
    expect(await refusal(service, [kid, order, expiry, mac.slice(0, 10)].join('~'))).toBe('malformed');
    expect(await refusal(service, [kid, order, expiry].join('~'))).toBe('malformed');
    expect(await refusal(service, ['k1999', order, expiry, mac].join('~'))).toBe('unknown_key');
    expect(await refusal(serviceWith(OLD), token)).toBe('unknown_key');
    clock.now = new Date('2026-11-27T10:00:00Z');
    expect(await refusal(service, token)).toBe('expired');
  });

  it('keeps verifying across a key rotation, like the long form', async () => {
    const { token } = serviceWith(OLD).issueCompact('A-1001');
    await expect(serviceWith(`${NEW},${OLD}`).verify(token)).resolves.toMatchObject({ orderId: 'A-1001' });
  });
});
