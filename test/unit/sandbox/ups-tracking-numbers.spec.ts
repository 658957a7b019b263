import { upsCheckDigit } from '../../../activities/carriers/check-digits';
import {
  SANDBOX_UPS_SHIPPER,
  isValidUpsTrackingNumber,
  newUpsTrackingNumber,
} from '../../../src/sandbox/ups/ups-tracking-numbers';

describe(newUpsTrackingNumber.name, () => {
  it('should build 1Z + shipper + Ground service + 7 digits + check digit', () => {
    for (let i = 0; i < 200; i++) {
      const number = newUpsTrackingNumber();
      expect(number).toMatch(/^1ZWAYB0103\d{7}\d$/);
      expect(Number(number[17])).toBe(upsCheckDigit(number.slice(2, 17)));
      expect(isValidUpsTrackingNumber(number)).toBe(true);
    }
  });

  it('should draw different package numbers', () => {
    const numbers = new Set(Array.from({ length: 50 }, () => newUpsTrackingNumber()));
    expect(numbers.size).toBeGreaterThan(45);
  });

  it('should take another shipper and service', () => {
    const number = newUpsTrackingNumber({ shipper: 'A1B2C3', service: '01' });
    expect(number).toMatch(/^1ZA1B2C301\d{8}$/);
    expect(isValidUpsTrackingNumber(number)).toBe(true);
  });

  it('should refuse malformed shipper or service codes', () => {
    expect(() => newUpsTrackingNumber({ shipper: 'wayb01' })).toThrow(RangeError);
    expect(() => newUpsTrackingNumber({ service: '3' })).toThrow(RangeError);
  });

  it('should use the sandbox shipper by default', () => {
    expect(newUpsTrackingNumber().slice(2, 8)).toBe(SANDBOX_UPS_SHIPPER);
  });
});

describe(isValidUpsTrackingNumber.name, () => {
  const knownGood = ['1Z5R89390357567127', '1Z999AA10123456784', '1ZCIETST0111111114', '1ZCIETST0422222228'];
  const knownBad = ['1Z5R89390357567128', '1Z12345E0205271688', '1Z5R8939035756712', '1z5r89390357567127'];

  it.each([...knownGood, '1Z1442YY7229014688'])(
    'should accept the known-good number %s',
    (number) => expect(isValidUpsTrackingNumber(number)).toBe(true),
  );

  it.each([...knownBad, 'AB5R89390357567127'])(
    'should reject %s',
    (number) => expect(isValidUpsTrackingNumber(number)).toBe(false),
  );
});
