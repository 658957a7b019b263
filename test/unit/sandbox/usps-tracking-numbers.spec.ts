import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateTrackingNumber } from '../../../activities/carriers/tracking-numbers';
import { isSandboxCarrier, newSandboxTrackingNumber } from '../../../src/sandbox/sandbox-carriers';
import {
  isValidUspsTrackingNumber,
  newUspsTrackingNumber,
  SANDBOX_USPS_MAILER_ID,
  USPS_SERVICE_GROUND_ADVANTAGE,
} from '../../../src/sandbox/usps/usps-tracking-numbers';

describe('USPS sandbox tracking numbers', () => {
  it('should be 22-digit IMpb numbers with a valid GS1 check digit', () => {
    for (let i = 0; i < 200; i++) {
      const n = newUspsTrackingNumber();
      expect(n).toMatch(new RegExp(`^94${USPS_SERVICE_GROUND_ADVANTAGE}${SANDBOX_USPS_MAILER_ID}\\d{8}$`));
      expect(isValidUspsTrackingNumber(n)).toBe(true);
    }
  });

  it('should be accepted by Waybill\'s own validation as USPS, with or without a carrier hint', () => {
    for (let i = 0; i < 50; i++) {
      const n = newUspsTrackingNumber();
      expect(validateTrackingNumber(n)).toEqual({ valid: true, carrier: 'usps', trackingNumber: n });
      expect(validateTrackingNumber(n, 'usps')).toEqual({ valid: true, carrier: 'usps', trackingNumber: n });
    }
  });

  it('should agree with the carriers.md §6 and tracking-number-data vectors', () => {
    for (const n of ['9400111202555842332669', '9400109104250532908587']) expect(isValidUspsTrackingNumber(n)).toBe(true);
    expect(isValidUspsTrackingNumber('9261292700768711948020')).toBe(false);
    const data = JSON.parse(readFileSync(join(__dirname, '../../fixtures/tracking-numbers/usps.json'), 'utf8')) as {
      tracking_numbers: Array<{ test_numbers: { valid: string[]; invalid: string[] } }>;
    };
    const impb22 = (n: string) => n.replace(/\s+/g, '');
    const vectors = data.tracking_numbers.flatMap((format) => format.test_numbers.valid.map(impb22)).filter((n) => /^9[234]\d{20}$/.test(n));
    expect(vectors.length).toBeGreaterThan(0);
    for (const n of vectors) expect(isValidUspsTrackingNumber(n)).toBe(true);
  });

  it('should refuse a changed digit, a wrong length and a foreign prefix', () => {
    const n = newUspsTrackingNumber();
    const changed = `${n.slice(0, 10)}${(Number(n[10]) + 1) % 10}${n.slice(11)}`;
    expect(isValidUspsTrackingNumber(changed)).toBe(false);
    expect(isValidUspsTrackingNumber(n.slice(0, 21))).toBe(false);
    expect(isValidUspsTrackingNumber(`91${n.slice(2)}`)).toBe(false);
  });

  it('should take another service type or Mailer ID, and refuse malformed ones', () => {
    expect(newUspsTrackingNumber({ serviceType: '055', mailerId: '912345678' })).toMatch(/^94055912345678\d{8}$/);
    expect(() => newUspsTrackingNumber({ serviceType: '55' })).toThrow(RangeError);
    expect(() => newUspsTrackingNumber({ mailerId: '123456789' })).toThrow(RangeError);
  });

  it('should be the sandbox\'s generator for USPS', () => {
    expect(isSandboxCarrier('usps')).toBe(true);
    expect(isValidUspsTrackingNumber(newSandboxTrackingNumber('usps'))).toBe(true);
  });
});
