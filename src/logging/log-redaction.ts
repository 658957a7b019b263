import { isIPv4 } from 'node:net';
import { normalizeIp } from '@nestjs/throttler';

/**
 * What never reaches a log line. Request logs are built from an allow-list (method, URL, status,
 * time; see request-logging.ts), so headers and bodies are left out to begin with; these rules
 * cover what is left: tokens in URLs, and personal data or credentials in any object a log call
 * is handed.
 */

const REDACTED = '[redacted]';

/** Paths whose next segment is a credential: tracking pages, customer routes, unsubscribe links. */
const TOKEN_IN_PATH = [/^(\/+t\/+)[^/?#]+/i, /^(\/+v1\/+track\/+)[^/?#]+/i, /^(\/+v1\/+unsubscribe\/+)[^/?#]+/i];

/** Query parameters whose value is a credential or personal data, whatever the route. */
/** `to` and `from`: the sandbox's message lists are looked up by the customer's number or address. */
const SENSITIVE_PARAMETER = /^(token|access_token|key|api_?key|secret|signature|sig|code|session|password|email|phone|name|address|to|from)$/i;

/**
 * The URL as a log line may show it. The request line is written when the request arrives, before
 * any route has parsed it, so token routes are recognised by their paths: a new route that carries
 * a credential in its path must be added to TOKEN_IN_PATH.
 */
export function redactUrl(url: string): string {
  const queryAt = url.indexOf('?');
  let path = queryAt < 0 ? url : url.slice(0, queryAt);
  for (const pattern of TOKEN_IN_PATH) path = path.replace(pattern, `$1${REDACTED}`);
  if (queryAt < 0) return path;
  const query = url
    .slice(queryAt + 1)
    .split('&')
    .map((pair) => {
      const name = pair.split('=')[0];
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // A malformed escape: judged as sent.
      }
      return SENSITIVE_PARAMETER.test(decoded) ? `${name}=${REDACTED}` : pair;
    })
    .join('&');
  return `${path}?${query}`;
}

/**
 * The client's network, not its address: IPv4 to its /24, IPv6 to its /48. Enough to see that
 * requests come from one place, not enough to name a household.
 */
export function truncateIp(ip: string | undefined): string | undefined {
  if (!ip) return undefined;
  const normalized = normalizeIp(ip, 48);
  if (isIPv4(normalized)) return `${normalized.split('.').slice(0, 3).join('.')}.0/24`;
  return normalized;
}

/**
 * pino `redact` paths: credentials and personal data, at the top level or one level into whatever
 * object a log call is given (`{ customer: … }`, `{ order: { customer: … } }`), censored.
 */
const SENSITIVE_KEYS = ['authorization', 'cookie', 'set-cookie', 'token', 'apiKey', 'key', 'secret', 'password', 'customer', 'email', 'phone', 'address', 'body'];
export const REDACT_PATHS: string[] = [
  ...SENSITIVE_KEYS.flatMap((key) => [`["${key}"]`, `*["${key}"]`]),
  'req.headers',
  'res.headers',
];
export const REDACT_CENSOR = REDACTED;

const EMAIL_ADDRESS = /[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+/g;
const PHONE_NUMBER = /\+\d[\d ().-]{7,18}\d/g;

/**
 * Masks email addresses and international phone numbers in free text. For messages Waybill does not
 * write itself: the Temporal SDK logs every activity failure with its message, and an SMTP server's
 * refusal often quotes the recipient.
 */
export function scrubContactDetails(text: string): string {
  return text.replace(EMAIL_ADDRESS, '[email]').replace(PHONE_NUMBER, '[phone]');
}
