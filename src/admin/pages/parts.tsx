import type { ComponentChildren } from 'preact';
import type { Principal } from '../../auth/api-keys';
import { assetUrl, SCRIPT, STYLESHEET } from '../assets/assets';
import { CSRF_FIELD } from '../csrf';
import type { Flash } from '../flash';

/** Pieces every dashboard page shares. Only text and attributes: preact escapes all of it. */

export interface SignedIn {
  principal: Principal;
  /** For the forms on the page, sign-out included. */
  csrfToken: string;
}

export function Layout({ title, user, children }: { title: string; user?: SignedIn; children: ComponentChildren }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <title>{`${title} · Waybill`}</title>
        <link rel="stylesheet" href={assetUrl(STYLESHEET)} />
        <script src={assetUrl(SCRIPT)} defer />
      </head>
      <body>
        <header class="topbar">
          <a href="/admin" data-testid="home-link">
            Waybill dashboard
          </a>
          {user && (
            <>
              <span class="who" data-testid="signed-in-as" data-role={user.principal.role}>
                {user.principal.role} · <span class="mono">{user.principal.keyId}</span>
              </span>
              <form method="post" action="/admin/logout">
                <CsrfField token={user.csrfToken} />
                <button type="submit" class="secondary" data-testid="sign-out">
                  Sign out
                </button>
              </form>
            </>
          )}
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}

export const CsrfField = ({ token }: { token: string }) => <input type="hidden" name={CSRF_FIELD} value={token} />;

export function FlashBox({ flash }: { flash?: Flash }) {
  if (!flash) return null;
  return (
    <div class={`flash ${flash.kind}`} role={flash.kind === 'error' ? 'alert' : 'status'} data-testid="flash" data-kind={flash.kind}>
      {flash.message}
    </div>
  );
}

/** `in_transit` → `in transit`. */
export const words = (code: string): string => code.replace(/_/g, ' ');

const GOOD = new Set(['delivered', 'released', 'available_for_pickup']);
const WARN = new Set(['delivery_attempted', 'attempt_failed', 'partially_delivered', 'partially_shipped', 'returning', 'disputed', 'release_scheduled']);
const BAD = new Set(['exception', 'lost', 'expired', 'returned', 'cancelled', 'refunded']);

export const toneOf = (code: string): string => (GOOD.has(code) ? 'ok' : BAD.has(code) ? 'bad' : WARN.has(code) ? 'warn' : '');

export function Chip({ code, testId, tone }: { code: string; testId?: string; tone?: string }) {
  return (
    <span class={`chip ${tone ?? toneOf(code)}`} data-testid={testId} data-value={code}>
      {words(code)}
    </span>
  );
}

/** UTC, to the minute; the exact instant in the title. */
export function Time({ at }: { at?: string | Date }) {
  if (at === undefined) return <span class="muted">—</span>;
  const date = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(date.getTime())) return <span>{String(at)}</span>;
  const iso = date.toISOString();
  return (
    <time dateTime={iso} title={typeof at === 'string' ? at : iso}>
      {`${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`}
    </time>
  );
}

/** How long ago, in the two largest units: `3 d 4 h`, `12 min`. */
export function age(since: Date, now: Date): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - since.getTime()) / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${minutes % 60} min`;
  return `${minutes} min`;
}

/** Minor units in the currency's own decimals: 12999 USD → $129.99. */
export function money(amount: number | undefined, currency: string | undefined): string {
  if (amount === undefined) return '—';
  if (!currency) return String(amount);
  try {
    const format = new Intl.NumberFormat('en-US', { style: 'currency', currency });
    return format.format(amount / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
  } catch {
    return `${amount} ${currency}`;
  }
}

export const isAdmin = (principal: Principal): boolean => principal.role === 'admin';
