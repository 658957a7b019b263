import { eventFingerprint } from '../../../activities/carriers/fingerprint';
import { normalizeUpsPackage, upsOccurredAt } from '../../../activities/carriers/ups/ups.normalize';
import { upsPackageSchema } from '../../../activities/carriers/ups/ups.schemas';
import { destinationScan, journey, rawActivity, rawPackage, type RawScan, TN } from '../../fixtures/ups/ups-payloads';

const { label, pickup, departure, arrival, outForDelivery } = journey;

const normalize = (scansOldestFirst: RawScan[], extra?: Record<string, unknown>) =>
  normalizeUpsPackage(upsPackageSchema.parse(rawPackage(TN, scansOldestFirst, extra)), TN);

const delivered = destinationScan('163000', { type: 'D', code: 'F4', statusCode: '011', description: 'DELIVERED' });

describe('normalizeUpsPackage', () => {
  describe('event times', () => {
    it('uses the local date and time with the UPS offset', () => {
      const [event] = normalize([pickup]).events;
      expect(event.occurredAt).toBe('2026-11-21T18:30:00-05:00');
      expect(Date.parse(event.occurredAt)).toBe(Date.parse('2026-11-21T23:30:00Z'));
    });

    it('reads the Track Alert offset spelling "-04.00" and other spellings', () => {
      expect(upsOccurredAt({ date: '20260704', time: '093000', gmtOffset: '-04.00' })).toBe('2026-07-04T09:30:00-04:00');
      expect(upsOccurredAt({ date: '20260704', time: '093000', gmtOffset: '+0530' })).toBe('2026-07-04T09:30:00+05:30');
      expect(upsOccurredAt({ date: '20260704', time: '093000', gmtOffset: '+9:00' })).toBe('2026-07-04T09:30:00+09:00');
      expect(upsOccurredAt({ date: '20260704', time: '093000', gmtOffset: '-00:00' })).toBe('2026-07-04T09:30:00+00:00');
    });

    it('falls back to the GMT date and time as UTC, padding the short times UPS sends', () => {
      const scan = { ...departure, gmtOffset: undefined };
      expect(normalize([scan]).events[0].occurredAt).toBe('2026-11-22T09:15:00Z');
    });

    it('falls back to the local time labelled UTC when UPS gives no zone at all', () => {
      const scan = { ...departure, gmtOffset: undefined, gmtDate: undefined, gmtTime: undefined };
      expect(normalize([scan]).events[0].occurredAt).toBe('2026-11-22T04:15:00Z');
    });

    it('ignores a malformed offset rather than failing the whole answer', () => {
      const scan = { ...departure, gmtOffset: 'EST' };
      expect(normalize([scan]).events[0].occurredAt).toBe('2026-11-22T09:15:00Z');
    });

    it('rejects impossible activity dates in the schema', () => {
      const pkg = rawPackage(TN, [{ ...pickup, date: '20260231' }]);
      expect(upsPackageSchema.safeParse(pkg).success).toBe(false);
      const late = rawPackage(TN, [{ ...pickup, time: '250000' }]);
      expect(upsPackageSchema.safeParse(late).success).toBe(false);
    });
  });

  describe('ordering', () => {
    it('lists events oldest first although UPS sends newest first', () => {
      const snapshot = normalize([label, pickup, departure, arrival, outForDelivery]);
      expect(snapshot.events.map((e) => e.carrierCodes.code)).toEqual(['MP', 'OR', 'DP', 'AR', 'OT']);
    });

    it('orders by instant, not by position or by local clock time', () => {
      // Same wall-clock time, different zones: Los Angeles (−08:00) is three hours after New York (−05:00).
      const newYork: RawScan = { ...departure, date: '20261122', time: '100000', gmtOffset: '-05:00', city: 'New York', code: 'DP' };
      const losAngeles: RawScan = { ...arrival, date: '20261122', time: '100000', gmtOffset: '-08:00', city: 'Los Angeles', code: 'AR' };
      const raw = rawPackage(TN, []);
      raw.activity = [newYork, losAngeles, label].map(rawActivity); // deliberately shuffled
      const snapshot = normalizeUpsPackage(upsPackageSchema.parse(raw), TN);
      expect(snapshot.events.map((e) => e.location?.city)).toEqual([undefined, 'New York', 'Los Angeles']);
    });

    it('keeps UPS order for scans in the same second', () => {
      const first = destinationScan('163000', { type: 'I', code: 'OT', statusCode: '021', description: 'Out For Delivery' });
      const snapshot = normalize([first, delivered]);
      expect(snapshot.events.map((e) => e.status)).toEqual(['out_for_delivery', 'delivered']);
    });
  });

  describe('events', () => {
    it('carries location, codes and description', () => {
      const [event] = normalize([pickup]).events;
      expect(event).toEqual({
        fingerprint: expect.stringMatching(/^[0-9a-f]{24}$/),
        status: 'in_transit',
        occurredAt: '2026-11-21T18:30:00-05:00',
        description: 'Picked up by UPS',
        location: { city: 'Atlanta', region: 'GA', postalCode: '30301', countryCode: 'US' },
        carrierCodes: { type: 'I', code: 'OR', statusCode: '038' },
      });
    });

    it('leaves out an empty location and empty codes', () => {
      const bare = rawPackage(TN, []);
      bare.activity = [
        {
          date: '20261120',
          time: '151641',
          location: { address: { city: '', country: '' } },
          status: { type: 'M', code: '', statusCode: '' },
        },
      ];
      const [event] = normalizeUpsPackage(upsPackageSchema.parse(bare), TN).events;
      expect(event).not.toHaveProperty('location');
      expect(event.carrierCodes).toEqual({ type: 'M' });
      expect(event.description).toBe('');
    });

    it('counts attempts', () => {
      const first = destinationScan('103000', { type: 'X', code: '48', statusCode: '022', description: 'First attempt' });
      const second = {
        ...destinationScan('103000', { type: 'X', code: '48', statusCode: '023', description: 'Second attempt' }),
        date: '20261125',
      };
      expect(normalize([label, pickup, first, second]).attempts).toBe(2);
      expect(normalize([label, pickup]).attempts).toBe(0);
    });
  });

  describe('current status', () => {
    it('comes from currentStatus', () => {
      const pkg = upsPackageSchema.parse({
        ...rawPackage(TN, [label, pickup]),
        currentStatus: { type: 'I', code: 'OT', statusCode: '021', description: 'Out For Delivery Today' },
      });
      expect(normalizeUpsPackage(pkg, TN).status).toBe('out_for_delivery');
    });

    it('falls back to the newest activity', () => {
      const { currentStatus: _ignored, ...raw } = rawPackage(TN, [label, pickup]);
      expect(normalizeUpsPackage(upsPackageSchema.parse(raw), TN).status).toBe('in_transit');
    });

    it('is pending with neither', () => {
      expect(normalizeUpsPackage(upsPackageSchema.parse({ trackingNumber: TN }), TN)).toEqual({
        carrier: 'ups',
        trackingNumber: TN,
        status: 'pending',
        events: [],
        attempts: 0,
      });
    });
  });

  describe('estimated delivery', () => {
    it('gives the scheduled date', () => {
      const snapshot = normalize([label, pickup], { deliveryDate: [{ type: 'SDD', date: '20261124' }] });
      expect(snapshot.estimatedDelivery).toEqual({ date: '2026-11-24' });
    });

    it('prefers the rescheduled date', () => {
      const snapshot = normalize([label, pickup], {
        deliveryDate: [
          { type: 'SDD', date: '20261124' },
          { type: 'RDD', date: '20261125' },
        ],
      });
      expect(snapshot.estimatedDelivery).toEqual({ date: '2026-11-25' });
    });

    it('adds the window, anchored to the latest scan offset', () => {
      const snapshot = normalize([label, pickup, arrival, outForDelivery], {
        deliveryDate: [{ type: 'SDD', date: '20261124' }],
        deliveryTime: { type: 'EDW', startTime: '150000', endTime: '170000' },
      });
      expect(snapshot.estimatedDelivery).toEqual({
        date: '2026-11-24',
        from: '2026-11-24T15:00:00-05:00',
        to: '2026-11-24T17:00:00-05:00',
      });
    });

    it('gives a commit time as the end of the window', () => {
      const snapshot = normalize([label, pickup], {
        deliveryDate: [{ type: 'SDD', date: '20261124' }],
        deliveryTime: { type: 'CMT', endTime: '103000' },
      });
      expect(snapshot.estimatedDelivery).toEqual({ date: '2026-11-24', to: '2026-11-24T10:30:00-05:00' });
    });

    it('gives only the date when no scan says which zone the window is in', () => {
      const scan = { ...label, gmtOffset: undefined };
      const snapshot = normalize([scan], {
        deliveryDate: [{ type: 'SDD', date: '20261124' }],
        deliveryTime: { type: 'EDW', startTime: '150000', endTime: '170000' },
      });
      expect(snapshot.estimatedDelivery).toEqual({ date: '2026-11-24' });
    });

    it('is absent when UPS gives no scheduled date, and ignores the delivered time', () => {
      const snapshot = normalize([label, delivered], {
        deliveryDate: [{ type: 'DEL', date: '20261124' }],
        deliveryTime: { type: 'DEL', endTime: '163000' },
      });
      expect(snapshot).not.toHaveProperty('estimatedDelivery');
    });
  });

  describe('proof of delivery', () => {
    it('reads who received it, where, and what proof exists', () => {
      const snapshot = normalize([label, delivered], {
        deliveryInformation: {
          receivedBy: 'DOE',
          location: 'Front Door',
          signature: { image: 'iVBORw0KGgo=' },
          pod: { content: 'JVBERi0=' },
        },
      });
      expect(snapshot.proofOfDelivery).toEqual({ receivedBy: 'DOE', place: 'Front Door', hasSignature: true, hasProofOfDelivery: true });
    });

    it('counts a delivery photo as proof of delivery', () => {
      const snapshot = normalize([label, delivered], {
        deliveryInformation: {
          receivedBy: '',
          location: 'Porch',
          deliveryPhoto: { photoCaptureInd: 'Y', photoDispositionCode: 'V', isNonPostalCodeCountry: false },
        },
      });
      expect(snapshot.proofOfDelivery).toEqual({ place: 'Porch', hasSignature: false, hasProofOfDelivery: true });
    });

    it('is absent before delivery and when UPS sends only empty strings', () => {
      expect(normalize([label, pickup])).not.toHaveProperty('proofOfDelivery');
      const empty = normalize([label, delivered], { deliveryInformation: { receivedBy: '', location: '', signature: { image: '' } } });
      expect(empty).not.toHaveProperty('proofOfDelivery');
    });
  });

  describe('fingerprints', () => {
    const fingerprintOf = (scan: RawScan) => normalize([scan]).events[0].fingerprint;

    it('are the same for one scan reported with an offset and in GMT only', () => {
      const inGmtOnly = { ...pickup, gmtOffset: undefined };
      expect(normalize([inGmtOnly]).events[0].occurredAt).toBe('2026-11-21T23:30:00Z');
      expect(fingerprintOf(inGmtOnly)).toBe(fingerprintOf(pickup));
    });

    it('are the same when UPS rewords the description or changes the case of a city', () => {
      expect(fingerprintOf({ ...pickup, description: 'We have your package' })).toBe(fingerprintOf(pickup));
      expect(fingerprintOf({ ...pickup, city: '  ATLANTA ' })).toBe(fingerprintOf(pickup));
    });

    it('match what a webhook normaliser computes for the same scan', () => {
      const event = normalize([pickup]).events[0];
      const fromWebhook = eventFingerprint({
        carrier: 'ups',
        trackingNumber: TN.toLowerCase(),
        carrierCodes: { type: 'I', code: 'OR', statusCode: '038' },
        occurredAt: upsOccurredAt({ date: '20261121', time: '183000', gmtOffset: '-05.00' }),
        location: { city: 'ATLANTA', region: 'ga', postalCode: '30301', countryCode: 'us' },
      });
      expect(fromWebhook).toBe(event.fingerprint);
    });

    it('differ for different scans', () => {
      const all = [
        fingerprintOf(pickup),
        fingerprintOf({ ...pickup, time: '183001', gmtTime: '233001' }),
        fingerprintOf({ ...pickup, statusCode: '005' }),
        fingerprintOf({ ...pickup, code: 'PU' }),
        fingerprintOf({ ...pickup, city: 'Macon' }),
        fingerprintOf({ ...pickup, postalCode: '30302' }),
      ];
      expect(new Set(all).size).toBe(all.length);
    });

    it('are stable across repeated polls of the same package', () => {
      const scans = [label, pickup, departure, arrival, outForDelivery, delivered];
      expect(normalize(scans).events.map((e) => e.fingerprint)).toEqual(normalize(scans).events.map((e) => e.fingerprint));
    });
  });
});

