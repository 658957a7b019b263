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
