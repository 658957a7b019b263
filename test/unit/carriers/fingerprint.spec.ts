import { eventFingerprint, type FingerprintParts } from '../../../activities/carriers/fingerprint';

const scan: FingerprintParts = {
  carrier: 'ups',
  trackingNumber: '1Z5R89390357567127',
  carrierCodes: { type: 'I', code: 'AR', statusCode: '005' },
  occurredAt: '2026-11-23T06:20:00-05:00',
  location: { city: 'Secaucus', region: 'NJ', postalCode: '07094', countryCode: 'US' },
};

describe('eventFingerprint', () => {
  it('is 24 hex characters', () => {
    expect(eventFingerprint(scan)).toMatch(/^[0-9a-f]{24}$/);
  });

  it('compares times as instants, whatever the offset', () => {
    const same = eventFingerprint(scan);
    expect(eventFingerprint({ ...scan, occurredAt: '2026-11-23T11:20:00Z' })).toBe(same);
    expect(eventFingerprint({ ...scan, occurredAt: '2026-11-23T11:20:00.000+00:00' })).toBe(same);
    expect(eventFingerprint({ ...scan, occurredAt: '2026-11-23T07:20:00-04:00' })).toBe(same);
    expect(eventFingerprint({ ...scan, occurredAt: '2026-11-23T06:20:00-04:00' })).not.toBe(same);
  });

  it('ignores case and spacing in places, codes and the tracking number', () => {
    const same = eventFingerprint(scan);
    expect(
      eventFingerprint({
        ...scan,
        trackingNumber: '1z5r 8939 0357 5671 27',
        carrierCodes: { type: 'i', code: ' ar ', statusCode: '005' },
        location: { city: '  SECAUCUS ', region: 'nj', postalCode: '07094', countryCode: 'us' },
      }),
    ).toBe(same);
  });

  it('treats a missing location like an empty one', () => {
    expect(eventFingerprint({ ...scan, location: undefined })).toBe(eventFingerprint({ ...scan, location: {} }));
  });

  it('tells apart scans that differ in carrier, number, code, time or place', () => {
    const variants = [
      scan,
      { ...scan, carrier: 'fedex' as const },
      { ...scan, trackingNumber: '1Z5R89390357567135' },
      { ...scan, carrierCodes: { ...scan.carrierCodes, statusCode: '010' } },
      { ...scan, carrierCodes: { ...scan.carrierCodes, code: 'DP' } },
      { ...scan, carrierCodes: { ...scan.carrierCodes, type: 'X' } },
      { ...scan, occurredAt: '2026-11-23T06:20:01-05:00' },
      { ...scan, location: { ...scan.location, city: 'Newark' } },
      { ...scan, location: { ...scan.location, region: 'NY' } },
      { ...scan, location: { ...scan.location, postalCode: '07095' } },
      { ...scan, location: { ...scan.location, countryCode: 'CA' } },
    ];
    expect(new Set(variants.map(eventFingerprint)).size).toBe(variants.length);
  });

  it('tells code-less scans apart by their meaning, and changes nothing for scans without one', () => {
    const bare = { ...scan, carrierCodes: {} };
    expect(eventFingerprint({ ...bare, meaning: 'out_for_delivery' })).not.toBe(eventFingerprint({ ...bare, meaning: 'delivered' }));
    expect(eventFingerprint({ ...scan, meaning: undefined })).toBe(eventFingerprint(scan));
  });

  it('keeps an unparseable time distinct instead of colliding', () => {
    expect(eventFingerprint({ ...scan, occurredAt: 'garbage' })).not.toBe(eventFingerprint({ ...scan, occurredAt: 'other garbage' }));
  });
});
