/*
 * Check-digit arithmetic of the tracking-number formats, as defined by tracking_number_data's
 * CHECKSUM_ALGORITHMS.md and carriers.md §6. Each function takes only the digits its check covers
 * and returns the expected check digit; which digits those are is the format's business.
 */

/**
 * UPS 1Z check digit over the 15 characters after "1Z" (shipper, service, package):
 * letters become digits as (ASCII − 63) mod 10, characters at even positions (2nd, 4th, …) weigh 2,
 * and the check digit is (10 − sum mod 10) mod 10.
 */
export function upsCheckDigit(body: string): number {
  if (!/^[0-9A-Z]{15}$/.test(body)) throw new RangeError('A UPS 1Z body is 15 characters of 0-9 and A-Z');
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const ch = body.charCodeAt(i);
    const value = ch <= 57 ? ch - 48 : (ch - 63) % 10;
    sum += i % 2 === 1 ? value * 2 : value;
  }
  return (10 - (sum % 10)) % 10;
}

/** UPS waybill: the same rule as 1Z over the 9 serial digits (2nd, 4th, … doubled, no digit sums). */
export function upsWaybillCheckDigit(serial: string): number {
  digitsOnly(serial);
  let sum = 0;
  for (let i = 0; i < serial.length; i++) sum += Number(serial[i]) * (i % 2 === 1 ? 2 : 1);
  return (10 - (sum % 10)) % 10;
}

/**
 * GS1 mod 10 (USPS, FedEx Ground): weight 3 on the rightmost data digit, then 1, 3, 1, … leftwards.
 * The data's "mod10" with a multiplier of 3 on the first or the last digit is this rule whenever the
 * data has an odd length, which every such format has.
 */
export function gs1CheckDigit(data: string): number {
  digitsOnly(data);
  let sum = 0;
  for (let i = 0; i < data.length; i++) sum += Number(data[i]) * ((data.length - 1 - i) % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10;
}

/** FedEx: weights repeating from the left, then the sum mod 11 mod 10. */
export function mod11Mod10CheckDigit(data: string, weights: readonly number[]): number {
  digitsOnly(data);
  let sum = 0;
  for (let i = 0; i < data.length; i++) sum += Number(data[i]) * weights[i % weights.length];
  return (sum % 11) % 10;
}

/** DHL Express: the serial as an integer, mod 7. Serials have at most 10 digits, well within a double. */
export function mod7CheckDigit(serial: string): number {
  digitsOnly(serial);
  if (serial.length > 15) throw new RangeError('A mod 7 serial has at most 15 digits');
  return Number(serial) % 7;
}

/** UPU S10 over the 8 serial digits: weights 8,6,4,2,3,5,9,7; 11 − sum mod 11, with 10 → 0 and 11 → 5. */
export function s10CheckDigit(serial: string): number {
  if (!/^\d{8}$/.test(serial)) throw new RangeError('An S10 serial is 8 digits');
  const weights = [8, 6, 4, 2, 3, 5, 9, 7];
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(serial[i]) * weights[i];
  const check = 11 - (sum % 11);
  return check === 10 ? 0 : check === 11 ? 5 : check;
}

function digitsOnly(data: string): void {
  if (!/^\d+$/.test(data)) throw new RangeError('Check digits are computed over digits only');
}
