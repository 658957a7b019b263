import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  gs1CheckDigit,
  mod11Mod10CheckDigit,
  mod7CheckDigit,
  s10CheckDigit,
  upsCheckDigit,
  upsWaybillCheckDigit,
} from '../../../activities/carriers/check-digits';
import { SUPPORTED_CARRIERS, trackingUrl, validateTrackingNumber } from '../../../activities/carriers/tracking-numbers';
import { Carrier } from '../../../workflows/shared/vocabulary';

// The vector files are covered whole by tracking-number-vectors.spec.ts; this spec pins behaviour.
const compact = (n: string) => n.replace(/\s+/g, '').toUpperCase();
const upsData = JSON.parse(readFileSync(join(__dirname, '../../fixtures/tracking-numbers/ups.json'), 'utf8')) as {
  tracking_numbers: Array<{ name: string; test_numbers: { valid: string[] } }>;
};
const ups1ZVectors = upsData.tracking_numbers.find((f) => f.name === 'UPS')?.test_numbers.valid ?? [];

describe('check digits', () => {
  // Vectors plus the numbers carriers.md §6 lists (UPS docs and CIE test numbers).
  it.each([...ups1ZVectors, '1Z999AA10123456784', '1ZCIETST0111111114', '1ZCIETST0422222228', '1Z1442YY7229014688'])(
    'upsCheckDigit computes the last digit of %p',
    (raw) => {
      const n = compact(raw);
      expect(upsCheckDigit(n.slice(2, 17))).toBe(Number(n[17]));
    },
  );

  it('upsCheckDigit does not accept the old UPS documentation number 1Z12345E0205271688', () => {
    expect(upsCheckDigit('12345E020527168')).not.toBe(8);
  });

  it('upsWaybillCheckDigit doubles every second serial digit', () => {
    expect(upsWaybillCheckDigit('150623562')).toBe(0); // K1506235620
    expect(upsWaybillCheckDigit('460363653')).toBe(7); // J4603636537
  });

  it('gs1CheckDigit weighs the rightmost data digit 3 (FedEx Ground, USPS IMpb)', () => {
    expect(gs1CheckDigit('04144176022896')).toBe(4); // 041441760228964
    expect(gs1CheckDigit('940011120255584233266')).toBe(9); // 9400111202555842332669
    expect(gs1CheckDigit('9241990000003349952296622')).toBe(0); // 92419900000033499522966220
  });

  it('mod11Mod10CheckDigit repeats its weights from the left (FedEx)', () => {
    expect(mod11Mod10CheckDigit('98657878885', [3, 1, 7])).toBe(5); // 986578788855
    expect(mod11Mod10CheckDigit('12345678901', [3, 1, 7])).toBe(2); // 123456789012
    expect(mod11Mod10CheckDigit('0077901797269', [1, 7, 3])).toBe(7); // FedEx Express 34 serial
  });

  it('mod7CheckDigit is the serial mod 7 (DHL Express)', () => {
    expect(mod7CheckDigit('331881002')).toBe(5);
    expect(mod7CheckDigit('7389105114')).toBe(6);
  });

  it('s10CheckDigit maps 10 to 0 and 11 to 5', () => {
    expect(s10CheckDigit('12345678')).toBe(5); // RA123456785US
    expect(s10CheckDigit('00000000')).toBe(5); // sum 0: 11 − 0 = 11 → 5
    expect(s10CheckDigit('10100000')).toBe(0); // sum 12: 11 − 1 = 10 → 0
    expect(s10CheckDigit('00000001')).toBe(4); // sum 7: 11 − 7
  });

  it('refuses input that is not digits', () => {
    expect(() => gs1CheckDigit('12a')).toThrow(RangeError);
    expect(() => s10CheckDigit('1234567')).toThrow(RangeError);
    expect(() => upsCheckDigit('1Z')).toThrow(RangeError);
  });
});

