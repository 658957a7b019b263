/** The merchant's branding on customer messages (config: BRAND_* variables, see docs/notifications.md). */
export interface Brand {
  name: string;
  /** An `https:` image URL; any other is ignored. */
  logoUrl?: string;
  /** `#rrggbb`: the header band and the "Track your parcel" button. */
  primaryColor?: string;
  /** `#rrggbb`: secondary links. Defaults to the primary colour. */
  accentColor?: string;
  /** Shown in the email footer as the address for questions. */
  supportEmail?: string;
}

export const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;
export const DEFAULT_PRIMARY_COLOR = '#1d4ed8';

/** The colour when it is a valid `#rrggbb`, else the fallback: nothing else reaches a style attribute. */
export function safeColor(color: string | undefined, fallback: string): string {
  return color && HEX_COLOR.test(color) ? color.toLowerCase() : fallback;
}

/** Black or white, whichever reads better on the given `#rrggbb` background (WCAG relative luminance). */
export function textColorOn(background: string): string {
  const channel = (hex: string): number => {
    const c = parseInt(hex, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const [r, g, b] = [1, 3, 5].map((i) => channel(background.slice(i, i + 2)));
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // Contrast with white is (1.05)/(L+0.05), with black (L+0.05)/0.05; they are equal at L ≈ 0.179.
  return luminance > 0.179 ? '#111111' : '#ffffff';
}

/**
 * The URL, normalised, when it is an absolute `https:` URL (or `http:` to this machine, which only a
 * development stack links to); undefined otherwise. Only such URLs become links, image sources or
 * List-Unsubscribe targets (`javascript:`, `data:` and remote `http:` never do).
 */
export function httpsUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url.trim());
    if (parsed.protocol === 'https:' && parsed.hostname) return parsed.href;
    return parsed.protocol === 'http:' && LOOPBACK_HOSTS.has(parsed.hostname) ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

const EMAIL = /^[^\s@<>"'(),;:\\[\]]+@[^\s@<>"'(),;:\\[\]]+\.[^\s@<>"'(),;:\\[\]]+$/;

/** The address when it looks like a plain `local@domain.tld`; undefined otherwise. */
export function plainEmail(address: string | undefined): string | undefined {
  const trimmed = address?.trim();
  return trimmed && EMAIL.test(trimmed) ? trimmed : undefined;
}
