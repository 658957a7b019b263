import type { TrackedView } from './tracking-views';

/**
 * Server-Sent Events framing (WHATWG HTML, "Server-sent events"). Every event is one `data:` line of
 * JSON: JSON.stringify escapes line breaks, so no payload can end an event early or forge a field.
 */

/** How long a client waits before reconnecting after the connection drops. */
export const RECONNECT_AFTER_MS = 2000;

/** An order revision: `id` is the revision, which the client sends back as Last-Event-ID. */
export const orderEvent = ({ revision, view }: TrackedView): string => `id: ${revision}\nevent: order\ndata: ${JSON.stringify(view)}\n\n`;

/** The token expired: the stream ends, and reconnecting would be refused (401), so clients should stop. */
export const expiredEvent = (): string => `event: expired\ndata: ${JSON.stringify({ message: 'This link has expired.' })}\n\n`;

/** Sent first: the reconnection delay. */
export const retryField = (): string => `retry: ${RECONNECT_AFTER_MS}\n\n`;

/** A comment line: ignored by clients, it keeps proxies and mobile networks from closing a quiet connection. */
export const heartbeat = (): string => `: keep-alive\n\n`;

/** Accepts what Waybill sends as `id` (a revision): digits only, as a safe integer. */
export function parseLastEventId(value: string): number | undefined {
  if (!/^\d{1,15}$/.test(value)) return undefined;
  return Number(value);
}
