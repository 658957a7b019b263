import { randomInt } from 'node:crypto';
import { gs1CheckDigit } from '../../../activities/carriers/check-digits';

/**
 * IMpb application identifier 94 (online and meter labels; the karrio fixture's 9400…). Unlike 92,
 * it never reads as a FedEx Ground Economy number, so detection needs no carrier hint.
 */
export const USPS_IMPB_APPLICATION_ID = '94';
/** Service type code 001: USPS Ground Advantage, as in the karrio fixture. */
export const USPS_SERVICE_GROUND_ADVANTAGE = '001';
/** The sandbox's Mailer ID: nine digits starting with 9, the long form Pub 199 pairs with a 7-digit package number. */
export const SANDBOX_USPS_MAILER_ID = '927301846';

const IMPB_22 = /^9[234]\d{20}$/;

export interface UspsTrackingNumberParts {
  serviceType?: string;
  mailerId?: string;
}

/**
 * A fresh 22-digit IMpb: application identifier, service type, Mailer ID, seven random package
 * digits and the GS1 mod 10 check digit over all of them. Uniqueness is the caller's job (the
 * parcel store's unique index), since 10^7 package numbers can collide.
 */
export function newUspsTrackingNumber(parts: UspsTrackingNumberParts = {}): string {
  const serviceType = parts.serviceType ?? USPS_SERVICE_GROUND_ADVANTAGE;
  const mailerId = parts.mailerId ?? SANDBOX_USPS_MAILER_ID;
  if (!/^\d{3}$/.test(serviceType)) throw new RangeError('A USPS service type code is 3 digits');
  if (!/^9\d{8}$/.test(mailerId)) throw new RangeError('A 9-digit USPS Mailer ID starts with 9');
  const packageDigits = String(randomInt(0, 10_000_000)).padStart(7, '0');
  const data = `${USPS_IMPB_APPLICATION_ID}${serviceType}${mailerId}${packageDigits}`;
  return `${data}${gs1CheckDigit(data)}`;
}

/** True for a 22-digit IMpb starting 92, 93 or 94 whose GS1 check digit matches. */
export function isValidUspsTrackingNumber(value: string): boolean {
  return IMPB_22.test(value) && gs1CheckDigit(value.slice(0, 21)) === Number(value[21]);
}
