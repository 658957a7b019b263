import type { EstimatedDelivery } from '../../../workflows/shared/tracking';

/**
 * Dates on the tracking page. The server does not know the customer's time zone (the token and the
 * customer's view carry nothing personal), so it writes a window in the wall-clock time of the
 * offset the carrier gave, which is the delivery address's, and marks it up with the instants; the
 * page's script then rewrites it in the phone's own time zone. A day (`YYYY-MM-DD`) is a calendar
 * day wherever it is read, so it is never converted.
 */

export const PAGE_LOCALE = 'en-US';

const OFFSET = /(?:Z|([+-])(\d{2}):?(\d{2}))$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** An estimate as the page shows it: the text, and for a window the instants the script re-renders. */
export interface EstimateText {
  text: string;
  from?: string;
  to?: string;
}

/** The instant moved so that its UTC fields read as the wall clock at its own offset. */
function wallClock(iso: string): Date | undefined {
  const instant = Date.parse(iso);
  const offset = OFFSET.exec(iso);
  if (Number.isNaN(instant) || !offset) return undefined;
  const [, sign, hours, minutes] = offset;
  const shiftMinutes = sign ? (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes)) : 0;
  return new Date(instant + shiftMinutes * 60_000);
}

/** `2026-11-26` → "Thursday, November 26" (with the year when it is not this year's). */
export function formatDay(day: string, now: Date = new Date()): string | undefined {
  const match = DAY.exec(day);
  if (!match) return undefined;
  const noon = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 12));
  if (Number.isNaN(noon.getTime()) || !noon.toISOString().startsWith(day)) return undefined;
  const year = noon.getUTCFullYear() === now.getUTCFullYear() ? {} : { year: 'numeric' as const };
  return new Intl.DateTimeFormat(PAGE_LOCALE, { weekday: 'long', month: 'long', day: 'numeric', timeZone: 'UTC', ...year }).format(noon);
}

const WINDOW_FORMAT: Intl.DateTimeFormatOptions = { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZone: 'UTC' };

/** A window (or one end of it) in the carrier's local time: "Thu, Nov 26, 2:00 – 6:00 PM". */
export function formatWindow(from: string | undefined, to: string | undefined): string | undefined {
  const start = from ? wallClock(from) : undefined;
  const end = to ? wallClock(to) : undefined;
  const format = new Intl.DateTimeFormat(PAGE_LOCALE, WINDOW_FORMAT);
  if (start && end) return end.getTime() >= start.getTime() ? format.formatRange(start, end) : format.format(start);
  if (start) return format.format(start);
  if (end) return `by ${format.format(end)}`;
  return undefined;
}

/** The carrier's estimate as the page words it, or undefined when it says nothing usable. */
export function formatEstimate(estimate: EstimatedDelivery | undefined, now: Date = new Date()): EstimateText | undefined {
  if (!estimate) return undefined;
  const window = formatWindow(estimate.from, estimate.to);
  if (window) {
    return {
      text: window,
      ...(estimate.from && wallClock(estimate.from) ? { from: estimate.from } : {}),
      ...(estimate.to && wallClock(estimate.to) ? { to: estimate.to } : {}),
    };
  }
  const day = estimate.date ? formatDay(estimate.date, now) : undefined;
  return day ? { text: day } : undefined;
}
