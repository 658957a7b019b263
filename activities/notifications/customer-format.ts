import type { PickupDetails, TrackingLocation } from '../../workflows/shared/tracking';
import type { NotificationRequest } from './notification.types';

/**
 * How customer messages show dates, money and places: in the customer's locale (BCP 47), falling
 * back to `en-US` when theirs is missing or invalid. Never throws: a message with a plainly shown
 * value beats a message that is not sent.
 */

type Customer = Pick<NotificationRequest, 'customer'>;

const FALLBACK_LOCALE = 'en-US';

/** Runs `format` in the customer's locale, then in `en-US` if their locale (or zone) is refused. */
function inCustomerLocale<T>(request: Customer, format: (locale: string) => T): T {
  try {
    return format(request.customer.locale ?? FALLBACK_LOCALE);
  } catch {
    return format(FALLBACK_LOCALE);
  }
}

/**
 * How much room a date gets: `long` for email ("Thursday, November 26, 2026 at 2:05 PM EST"),
 * `short` for SMS and push ("Nov 26, 2:05 PM EST"; no weekday, whose Spanish abbreviations are not
 * all in the GSM-7 SMS alphabet).
 */
export type DateStyle = 'long' | 'short';

const INSTANT_OPTIONS: Record<DateStyle, Intl.DateTimeFormatOptions> = {
  long: { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' },
  short: { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' },
};

const DAY_OPTIONS: Record<DateStyle, Intl.DateTimeFormatOptions> = {
  long: { weekday: 'long', month: 'long', day: 'numeric' },
  short: { month: 'short', day: 'numeric' },
};

/** A date-time in the customer's own time zone, falling back to UTC when theirs is unknown or invalid. */
export function formatForCustomer(iso: string, request: Customer, style: DateStyle = 'long'): string {
  const options = INSTANT_OPTIONS[style];
  const date = new Date(iso);
  try {
    return new Intl.DateTimeFormat(request.customer.locale ?? FALLBACK_LOCALE, { ...options, timeZone: request.customer.timeZone ?? 'UTC' }).format(date);
  } catch {
    return new Intl.DateTimeFormat(FALLBACK_LOCALE, { ...options, timeZone: 'UTC' }).format(date);
  }
}

const CALENDAR_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A calendar day (`YYYY-MM-DD`: a new delivery date, a reattempt, a hold-until) as "Tuesday,
 * December 1" (short: "Dec 1") in the customer's locale. The day is a day on the carrier's calendar, not an instant,
 * so the customer's time zone must not move it: it is formatted as noon UTC in UTC. Anything that is
 * not a real `YYYY-MM-DD` day is shown as given.
 */
export function formatCalendarDay(day: string, request: Customer, style: DateStyle = 'long'): string {
  const match = CALENDAR_DAY.exec(day);
  if (!match) return day;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const noon = new Date(Date.UTC(year, month - 1, date, 12));
  // Date.UTC rolls 2026-02-31 over into March; such a day is not a real one.
  if (noon.getUTCFullYear() !== year || noon.getUTCMonth() !== month - 1 || noon.getUTCDate() !== date) return day;
  return inCustomerLocale(request, (locale) =>
    new Intl.DateTimeFormat(locale, { ...DAY_OPTIONS[style], timeZone: 'UTC' }).format(noon),
  );
}

/**
 * An amount in minor units (cents; yen have none) in the order's currency, in the customer's locale:
 * 1999 USD → "$19.99", 1999 JPY → "¥1,999". The currency's minor-unit digits come from Intl (ISO
 * 4217 data), so the amount is scaled per currency, never by a fixed 100.
 */
export function formatMoney(amountMinor: number, currency: string, request: Customer): string {
  try {
    return inCustomerLocale(request, (locale) => {
      const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
      const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
      return format.format(amountMinor / 10 ** digits);
    });
  } catch {
    // A malformed currency code: show the raw figures rather than guess the scale.
    return `${amountMinor} ${currency} (minor units)`;
  }
}

/** "Springfield, IL 62701, United States": the parts of a location the carrier gave, in the usual order. */
export function formatPlace(location: TrackingLocation, request: Customer): string | undefined {
  const regionAndPostcode = [location.region, location.postalCode].filter(Boolean).join(' ');
  const country = location.countryCode ? countryName(location.countryCode, request) : undefined;
  const parts = [location.city, regionAndPostcode, country].filter((part): part is string => Boolean(part));
  return parts.length ? parts.join(', ') : undefined;
}

function countryName(code: string, request: Customer): string {
  try {
    return inCustomerLocale(request, (locale) => new Intl.DisplayNames([locale], { type: 'region' }).of(code.toUpperCase()) ?? code);
  } catch {
    return code;
  }
}

/** The lines naming where a parcel waits: the location's name and its address, each when known. */
export function pickupPlaceLines(pickup: PickupDetails | undefined, request: Customer): string[] {
  if (!pickup) return [];
  const address = pickup.location ? formatPlace(pickup.location, request) : undefined;
  return [...(pickup.locationName ? [`Pickup location: ${pickup.locationName}`] : []), ...(address ? [`Address: ${address}`] : [])];
}