describe('normalizeUpsPackage: pickup and access-point deliveries', () => {
  const atAccessPoint = destinationScan('120000', {
    type: 'D',
    code: 'ZP',
    statusCode: '040',
    description: 'Delivered to UPS Access Point™ Awaiting Customer Pickup',
  });

  it('fills pickup from accessPointInformation.pickupByDate and the scan that left it there', () => {
    const snapshot = normalize([label, pickup, outForDelivery, atAccessPoint], { accessPointInformation: { pickupByDate: '20261201' } });
    expect(snapshot.status).toBe('available_for_pickup');
    expect(snapshot.pickup).toEqual({ holdUntil: '2026-12-01', location: snapshot.events.at(-1)?.location });
    expect(snapshot.pickup?.location).toBeDefined();
  });

  it('gives the place alone when UPS sends no date, and drops a malformed date', () => {
    expect(normalize([label, atAccessPoint]).pickup).toEqual({ location: expect.any(Object) });
    expect(normalize([label, atAccessPoint], { accessPointInformation: { pickupByDate: '2026-12-01' } }).pickup?.holdUntil).toBeUndefined();
  });

  it('has no pickup unless the parcel waits, even when UPS still sends the date', () => {
    const snapshot = normalize([label, atAccessPoint, delivered], { accessPointInformation: { pickupByDate: '20261201' } });
    expect(snapshot.status).toBe('delivered');
    expect(snapshot.pickup).toBeUndefined();
  });

  it('marks a 143 "Delivered to Agent" scan atAccessPoint without changing its fingerprint', () => {
    const toAgent = destinationScan('163000', { type: 'D', code: 'F4', statusCode: '143', description: 'DELIVERED TO AGENT' });
    const snapshot = normalize([label, outForDelivery, toAgent]);
    const event = snapshot.events.at(-1);
    expect(snapshot.status).toBe('delivered');
    expect(event).toMatchObject({ status: 'delivered', atAccessPoint: true });
    const { fingerprint, atAccessPoint: _flag, ...rest } = event ?? ({} as never);
    expect(fingerprint).toBe(
      eventFingerprint({ carrier: 'ups', trackingNumber: TN, carrierCodes: rest.carrierCodes, occurredAt: rest.occurredAt, location: rest.location }),
    );
    expect(normalize([label, outForDelivery, delivered]).events.at(-1)).not.toHaveProperty('atAccessPoint');
  });
});
