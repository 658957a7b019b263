import { upsCheckDigit } from '../../../activities/carriers/check-digits';
import { SUPPORTED_CARRIERS, trackingUrl, validateTrackingNumber } from '../../../activities/carriers/tracking-numbers';
import { Carrier } from '../../../workflows/shared/vocabulary';
import otherCarrierVectors from '../../fixtures/tracking-numbers/other-carriers.json';
import upsVectors from '../../fixtures/tracking-numbers/ups.json';

const compact = (n: string) => n.replace(/\s+/g, '').toUpperCase();
const format = (name: string) => {
  const found = upsVectors.formats.find((f) => f.name === name);
  if (!found) throw new Error(`fixture has no ${name} format`);
  return found;
};

describe('upsCheckDigit', () => {
  // jkeen/tracking_number_data vectors plus the numbers carriers.md §6 lists (UPS docs and CIE test numbers).
  const valid1Z = [
    ...format('UPS').valid,
    '1Z999AA10123456784',
    '1ZCIETST0111111114',
    '1ZCIETST0422222228',
    '1Z1442YY7229014688',
  ];

  it.each(valid1Z)('computes the last digit of %p', (raw) => {
    const n = compact(raw);
    expect(upsCheckDigit(n.slice(2, 17))).toBe(Number(n[17]));
  });

  it('does not accept the old UPS documentation number 1Z12345E0205271688', () => {
    expect(upsCheckDigit('12345E020527168')).not.toBe(8);
  });
});

describe('validateTrackingNumber', () => {
  describe('UPS vectors (jkeen/tracking_number_data)', () => {
    it.each([...format('UPS').valid, ...format('UPS Waybill').valid])('accepts %p as UPS', (raw) => {
      expect(validateTrackingNumber(raw)).toEqual({ valid: true, carrier: 'ups', trackingNumber: compact(raw) });
      expect(validateTrackingNumber(raw, Carrier.UPS)).toEqual({ valid: true, carrier: 'ups', trackingNumber: compact(raw) });
    });

    it.each([...format('UPS').invalid, ...format('UPS Waybill').invalid])('rejects %p', (raw) => {
      expect(validateTrackingNumber(raw)).toMatchObject({ valid: false, reason: expect.any(String) });
      expect(validateTrackingNumber(raw, Carrier.UPS)).toMatchObject({ valid: false });
    });
  });

  it('says so when a 1Z number has a wrong check digit', () => {
    expect(validateTrackingNumber('1Z5R89390357567128')).toEqual({
      valid: false,
      reason: expect.stringMatching(/check digit.*does not match/i),
    });
    expect(validateTrackingNumber('1Z1111111111111111')).toEqual({ valid: false, reason: expect.stringMatching(/check digit/i) });
  });

  it('says so when a UPS waybill number has a wrong check digit', () => {
    expect(validateTrackingNumber('K1506235622')).toEqual({
      valid: false,
      reason: expect.stringMatching(/check digit of this UPS waybill/i),
    });
  });

  it('reports the length of a 1Z number that is too short or too long', () => {
    expect(validateTrackingNumber('1Z5R8939035756712')).toEqual({ valid: false, reason: expect.stringContaining('18 characters') });
    expect(validateTrackingNumber('1Z5R893903575671271')).toEqual({ valid: false, reason: expect.stringContaining('18 characters') });
  });

  it('normalises case and spacing', () => {
    expect(validateTrackingNumber('  1z 5r89 3903 5756 7127\t')).toEqual({
      valid: true,
      carrier: 'ups',
      trackingNumber: '1Z5R89390357567127',
    });
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

  describe('numbers of carriers that are not supported yet', () => {
    const names: Record<string, string> = { fedex: 'FedEx', dhl: 'DHL', usps: 'USPS' };
    const cases = Object.entries(otherCarrierVectors.carriers).flatMap(([carrier, formats]) =>
      formats.flatMap((f) => f.valid.map((n) => [names[carrier], f.name, n] as const)),
    );

    it.each(cases)('recognises %s (%s) %p', (name, _format, raw) => {
      expect(validateTrackingNumber(raw)).toEqual({ valid: false, reason: `${name} tracking numbers are not supported yet` });
    });

    it.each(['986578788855', '123456789012', '041441760228964', '9611020987654312345672'])('recognises FedEx %p from carriers.md', (n) => {
      expect(validateTrackingNumber(n)).toEqual({ valid: false, reason: 'FedEx tracking numbers are not supported yet' });
    });

    it.each(['9400111202555842332669', '9400109104250532908587', '92419900000033499522966220', 'RA123456785US'])(
      'recognises USPS %p from carriers.md',
      (n) => {
        expect(validateTrackingNumber(n)).toEqual({ valid: false, reason: 'USPS tracking numbers are not supported yet' });
      },
    );

    it('recognises international postal numbers without blaming a carrier', () => {
      expect(validateTrackingNumber('RB123456785GB')).toEqual({
        valid: false,
        reason: 'International postal (UPU S10) tracking numbers are not supported yet',
      });
    });

    it.each([Carrier.FEDEX, Carrier.DHL, Carrier.USPS])('rejects any number when the carrier is %p', (carrier) => {
      expect(validateTrackingNumber('1Z5R89390357567127', carrier)).toEqual({
        valid: false,
        reason: `${names[carrier]} tracking numbers are not supported yet`,
      });
    });
  });

  it('explains that a non-UPS number is not UPS when UPS is asked for', () => {
    expect(validateTrackingNumber('986578788855', Carrier.UPS)).toEqual({
      valid: false,
      reason: expect.stringContaining('not a UPS tracking number'),
    });
  });

  it.each(['HELLOWORLD', '2Z5R89390357567127', '12345', '9261292700768711948020'])('does not recognise %p', (n) => {
    expect(validateTrackingNumber(n)).toEqual({ valid: false, reason: expect.stringContaining('not a recognised tracking number') });
  });
});

describe('trackingUrl', () => {
  it('builds each carrier page and encodes the number', () => {
    expect(trackingUrl(Carrier.UPS, '1Z5R89390357567127')).toBe('https://www.ups.com/track?tracknum=1Z5R89390357567127');
    expect(trackingUrl(Carrier.UPS, 'A B&C')).toBe('https://www.ups.com/track?tracknum=A%20B%26C');
    expect(trackingUrl(Carrier.FEDEX, '986578788855')).toBe('https://www.fedex.com/fedextrack/?trknbr=986578788855');
    expect(trackingUrl(Carrier.USPS, '9400111202555842332669')).toBe(
      'https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111202555842332669',
    );
    expect(trackingUrl(Carrier.DHL, '3318810025')).toBe(
      'https://www.dhl.com/global-en/home/tracking/tracking-parcel.html?submit=1&tracking-id=3318810025',
    );
  });

  it('lists UPS as the only supported carrier', () => {
    expect(SUPPORTED_CARRIERS).toEqual(['ups']);
  });
});
