import type { Response } from 'express';
import { SESSION_TTL_MS, SessionCookies } from '../../../src/auth/session-cookie';
import { CustomerTokenService } from '../../../src/auth/customer-tokens';

/*
 * The dashboard's session cookie: what it carries, how it is set, and that nothing but a session
 * this server signed, unexpired, is ever taken for one.
 */

const SECRET = 'session-secret-for-tests-0123456789abcdef';
const principal = { role: 'admin' as const, keyId: 'key_0123456789ab' };

/** Records what would be sent to the browser. */
function fakeResponse() {
  const cookies: Array<{ name: string; value: string; options: Record<string, unknown> }> = [];
  const cleared: Array<{ name: string; options: Record<string, unknown> }> = [];
  const response = {
    cookie: (name: string, value: string, options: Record<string, unknown>) => cookies.push({ name, value, options }),
    clearCookie: (name: string, options: Record<string, unknown>) => cleared.push({ name, options }),
  } as unknown as Response;
  return { response, cookies, cleared };
}

describe('SessionCookies', () => {
  it('signs the key’s role and ID for 8 hours, in an HttpOnly, SameSite=Strict cookie on path /', async () => {
    const now = new Date('2026-11-27T09:00:00Z');
    const sessions = new SessionCookies({ secret: SECRET, secure: false, now: () => now });
    const { response, cookies } = fakeResponse();
    const session = await sessions.start(response, principal);
    expect(session).toMatchObject({ ...principal, expiresAt: new Date(now.getTime() + SESSION_TTL_MS) });
    expect(session.sessionId).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    expect(cookies).toEqual([
      { name: 'wb_session', value: expect.any(String), options: { httpOnly: true, sameSite: 'strict', secure: false, path: '/', expires: session.expiresAt } },
    ]);
    expect(await sessions.verify(cookies[0].value)).toEqual(session);
  });

  it('is Secure and __Host- prefixed when the dashboard is served over https', async () => {
    const sessions = new SessionCookies({ secret: SECRET, secure: true });
    const { response, cookies } = fakeResponse();
    await sessions.start(response, principal);
    expect(cookies[0]).toMatchObject({ name: '__Host-wb_session', options: { secure: true, path: '/' } });
  });

  it('refuses an expired session, a tampered one, another secret’s, and garbage', async () => {
    let now = new Date('2026-11-27T09:00:00Z');
    const sessions = new SessionCookies({ secret: SECRET, secure: false, now: () => now });
    const { response, cookies } = fakeResponse();
    await sessions.start(response, principal);
    const token = cookies[0].value;

    const [header, payload, signature] = token.split('.');
    const promoted = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'admin', sub: 'key_other000000' })).toString('base64url');
    expect(await sessions.verify(`${header}.${promoted}.${signature}`)).toBeUndefined();
    expect(await new SessionCookies({ secret: `${SECRET}-other`, secure: false, now: () => now }).verify(token)).toBeUndefined();
    expect(await sessions.verify('not.a.token')).toBeUndefined();
    expect(await sessions.verify('')).toBeUndefined();
    expect(await sessions.verify(undefined)).toBeUndefined();

    now = new Date(now.getTime() + SESSION_TTL_MS + 1000);
    expect(await sessions.verify(token)).toBeUndefined();
  });

  it('is never confused with a customer token signed with the same secret', async () => {
    const customerTokens = new CustomerTokenService({ keys: [{ kid: 'session', secret: new TextEncoder().encode(SECRET) }], defaultTtlMs: 60_000 });
    const { token } = await customerTokens.issue('A-1001');
    expect(await new SessionCookies({ secret: SECRET, secure: false }).verify(token)).toBeUndefined();
  });

  it('clears the cookie on sign-out with the options it was set with', () => {
    const { response, cleared } = fakeResponse();
    new SessionCookies({ secret: SECRET, secure: false }).end(response);
    expect(cleared).toEqual([{ name: 'wb_session', options: { httpOnly: true, sameSite: 'strict', secure: false, path: '/' } }]);
  });
});
