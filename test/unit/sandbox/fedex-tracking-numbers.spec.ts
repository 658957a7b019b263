import { validateTrackingNumber } from '../../../activities/carriers/tracking-numbers';
import {
  SANDBOX_FEDEX_PREFIX,
  fedexExpressCheckDigit,
  isValidFedexTrackingNumber,
  newFedexTrackingNumber,
} from '../../../src/sandbox/fedex/fedex-tracking-numbers';
import { Carrier } from '../../../workflows/shared/vocabulary';

/** jkeen/tracking_number_data "FedEx Express (12)" test numbers (MIT), and carriers.md §6. */
const KNOWN_GOOD = ['986578788855', '477179081230', '799531274483', '790535312317', '974367662710', '776094337676', '123456789012'];
const KNOWN_BAD = ['996578788855', '98657878885', '9865787888555', '98657878885A', ' 986578788855'];

describe(newFedexTrackingNumber.name, () => {
  it('should build 12 digits: the sandbox prefix, ten random digits and the check digit', () => {
    for (let i = 0; i < 200; i++) {
      const number = newFedexTrackingNumber();
      expect(number).toMatch(/^7\d{11}$/);
      expect(number.startsWith(SANDBOX_FEDEX_PREFIX)).toBe(true);
      expect(Number(number[11])).toBe(fedexExpressCheckDigit(number.slice(0, 11)));
      expect(isValidFedexTrackingNumber(number)).toBe(true);
    }
  });

  it("should be accepted as FedEx by Waybill's own tracking-number validation", () => {
    for (let i = 0; i < 50; i++) {
      const number = newFedexTrackingNumber();
      expect(validateTrackingNumber(number, Carrier.FEDEX)).toEqual({ valid: true, carrier: Carrier.FEDEX, trackingNumber: number });
    }
  });

  it('should draw different numbers', () => {
    expect(new Set(Array.from({ length: 50 }, () => newFedexTrackingNumber())).size).toBe(50);
  });
});

describe(isValidFedexTrackingNumber.name, () => {
  it.each(KNOWN_GOOD)('should accept the known-good number %s', (number) => expect(isValidFedexTrackingNumber(number)).toBe(true));
  it.each(KNOWN_BAD)('should reject %p', (number) => expect(isValidFedexTrackingNumber(number)).toBe(false));
});

describe(fedexExpressCheckDigit.name, () => {
  it('should weigh 3, 1, 7 from the left and take the sum mod 11 mod 10', () => {
    // 9·3 + 8·1 + 6·7 + 5·3 + 7·1 + 8·7 + 7·3 + 8·1 + 8·7 + 8·3 + 5·1 = 269; 269 mod 11 = 5.
    expect(fedexExpressCheckDigit('98657878885')).toBe(5);
    // 1·3 + 7·1 = 10: a remainder of 10 becomes check digit 0.
    expect(fedexExpressCheckDigit('10000000007')).toBe(0);
  });

  it('should refuse anything but 11 digits', () => {
    expect(() => fedexExpressCheckDigit('1234567890')).toThrow(RangeError);
    expect(() => fedexExpressCheckDigit('1234567890A')).toThrow(RangeError);
  });
});
