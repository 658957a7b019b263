import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateTrackingNumber, type TrackingNumberValidation } from '../../../activities/carriers/tracking-numbers';
import { Carrier, CARRIERS } from '../../../workflows/shared/vocabulary';

/*
 * Every test number of tracking_number_data's files for Waybill's carriers, read at test time so a
 * refreshed copy of the data is checked without touching this file (fixtures README).
 */

interface CourierFile {
  courier_code: string;
  tracking_numbers: Array<{ name: string; test_numbers: { valid: string[]; invalid: string[] } }>;
}

const FIXTURES = join(__dirname, '../../fixtures/tracking-numbers');
const load = (file: string): CourierFile => JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as CourierFile;

const FILES: Record<Carrier, string> = { ups: 'ups.json', fedex: 'fedex.json', dhl: 'dhl.json', usps: 'usps.json' };

type Vector = [format: string, raw: string];
const vectors = (file: CourierFile, kind: 'valid' | 'invalid'): Vector[] =>
  file.tracking_numbers.flatMap((format) => format.test_numbers[kind].map((raw): Vector => [format.name, raw]));

const compact = (raw: string): string => raw.replace(/\s+/g, '').toUpperCase();

const accepts = (result: TrackingNumberValidation, carrier: Carrier): boolean =>
  result.valid ? result.carrier === carrier : 'ambiguousCarriers' in result && result.ambiguousCarriers.includes(carrier);

/** The canonical number is the number itself, or for USPS what follows a "420" + ZIP or ZIP+4 routing prefix. */
const expectCanonical = (raw: string, trackingNumber: string): void => {
  const whole = compact(raw);
  if (trackingNumber === whole) return;
  expect(whole.endsWith(trackingNumber)).toBe(true);
  expect(whole.slice(0, whole.length - trackingNumber.length)).toMatch(/^420(\d{5}|\d{9})$/);
};

describe.each(CARRIERS)('%s vectors', (carrier) => {
  const file = load(FILES[carrier]);

  it('come from the file of that carrier', () => {
    expect(file.courier_code).toBe(carrier);
    expect(vectors(file, 'valid').length).toBeGreaterThan(0);
  });

  describe.each(vectors(file, 'valid'))('valid %s %p', (_format, raw) => {
    it(`is detected as ${carrier}, alone or among the ambiguous candidates`, () => {
      const detected = validateTrackingNumber(raw);
      expect(accepts(detected, carrier)).toBe(true);
      if (detected.valid) expectCanonical(raw, detected.trackingNumber);
      else expect(detected.reason).toMatch(/more than one carrier/);
    });

    it(`is accepted when ${carrier} is named`, () => {
      const named = validateTrackingNumber(raw, carrier);
      expect(named).toEqual({ valid: true, carrier, trackingNumber: expect.any(String) });
      if (named.valid) expectCanonical(raw, named.trackingNumber);
    });
  });

  describe.each(vectors(file, 'invalid'))('invalid %s %p', (_format, raw) => {
    it(`is refused when ${carrier} is named, with a reason`, () => {
      expect(validateTrackingNumber(raw, carrier)).toEqual({ valid: false, reason: expect.any(String) });
    });

    it(`is never detected as ${carrier}`, () => {
      expect(accepts(validateTrackingNumber(raw), carrier)).toBe(false);
    });
  });
});

describe('UPU S10 vectors', () => {
  const file = load('s10.json');
  const [domestic, foreign] = [true, false].map((us) => vectors(file, 'valid').filter(([, raw]) => compact(raw).endsWith('US') === us));

  it('include numbers of USPS and of other postal operators', () => {
    expect(domestic.length).toBeGreaterThan(0);
    expect(foreign.length).toBeGreaterThan(0);
  });

  it.each(domestic)('%s %p, issued in the US, is a USPS number', (_format, raw) => {
    expect(validateTrackingNumber(raw)).toEqual({ valid: true, carrier: Carrier.USPS, trackingNumber: compact(raw) });
    expect(validateTrackingNumber(raw, Carrier.USPS)).toEqual({ valid: true, carrier: Carrier.USPS, trackingNumber: compact(raw) });
  });

  // Valid S10, but no Waybill carrier tracks it: the data maps these countries to their own postal operators.
  it.each(foreign)('%s %p is recognised as another postal operator’s and refused', (_format, raw) => {
    expect(validateTrackingNumber(raw)).toEqual({ valid: false, reason: expect.stringMatching(/international postal number of .+\(\w\w\)/) });
    for (const carrier of CARRIERS) expect(validateTrackingNumber(raw, carrier).valid).toBe(false);
  });

  it.each(vectors(file, 'invalid'))('invalid %s %p is refused without ambiguity', (_format, raw) => {
    expect(validateTrackingNumber(raw)).toEqual({ valid: false, reason: expect.any(String) });
    expect(validateTrackingNumber(raw, Carrier.USPS).valid).toBe(false);
  });
});

// The vectors docs/tracking-numbers.md lists as read differently from the data, pinned here so a
// change of mind is a visible decision.
describe('vectors Waybill reads differently from the data', () => {
  it('takes the USPS-invalid 61299998820821171811 for a FedEx Ground Economy number printed without its 92', () => {
    expect(vectors(load('usps.json'), 'invalid').map(([, raw]) => raw)).toContain('61299998820821171811');
    expect(validateTrackingNumber('61299998820821171811')).toEqual({ valid: true, carrier: Carrier.FEDEX, trackingNumber: '61299998820821171811' });
    expect(validateTrackingNumber('61299998820821171811', Carrier.USPS).valid).toBe(false);
  });

  it('finds the USPS 92…612… vectors ambiguous between FedEx Ground Economy and USPS', () => {
    const ambiguous = vectors(load('usps.json'), 'valid').filter(([, raw]) => !validateTrackingNumber(raw).valid);
    expect(ambiguous.length).toBeGreaterThan(0);
    for (const [, raw] of ambiguous) {
      expect(validateTrackingNumber(raw)).toMatchObject({ ambiguousCarriers: [Carrier.FEDEX, Carrier.USPS] });
      expect(validateTrackingNumber(raw, Carrier.USPS)).toEqual({
        valid: true,
        carrier: Carrier.USPS,
        trackingNumber: expect.stringMatching(/^92\d{2}29\d+$/),
      });
    }
  });
});
