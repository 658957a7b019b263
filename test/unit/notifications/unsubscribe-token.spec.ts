import { decodeJwt, decodeProtectedHeader } from 'jose';
import { addressHashesOf } from '../../../activities/notifications/address-hash';
import { parseCustomerTokenSecrets } from '../../../src/auth/customer-token-secrets';
import { CustomerTokenError, CustomerTokenService } from '../../../src/auth/customer-tokens';
import { UnsubscribeTokenError, UnsubscribeTokenService, unsubscribeUrl, type UnsubscribeRequest } from '../../../src/notifications/unsubscribe-token.service';

const OLD = 'k2025:old-secret-0123456789abcdef-0123456789';
const NEW = 'k2026:new-secret-0123456789abcdef-0123456789';
const clock = { now: new Date('2026-11-26T10:00:00Z') };
const service = (secrets: string) => new UnsubscribeTokenService({ keys: parseCustomerTokenSecrets(secrets), now: () => clock.now });
const hashes = addressHashesOf({ email: 'ann@example.com', phone: '+14155550123', customerRef: 'cus_1' });
const request: UnsubscribeRequest = { orderId: 'A-1001', customerRef: 'cus_1', channel: 'email', addressHashes: hashes };

describe('UnsubscribeTokenService', () => {
  beforeEach(() => {
    clock.now = new Date('2026-11-26T10:00:00Z');
  });

  it('issues a token that verifies to its request, with a year’s life, and holds no address', async () => {
    const tokens = service(NEW);
    const { token, expiresAt } = await tokens.issue(request);
    expect(expiresAt).toEqual(new Date('2027-11-26T10:00:00Z'));
    const claims = await tokens.verify(token);
    expect(claims).toEqual({ ...request, tokenId: expect.stringMatching(/^[\w-]{22}$/), expiresAt });
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'waybill-unsubscribe+jwt', kid: 'k2026' });
    expect(decodeJwt(token)).toMatchObject({ iss: 'waybill', aud: 'waybill:unsubscribe', sub: 'A-1001', ch: 'email' });
    const decoded = Buffer.from(token.split('.')[1], 'base64url').toString('utf8');
    expect(decoded).not.toContain('ann@example.com');
    expect(decoded).not.toContain('4155550123');
    expect(token.length).toBeLessThan(1200);
  });

  it('verifies tokens signed by an older key still listed (rotation), and refuses them once it is dropped', async () => {
    const { token } = await service(OLD).issue(request);
    await expect(service(`${NEW},${OLD}`).verify(token)).resolves.toMatchObject({ orderId: 'A-1001' });
    await expect(service(NEW).verify(token)).rejects.toMatchObject({ reason: 'unknown_key' });
  });

  it('refuses an expired token as expired', async () => {
    const tokens = service(NEW);
    const { token } = await tokens.issue(request);
    clock.now = new Date('2027-11-27T10:00:00Z');
    await expect(tokens.verify(token)).rejects.toMatchObject({ reason: 'expired' });
  });

  it('never takes a customer tracking token, and a customer token check never takes an unsubscribe token', async () => {
    const keys = parseCustomerTokenSecrets(NEW);
    const customer = new CustomerTokenService({ keys, defaultTtlMs: 86_400_000, now: () => clock.now });
    const tracking = (await customer.issue('A-1001')).token;
    await expect(service(NEW).verify(tracking)).rejects.toBeInstanceOf(UnsubscribeTokenError);
    await expect(service(NEW).verify(tracking)).rejects.toMatchObject({ reason: 'wrong_claims' });
    const { token } = await service(NEW).issue(request);
    await expect(customer.verify(token)).rejects.toBeInstanceOf(CustomerTokenError);
  });

  it('refuses forged, garbled and oversized tokens', async () => {
    const { token } = await service(NEW).issue(request);
    const [header, payload] = token.split('.');
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...decodeJwt(token), ch: 'all' })).toString('base64url')}.${token.split('.')[2]}`;
    await expect(service(NEW).verify(tampered)).rejects.toMatchObject({ reason: 'bad_signature' });
    await expect(service(NEW).verify(`${header}.${payload}.${'A'.repeat(43)}`)).rejects.toMatchObject({ reason: 'bad_signature' });
    await expect(service(NEW).verify('not-a-token')).rejects.toMatchObject({ reason: 'malformed' });
    await expect(service(NEW).verify('x'.repeat(3000))).rejects.toMatchObject({ reason: 'malformed' });
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'waybill-unsubscribe+jwt' })).toString('base64url')}.${payload}.`;
    await expect(service(NEW).verify(unsigned)).rejects.toBeInstanceOf(UnsubscribeTokenError);
  });

  it.each([
    ['a channel without its hash', { ...request, channel: 'sms' as const, addressHashes: { email: hashes.email } }],
    ['all without any hash', { ...request, channel: 'all' as const, addressHashes: {} }],
    ['a raw address instead of a hash', { ...request, addressHashes: { email: 'ann@example.com' } }],
    ['an invalid order ID', { ...request, orderId: 'bad id' }],
    ['an invalid customerRef', { ...request, customerRef: 'ann@example.com' }],
  ])('will not issue a token for %s', async (_what, bad) => {
    await expect(service(NEW).issue(bad)).rejects.toThrow(/not an unsubscribe request/);
  });

  it('builds the link from the public base URL', () => {
    expect(unsubscribeUrl('https://track.shop.example/', 'a.b.c')).toBe('https://track.shop.example/v1/unsubscribe/a.b.c');
  });
});
