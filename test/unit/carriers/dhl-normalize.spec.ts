import { dhlOccurredAt, normalizeDhlShipment } from '../../../activities/carriers/dhl/dhl.normalize';
import { dhlShipmentSchema, dhlTrackResponseSchema } from '../../../activities/carriers/dhl/dhl.schemas';
import { eventFingerprint } from '../../../activities/carriers/fingerprint';
import { deliveredSkeleton, express, inTransitSkeleton, parcel, rawShipment, type RawDhlScan, TN } from '../../fixtures/dhl/dhl-payloads';

const { pickup, processed, departed, arrived, withCourier, delivered } = express;

const normalize = (scansOldestFirst: RawDhlScan[], options?: Parameters<typeof rawShipment>[2]) =>
  normalizeDhlShipment(dhlShipmentSchema.parse(rawShipment(TN, scansOldestFirst, options)), TN);

const withDetails = (details: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  statusCode: 'delivered',
  extra: { details: { totalNumberOfPieces: 1, ...details }, ...extra },
});

describe('normalizeDhlShipment', () => {
  it('keeps two code-less scans logged in the same second at the same place apart', () => {
    const sameMoment = { ...delivered, timestamp: withCourier.timestamp, locality: withCourier.locality };
    const { events } = normalize([pickup, withCourier, sameMoment]);
    expect(events.map((e) => e.status)).toEqual(['in_transit', 'out_for_delivery', 'delivered']);
    expect(new Set(events.map((e) => e.fingerprint)).size).toBe(3);
  });

  describe('event times', () => {
    it('keeps the offset DHL gives', () => {
      const [event] = normalize([parcel.announced]).events;
      expect(event.occurredAt).toBe('2026-09-07T19:30:00+02:00');
      expect(Date.parse(event.occurredAt)).toBe(Date.parse('2026-09-07T17:30:00Z'));
    });

    it('writes every offset spelling as ±hh:mm, and Z as Z', () => {
      expect(dhlOccurredAt('2026-09-07T19:30:00+0200')).toBe('2026-09-07T19:30:00+02:00');
      expect(dhlOccurredAt('2026-09-07T19:30:00-05')).toBe('2026-09-07T19:30:00-05:00');
      expect(dhlOccurredAt('2026-09-07T19:30:00Z')).toBe('2026-09-07T19:30:00Z');
      expect(dhlOccurredAt('2026-09-07T19:30:00+00:00')).toBe('2026-09-07T19:30:00+00:00');
    });

    it('labels Express local times, which have no offset, as UTC rather than the machine zone', () => {
      const [event] = normalize([pickup]).events;
      expect(event.occurredAt).toBe('2026-04-20T16:41:00Z');
    });

    it('adds missing seconds and cuts nanoseconds to milliseconds', () => {
      expect(dhlOccurredAt('2026-04-20T16:41')).toBe('2026-04-20T16:41:00Z');
      expect(dhlOccurredAt('2023-11-21T15:27:20.331986369+01:00')).toBe('2023-11-21T15:27:20.331+01:00');
      expect(dhlOccurredAt('2023-11-21T15:27:20.5Z')).toBe('2023-11-21T15:27:20.500Z');
    });

    it('rejects impossible event times in the schema, but not a bad estimate', () => {
      expect(dhlShipmentSchema.safeParse(rawShipment(TN, [{ ...pickup, timestamp: '2026-02-30T10:00:00' }])).success).toBe(false);
      expect(dhlShipmentSchema.safeParse(rawShipment(TN, [{ ...pickup, timestamp: '2026-04-20T25:00:00' }])).success).toBe(false);
      expect(dhlShipmentSchema.safeParse(rawShipment(TN, [{ ...pickup, timestamp: '20.04.2026 16:41' }])).success).toBe(false);
      const badEstimate = dhlShipmentSchema.parse(rawShipment(TN, [pickup], { extra: { estimatedTimeOfDelivery: 'tomorrow' } }));
      expect(badEstimate.estimatedTimeOfDelivery).toBeUndefined();
    });
  });

  describe('ordering', () => {
    it('lists events oldest first although DHL sends newest first', () => {
      const snapshot = normalize([pickup, processed, departed, arrived, withCourier, delivered]);
      expect(snapshot.events.map((e) => e.description)).toEqual([
        'Shipment picked up',
        'Processed at LEIPZIG - GERMANY',
        'Shipment has departed from a DHL facility LEIPZIG - GERMANY',
        'Arrived at DHL Sort Facility NEW YORK CITY GATEWAY - USA',
        'Shipment is out with courier for delivery',
        'Delivered',
      ]);
    });

    it('orders by instant, and keeps DHL order for scans in the same minute', () => {
      const accepted: RawDhlScan = { ...pickup, description: 'Shipment Accepted' };
      const raw = rawShipment(TN, [pickup, accepted, processed]);
      raw.events = [(raw.events as unknown[])[1], (raw.events as unknown[])[0], (raw.events as unknown[])[2]]; // shuffled
      const snapshot = normalizeDhlShipment(dhlShipmentSchema.parse(raw), TN);
      expect(snapshot.events.map((e) => e.description)).toEqual(['Shipment picked up', 'Shipment Accepted', 'Processed at LEIPZIG - GERMANY']);
    });
  });

  describe('events', () => {
    it('carry location, codes and description (eCommerce)', () => {
      const [, event] = normalize([parcel.announced, parcel.arrivedCountry]).events;
      expect(event).toEqual({
        fingerprint: expect.stringMatching(/^[0-9a-f]{24}$/),
        status: 'in_transit',
        occurredAt: '2026-09-08T16:16:34+02:00',
        description: 'The shipment has arrived in destination country',
        location: { city: 'Bonn', postalCode: '53113', countryCode: 'DE' },
        carrierCodes: { type: 'transit', code: '33' },
      });
    });

    it('carry the locality verbatim and no codes for Express', () => {
      const [event] = normalize([arrived]).events;
      expect(event.location).toEqual({ city: 'NEW YORK CITY GATEWAY, NY - USA' });
      expect(event.carrierCodes).toEqual({});
    });

    it('keep a status only when it looks like a code, not a sentence', () => {
      const sentence: RawDhlScan = { ...parcel.arrivedCountry, status: 'Die Sendung wurde zugestellt.' };
      expect(normalize([sentence]).events[0].carrierCodes).toEqual({ type: 'transit' });
      const detailed: RawDhlScan = { ...parcel.arrivedCountry, status: '1-0', statusDetailed: 'pre-transit-collected' };
      expect(normalize([detailed]).events[0].carrierCodes).toEqual({ type: 'transit', code: '1-0', statusCode: 'pre-transit-collected' });
    });

    it('leave out an empty location', () => {
      const bare: RawDhlScan = { timestamp: '2026-04-20T16:41:00', description: 'Shipment picked up', locality: '' };
      expect(normalize([bare]).events[0]).not.toHaveProperty('location');
    });

    it('fingerprint from carrier, number, codes, instant and place', () => {
      const [event] = normalize([parcel.arrivedCountry]).events;
      expect(event.fingerprint).toBe(
        eventFingerprint({
          carrier: 'dhl',
          trackingNumber: TN,
          carrierCodes: { type: 'transit', code: '33' },
          occurredAt: '2026-09-08T14:16:34Z',
          location: { city: 'bonn', postalCode: '53113', countryCode: 'DE' },
        }),
      );
    });

    it('keep their fingerprints when DHL rewords a description or adds scans', () => {
      const before = normalize([pickup, processed]);
      const after = normalize([pickup, { ...processed, description: 'Processed at LEIPZIG HUB - GERMANY' }, departed]);
      expect(after.events.slice(0, 2).map((e) => e.fingerprint)).toEqual(before.events.map((e) => e.fingerprint));
    });

    it('count delivery attempts', () => {
      const attempt = (timestamp: string): RawDhlScan => ({
        ...withCourier,
        timestamp,
        description: 'Delivery attempted; recipient not at home',
      });
      const scans = [pickup, withCourier, attempt('2026-04-22T15:00:00'), attempt('2026-04-23T15:00:00')];
      const snapshot = normalize(scans, { statusCode: 'failure' });
      expect(snapshot.attempts).toBe(2);
      expect(normalize([pickup]).attempts).toBe(0);
    });

    it('read the journey back in context: moving is returning, the final delivery is returned', () => {
      const turned: RawDhlScan = { ...arrived, timestamp: '2026-04-21T17:47:00', description: 'Returned to shipper' };
      const back: RawDhlScan = { ...pickup, timestamp: '2026-04-23T09:00:00', description: 'Shipment is out with courier for delivery' };
      const home: RawDhlScan = { ...pickup, timestamp: '2026-04-23T12:00:00', description: 'Delivered' };
      const snapshot = normalize([pickup, arrived, turned, back, home], { statusCode: 'delivered' });
      expect(snapshot.events.map((e) => e.status)).toEqual(['in_transit', 'in_transit', 'returning', 'returning', 'returned']);
      expect(snapshot.status).toBe('returned');
    });
  });

  describe('current status', () => {
    it('comes from the shipment status code, not the newest event', () => {
      expect(normalize([pickup, withCourier], { statusCode: 'transit' }).status).toBe('out_for_delivery');
      expect(normalize([pickup, arrived], { statusCode: 'delivered', description: 'Delivered' }).status).toBe('delivered');
    });

    it('uses returnFlag and a service point, which only the shipment carries', () => {
      expect(normalize([pickup, arrived], { statusCode: 'transit', extra: { returnFlag: true } }).status).toBe('returning');
      const servicePoint = { address: { addressLocality: 'BONN' }, servicePoint: { url: 'https://x.test', label: 'Packstation 101' } };
      expect(normalize([pickup, arrived], { statusCode: 'transit', extra: { destination: servicePoint } }).status).toBe('available_for_pickup');
    });

    it('falls back to the newest event when DHL says unknown or gives no status', () => {
      expect(normalize([pickup, withCourier], { statusCode: 'unknown', description: 'unknown' }).status).toBe('out_for_delivery');
      const raw = rawShipment(TN, [pickup, withCourier]);
      delete raw.status;
      expect(normalizeDhlShipment(dhlShipmentSchema.parse(raw), TN).status).toBe('out_for_delivery');
      expect(normalizeDhlShipment(dhlShipmentSchema.parse({ id: TN }), TN)).toMatchObject({ status: 'pending', events: [], attempts: 0 });
    });
  });

  describe('estimated delivery', () => {
    it('reads the IN-TRANSIT skeleton: the day and the window', () => {
      const shipment = dhlTrackResponseSchema.parse(inTransitSkeleton).shipments[0];
      expect(normalizeDhlShipment(shipment, TN).estimatedDelivery).toEqual({
        date: '2018-08-03',
        from: '2018-08-03T00:00:00Z',
        to: '2018-08-03T22:00:00Z',
      });
    });

    it('takes a bare day, and a date-time as its day, keeping the offset of a window', () => {
      expect(normalize([pickup], { extra: { estimatedTimeOfDelivery: '2026-04-22' } }).estimatedDelivery).toEqual({ date: '2026-04-22' });
      const window = { estimatedFrom: '2026-04-22T09:00:00-04:00', estimatedThrough: '2026-04-22T12:00:00-04:00' };
      const extra = { estimatedTimeOfDelivery: '2026-04-22T12:00:00-04:00', estimatedDeliveryTimeFrame: window };
      expect(normalize([pickup], { extra }).estimatedDelivery).toEqual({
        date: '2026-04-22',
        from: '2026-04-22T09:00:00-04:00',
        to: '2026-04-22T12:00:00-04:00',
      });
    });

    it('is absent when DHL gives none', () => {
      expect(normalize([pickup])).not.toHaveProperty('estimatedDelivery');
    });
  });

  describe('proof of delivery', () => {
    it('reads the DELIVERED skeleton: signer and document', () => {
      const shipment = dhlTrackResponseSchema.parse(deliveredSkeleton).shipments[0];
      expect(normalizeDhlShipment(shipment, TN).proofOfDelivery).toEqual({ signedBy: 'John', hasSignature: true, hasProofOfDelivery: true });
    });

    it('joins given and family names, and trusts DHL on whether a signature exists', () => {
      const pod = { documentUrl: 'https://webpod.test/x', signed: { '@type': 'Person', givenName: 'Ana', familyName: 'Silva' } };
      const snapshot = normalize([pickup, delivered], withDetails({ proofOfDelivery: pod, proofOfDeliverySignedAvailable: false }));
      expect(snapshot.proofOfDelivery).toEqual({ signedBy: 'Ana Silva', hasSignature: false, hasProofOfDelivery: true });
    });

    it('ignores the signer Express calls "Delivered"', () => {
      const pod = { documentUrl: 'https://webpod.test/x', signed: { '@type': 'Person', name: 'Delivered' } };
      expect(normalize([pickup, delivered], withDetails({ proofOfDelivery: pod })).proofOfDelivery).toEqual({
        hasSignature: false,
        hasProofOfDelivery: true,
      });
    });

    it('names the service point the parcel was collected from', () => {
      const pod = { signatureUrl: 'https://webpod.test/s', signed: { name: 'RILEY' } };
      const destination = { address: { addressLocality: 'DENVER' }, servicePoint: { url: 'https://x.test', label: 'DHL Service Point DENVER' } };
      const collected: RawDhlScan = { ...delivered, description: 'Delivered - Collected from DHL Service Point by: RILEY' };
      const options = withDetails({ proofOfDelivery: pod, proofOfDeliverySignedAvailable: true }, { destination });
      expect(normalize([pickup, collected], options).proofOfDelivery).toEqual({
        signedBy: 'RILEY',
        place: 'DHL Service Point DENVER',
        hasSignature: true,
        hasProofOfDelivery: true,
      });
    });

    it('is not given for a shipment that was not delivered to the recipient, whatever links DHL attaches', () => {
      const pod = { documentUrl: 'https://webpod.test/x', signatureUrl: 'https://webpod.test/s' };
      const turned: RawDhlScan = { ...arrived, description: 'Returned to shipper' };
      const extra = { details: { proofOfDelivery: pod } };
      expect(normalize([pickup, turned], { statusCode: 'failure', extra })).not.toHaveProperty('proofOfDelivery');
      expect(normalize([pickup, withCourier], { statusCode: 'transit', extra })).not.toHaveProperty('proofOfDelivery');
    });
  });

  describe('schema', () => {
    it('accepts a numeric id and tolerates fields DHL adds', () => {
      const raw = { ...rawShipment(TN, [pickup]), id: 3318810025, telemetry: { x: 1 }, details: { dgf: { routes: [] } } };
      const parsed = dhlShipmentSchema.parse(raw);
      expect(parsed.id).toBe('3318810025');
    });

    it('keeps serviceUrl, the public tracking page, only when it is an http(s) link', () => {
      const url = 'https://www.dhl.com/global-en/home/tracking/tracking-express.html?submit=1&tracking-id=3318810025';
      expect(dhlShipmentSchema.parse({ id: TN, serviceUrl: url }).serviceUrl).toBe(url);
      expect(dhlShipmentSchema.parse({ id: TN, serviceUrl: 'javascript:alert(1)' }).serviceUrl).toBeUndefined();
    });

    it('refuses an event without a timestamp', () => {
      const raw = rawShipment(TN, [pickup]);
      raw.events = [{ description: 'Shipment picked up' }];
      expect(dhlShipmentSchema.safeParse(raw).success).toBe(false);
    });
  });
});

