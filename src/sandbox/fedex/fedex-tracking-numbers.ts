import { randomInt } from 'node:crypto';

/** The first digit of the sandbox's numbers; live FedEx Express and Ground 12-digit numbers mostly start with 7. */
export const SANDBOX_FEDEX_PREFIX = '7';

const EXPRESS_12 = /^(\d{11})(\d)$/;
/** Weights over the 11 serial digits, repeating from the left (jkeen/tracking_number_data "FedEx Express (12)"). */
const WEIGHTS = [3, 1, 7] as const;

/**
 * The check digit of a 12-digit FedEx number: the serial digits weighted 3, 1, 7, 3, 1, 7, … from
 * the left, summed, mod 11, mod 10 (carriers.md §6; the same rule as activities/carriers/tracking-numbers.ts).
 */
export function fedexExpressCheckDigit(serial: string): number {
  if (!/^\d{11}$/.test(serial)) throw new RangeError('A FedEx 12-digit serial is 11 digits');
  let sum = 0;
  for (let i = 0; i < serial.length; i++) sum += Number(serial[i]) * WEIGHTS[i % WEIGHTS.length];
  return (sum % 11) % 10;
}

/**
 * A fresh 12-digit number: the sandbox prefix, ten random digits and the check digit. Uniqueness is
 * the caller's job (the parcel store's unique index). 12-digit numbers are issued by FedEx Express
 * and by FedEx Ground alike, so the format says nothing about the service.
 */
export function newFedexTrackingNumber(): string {
  const serial = `${SANDBOX_FEDEX_PREFIX}${String(randomInt(0, 10_000_000_000)).padStart(10, '0')}`;
  return `${serial}${fedexExpressCheckDigit(serial)}`;
}

/** True for a 12-digit number whose check digit matches. */
export function isValidFedexTrackingNumber(value: string): boolean {
  const match = EXPRESS_12.exec(value);
  return match !== null && fedexExpressCheckDigit(match[1]) === Number(match[2]);
}
