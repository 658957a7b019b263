import { randomInt } from 'node:crypto';
import { upsCheckDigit } from '../../../activities/carriers/check-digits';

/** The shipper account the sandbox "ships" from: six characters, like a real UPS account number. */
export const SANDBOX_UPS_SHIPPER = 'WAYB01';
/** UPS service characters in a 1Z number: 03 Ground, 01 Next Day Air. */
export const UPS_SERVICE_GROUND = '03';

const SHIPPER = /^[0-9A-Z]{6}$/;
const SERVICE = /^[0-9A-Z]{2}$/;
const ONE_Z = /^1Z([0-9A-Z]{15})([0-9])$/;

export interface UpsTrackingNumberParts {
  shipper?: string;
  service?: string;
}

/**
 * A fresh 1Z number: shipper, service, seven random package digits and the check digit. Uniqueness is
 * the caller's job (the parcel store's unique index), since 10^7 package numbers can collide.
 */
export function newUpsTrackingNumber(parts: UpsTrackingNumberParts = {}): string {
  const shipper = parts.shipper ?? SANDBOX_UPS_SHIPPER;
  const service = parts.service ?? UPS_SERVICE_GROUND;
  if (!SHIPPER.test(shipper)) throw new RangeError('A UPS shipper number is 6 characters of 0-9 and A-Z');
  if (!SERVICE.test(service)) throw new RangeError('A UPS service code is 2 characters of 0-9 and A-Z');
  const packageDigits = String(randomInt(0, 10_000_000)).padStart(7, '0');
  const body = `${shipper}${service}${packageDigits}`;
  return `1Z${body}${upsCheckDigit(body)}`;
}

/** True for an 18-character 1Z number whose check digit matches. */
export function isValidUpsTrackingNumber(value: string): boolean {
  const match = ONE_Z.exec(value);
  return match !== null && upsCheckDigit(match[1]) === Number(match[2]);
}
