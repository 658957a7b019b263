import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/**
 * Phone numbers for SMS, in E.164 (`+` then country code and national number, at most 15 digits).
 * Validation uses libphonenumber's full ("max") metadata: a number must exist in its country's
 * numbering plan, not merely have a plausible length.
 */

/** The shape of E.164; `toE164` also checks the numbering plan. */
const E164_SHAPE = /^\+[1-9]\d{1,14}$/;

export type InvalidPhoneNumberReason =
  /** Nothing that reads as a phone number. */
  | 'not_a_number'
  /** A national number, and no (supported) default country to read it in. */
  | 'country_unknown'
  /** Parsed, but not a number of its country's plan (wrong length, unassigned range). */
  | 'invalid_number'
  /** An extension (`ext. 12`): SMS cannot reach one. */
  | 'has_extension';

export type PhoneNumberCheck = { valid: true; e164: string; country?: CountryCode } | { valid: false; reason: InvalidPhoneNumberReason };

/** Thrown by `toE164`. The message names the reason only: phone numbers are personal data. */
export class InvalidPhoneNumberError extends Error {
  override readonly name = 'InvalidPhoneNumberError';

  constructor(readonly reason: InvalidPhoneNumberReason) {
    super(`Not a valid phone number (${reason})`);
  }
}

/**
 * Reads `raw` as written by a person or a shop system (`+44 20 7946 0958`, `(202) 456-1111` with
 * default country `US`) and says whether it is a valid number, in E.164 when it is.
 */
export function checkPhoneNumber(raw: string, defaultCountry?: string): PhoneNumberCheck {
  const country = defaultCountry?.toUpperCase();
  const usableCountry = country && isSupportedCountry(country) ? country : undefined;
  const parsed = parsePhoneNumberFromString(raw.trim(), usableCountry ? { defaultCountry: usableCountry } : undefined);
  if (!parsed) return { valid: false, reason: /\d/.test(raw) && !raw.trim().startsWith('+') && !usableCountry ? 'country_unknown' : 'not_a_number' };
  if (parsed.ext) return { valid: false, reason: 'has_extension' };
  if (!parsed.isValid()) return { valid: false, reason: 'invalid_number' };
  return { valid: true, e164: parsed.number, country: parsed.country };
}

/** `raw` in E.164, or `InvalidPhoneNumberError`. */
export function toE164(raw: string, defaultCountry?: string): string {
  const checked = checkPhoneNumber(raw, defaultCountry);
  if (!checked.valid) throw new InvalidPhoneNumberError(checked.reason);
  return checked.e164;
}

/** True only for a valid number already written in E.164 (no spaces, no punctuation). */
export function isE164(value: string): boolean {
  if (!E164_SHAPE.test(value)) return false;
  const checked = checkPhoneNumber(value);
  return checked.valid && checked.e164 === value;
}