describe('validateTrackingNumber', () => {
  describe('input', () => {
    it('normalises case and spacing', () => {
      expect(validateTrackingNumber('  1z 5r89 3903 5756 7127\t')).toEqual({ valid: true, carrier: 'ups', trackingNumber: '1Z5R89390357567127' });
    });

    it('rejects characters other than letters, digits and spaces', () => {
      for (const raw of ['1Z5R8939-0357567127', '1Z5R89390357567127;', '<script>', '1Z5R89390357567127\u0000', 'ÄÖÜ1234567']) {
        expect(validateTrackingNumber(raw)).toEqual({ valid: false, reason: 'A tracking number contains only letters, digits and spaces' });
      }
    });

    it('rejects numbers longer than 40 characters and empty input', () => {
      expect(validateTrackingNumber('1'.repeat(41))).toEqual({ valid: false, reason: expect.stringContaining('40 characters') });
      expect(validateTrackingNumber(`${'1 '.repeat(60)}`)).toEqual({ valid: false, reason: expect.stringContaining('40 characters') });
      expect(validateTrackingNumber('   ')).toEqual({ valid: false, reason: 'The tracking number is empty' });
      expect(validateTrackingNumber('')).toEqual({ valid: false, reason: 'The tracking number is empty' });
    });

    it('accepts a 34-digit number grouped in fours, which is longer than 40 characters with its spaces', () => {
      expect(validateTrackingNumber('4201 0023 3424 9200 1901 3260 7600 8334 57')).toEqual({
        valid: true,
        carrier: 'usps',
        trackingNumber: '9200190132607600833457',
      });
    });
  });

  describe('detection of each carrier (carriers.md §6 examples)', () => {
    it.each([
      ['1Z999AA10123456784', 'ups'],
      ['1ZCIETST0111111114', 'ups'],
      ['K1506235620', 'ups'],
      ['986578788855', 'fedex'],
      ['123456789012', 'fedex'],
      ['776094337676', 'fedex'],
      ['041441760228964', 'fedex'],
      ['9611020987654312345672', 'fedex'],
      ['000123450000000027', 'fedex'],
      ['61292701078443410536', 'fedex'], // Ground Economy printed without its 92 (carriers.md §2.8)
      ['3318810025', 'dhl'],
      ['8487135506', 'dhl'],
      ['73891051146', 'dhl'],
      ['JJD0099999999', 'dhl'],
      ['JD014600006281230901', 'dhl'],
      ['GM2951173225174494', 'dhl'],
      ['9400111202555842332669', 'usps'],
      ['9400109104250532908587', 'usps'],
      ['03071790000523483741', 'usps'],
      ['92419900000033499522966220', 'usps'],
      ['9205590982952107001084', 'usps'],
      ['RA123456785US', 'usps'],
    ] as const)('%p is %s', (n, carrier) => {
      expect(validateTrackingNumber(n)).toEqual({ valid: true, carrier, trackingNumber: n });
      expect(validateTrackingNumber(n, carrier)).toEqual({ valid: true, carrier, trackingNumber: n });
    });
  });

  describe('USPS routing prefix', () => {
    it.each([
      ['420 78745 9400111206206406260787', '9400111206206406260787'], // ZIP
      ['420 10023 3424 9200190132607600833457', '9200190132607600833457'], // ZIP+4
      ['420 22153 9101026837331000039521', '9101026837331000039521'], // legacy 91
    ])('drops "420" and the ZIP from %p', (raw, canonical) => {
      expect(validateTrackingNumber(raw)).toEqual({ valid: true, carrier: 'usps', trackingNumber: canonical });
      expect(validateTrackingNumber(raw, Carrier.USPS)).toEqual({ valid: true, carrier: 'usps', trackingNumber: canonical });
    });

    it('keeps numbers whose check digit only fails after the prefix is dropped invalid', () => {
      expect(validateTrackingNumber('420787459400111206206406260788', Carrier.USPS)).toEqual({
        valid: false,
        reason: expect.stringMatching(/check digit of this USPS tracking number/),
      });
    });
  });

  describe('numbers valid for more than one carrier', () => {
    it('lists the candidates instead of guessing, and says how to resolve it', () => {
      expect(validateTrackingNumber('9261292700768711948021')).toEqual({
        valid: false,
        ambiguousCarriers: ['fedex', 'usps'],
        reason: expect.stringMatching(/more than one carrier \(FedEx, USPS\).*"carrier"/),
      });
    });

    it('accepts the number for whichever of the candidates is named', () => {
      for (const carrier of [Carrier.FEDEX, Carrier.USPS]) {
        expect(validateTrackingNumber('9261292700768711948021', carrier)).toEqual({ valid: true, carrier, trackingNumber: '9261292700768711948021' });
      }
      expect(validateTrackingNumber('9261292700768711948021', Carrier.UPS)).toMatchObject({ valid: false });
    });

    it('strips the routing prefix for every candidate that reads it as IMpb', () => {
      expect(validateTrackingNumber('420 11213 92 6129098349792366623 8')).toMatchObject({ ambiguousCarriers: ['fedex', 'usps'] });
      expect(validateTrackingNumber('420 11213 92 6129098349792366623 8', Carrier.FEDEX)).toEqual({
        valid: true,
        carrier: 'fedex',
        trackingNumber: '9261290983497923666238',
      });
    });

    it('lets a check digit outweigh a bare pattern: RX…US is an S10 number of USPS, though DHL eCommerce numbers start with RX too', () => {
      expect(validateTrackingNumber('RX123456785US')).toEqual({ valid: true, carrier: 'usps', trackingNumber: 'RX123456785US' });
      expect(validateTrackingNumber('RX123456786US')).toEqual({ valid: false, reason: expect.stringMatching(/check digit of this USPS tracking number/) });
      expect(validateTrackingNumber('RX123456785US', Carrier.DHL)).toEqual({ valid: true, carrier: 'dhl', trackingNumber: 'RX123456785US' });
      expect(validateTrackingNumber('RX1234567890123')).toEqual({ valid: true, carrier: 'dhl', trackingNumber: 'RX1234567890123' });
    });
  });

  describe('reasons', () => {
    it('names the carrier whose check digit failed', () => {
      expect(validateTrackingNumber('1Z5R89390357567128')).toEqual({ valid: false, reason: expect.stringMatching(/check digit of this UPS tracking number does not match/) });
      expect(validateTrackingNumber('K1506235622')).toEqual({ valid: false, reason: expect.stringMatching(/check digit of this UPS waybill number/) });
      expect(validateTrackingNumber('986578788856')).toEqual({ valid: false, reason: expect.stringMatching(/check digit of this FedEx tracking number/) });
      expect(validateTrackingNumber('3318810010')).toEqual({ valid: false, reason: expect.stringMatching(/check digit of this DHL Express waybill number/) });
      expect(validateTrackingNumber('9400111202555842332668')).toEqual({ valid: false, reason: expect.stringMatching(/check digit of this USPS tracking number/) });
    });

    it('says so when the check digit fails for every carrier the shape fits', () => {
      expect(validateTrackingNumber('9261292700768711948020')).toEqual({
        valid: false,
        reason: expect.stringMatching(/check digit does not match for any carrier whose numbers look like this \(FedEx, USPS\)/),
      });
    });

    it('reports the length of a 1Z number that is too short or too long', () => {
      expect(validateTrackingNumber('1Z5R8939035756712')).toEqual({ valid: false, reason: expect.stringContaining('18 characters; this one has 17') });
      expect(validateTrackingNumber('1Z5R893903575671271', Carrier.UPS)).toEqual({ valid: false, reason: expect.stringContaining('this one has 19') });
    });

    it('explains what the named carrier’s numbers look like, and which carrier the number fits instead', () => {
      expect(validateTrackingNumber('986578788855', Carrier.UPS)).toEqual({
        valid: false,
        reason: expect.stringMatching(/^This is not a UPS tracking number: UPS numbers start with 1Z.*It looks like a FedEx tracking number\.$/),
      });
      expect(validateTrackingNumber('1Z5R89390357567127', Carrier.DHL)).toEqual({
        valid: false,
        reason: expect.stringMatching(/^This is not a DHL tracking number: DHL Express waybill numbers have 10 or 11 digits.*UPS tracking number\.$/),
      });
      expect(validateTrackingNumber('HELLOWORLD', Carrier.USPS)).toEqual({ valid: false, reason: expect.not.stringContaining('It looks like') });
    });

    it('recognises international postal numbers of other countries without blaming a carrier', () => {
      expect(validateTrackingNumber('RB123456785GB')).toEqual({
        valid: false,
        reason: 'This is an international postal number of Royal Mail Group plc (GB); Waybill tracks UPS, FedEx, DHL, USPS parcels only',
      });
      expect(validateTrackingNumber('RB123456785XX')).toEqual({ valid: false, reason: expect.stringMatching(/^XX is not the country code of a postal operator/) });
    });

    it.each(['HELLOWORLD', '2Z5R89390357567127', '12345', 'EZ1000000001'])('does not recognise %p', (n) => {
      expect(validateTrackingNumber(n)).toEqual({ valid: false, reason: expect.stringContaining('not a recognised tracking number') });
    });
  });
});

describe('SUPPORTED_CARRIERS', () => {
  it('lists all four carriers', () => {
    expect(SUPPORTED_CARRIERS).toEqual(['ups', 'fedex', 'dhl', 'usps']);
  });
});

describe('trackingUrl', () => {
  it('builds each carrier’s public page (carriers.md §7) and encodes the number', () => {
    expect(trackingUrl(Carrier.UPS, '1Z5R89390357567127')).toBe('https://www.ups.com/track?tracknum=1Z5R89390357567127');
    expect(trackingUrl(Carrier.UPS, 'A B&C')).toBe('https://www.ups.com/track?tracknum=A%20B%26C');
    expect(trackingUrl(Carrier.FEDEX, '986578788855')).toBe('https://www.fedex.com/fedextrack/?trknbr=986578788855');
    expect(trackingUrl(Carrier.USPS, '9400111202555842332669')).toBe('https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111202555842332669');
    expect(trackingUrl(Carrier.DHL, '3318810025')).toBe('https://www.dhl.com/global-en/home/tracking/tracking-parcel.html?submit=1&tracking-id=3318810025');
  });
});