describe('normalizeDhlShipment: pickup and access-point deliveries', () => {
  const servicePoint = { url: 'https://x.test/sp', label: 'DHL Service Point 42' };
  const awaiting: RawDhlScan = {
    timestamp: '2026-04-22T12:00:00',
    description: 'Shipment is awaiting collection at DHL Service Point',
    locality: 'NEW YORK, NY - USA',
  };

  it('names the service point and the place of the scan while the parcel waits; DHL gives no hold-until date', () => {
    const snapshot = normalize([pickup, withCourier, awaiting], {
      statusCode: 'transit',
      extra: { destination: { address: { addressLocality: 'NEW YORK' }, servicePoint } },
    });
    expect(snapshot.status).toBe('available_for_pickup');
    expect(snapshot.pickup).toEqual({ locationName: 'DHL Service Point 42', location: { city: 'NEW YORK, NY - USA' } });
  });

  it('gives the place alone without a service point, and nothing for a parcel not waiting', () => {
    expect(normalize([pickup, awaiting], { statusCode: 'transit' }).pickup).toEqual({ location: { city: 'NEW YORK, NY - USA' } });
    expect(normalize([pickup, withCourier], { statusCode: 'transit' }).pickup).toBeUndefined();
  });

  it('counts a failed attempt as held when the shipment names a service point', () => {
    const attempt: RawDhlScan = { ...withCourier, timestamp: '2026-04-22T11:00:00', description: 'Delivery attempted; recipient not at home' };
    expect(normalize([pickup, attempt], { statusCode: 'failure' }).pickup).toBeUndefined();
    const held = normalize([pickup, attempt], { statusCode: 'failure', extra: { destination: { servicePoint } } });
    expect(held.status).toBe('attempt_failed');
    expect(held.pickup).toMatchObject({ locationName: 'DHL Service Point 42' });
  });

  it('marks a delivery left in a locker atAccessPoint, keeping the status and the fingerprint', () => {
    const inLocker: RawDhlScan = { ...delivered, description: 'Delivered - Left in DHL Locker' };
    const snapshot = normalize([pickup, withCourier, inLocker], { statusCode: 'delivered' });
    expect(snapshot.status).toBe('delivered');
    expect(snapshot.events.at(-1)).toMatchObject({ status: 'delivered', atAccessPoint: true });
    expect(snapshot.pickup).toBeUndefined();
    expect(normalize([pickup, withCourier, delivered], { statusCode: 'delivered' }).events.at(-1)).not.toHaveProperty('atAccessPoint');
  });

  it('marks the newest delivery of a shipment sent to a service point, but not a collection', () => {
    const toServicePoint = normalize([pickup, delivered], { statusCode: 'delivered', extra: { destination: { servicePoint } } });
    expect(toServicePoint.events.at(-1)?.atAccessPoint).toBe(true);
    const collected: RawDhlScan = { ...delivered, description: 'Delivered - Collected from DHL Service Point by: RILEY' };
    const snapshot = normalize([pickup, collected], { statusCode: 'delivered', extra: { destination: { servicePoint } } });
    expect(snapshot.events.at(-1)).not.toHaveProperty('atAccessPoint');
  });
});
