import { fedexHoldUntil, fedexOccurredAt, normalizeFedexTrackResult, pickFedexTrackResult } from '../../../activities/carriers/fedex/fedex.normalize';
import { fedexTrackResultSchema } from '../../../activities/carriers/fedex/fedex.schemas';
import {
  delivered,
  destinationScan,
  journey,
  notAvailable,
  type RawScan,
  rawNotFoundResult,
  rawScanEvent,
  rawTrackResult,
  RETURNING_LATEST,
  returningToShipper,
  TN,
} from '../../fixtures/fedex/fedex-payloads';

const { label, pickup, departure, arrival, outForDelivery } = journey;

const parse = (raw: Record<string, unknown>) => fedexTrackResultSchema.parse(raw);
const normalize = (scans: RawScan[], extra?: Record<string, unknown>) =>
  normalizeFedexTrackResult(parse(rawTrackResult(TN, scans, extra)), TN);

describe('normalizeFedexTrackResult', () => {
  describe('event times', () => {
    it('keeps the local time with its FedEx offset', () => {
      const [event] = normalize([pickup]).events;
      expect(event.occurredAt).toBe('2026-11-20T18:05:00-06:00');
      expect(Date.parse(event.occurredAt)).toBe(Date.parse('2026-11-21T00:05:00Z'));
    });

    it('writes offsets and seconds one way, so equal times are equal strings', () => {
      expect(normalize([{ ...pickup, date: '2026-11-20T18:05-0600' }]).events[0].occurredAt).toBe('2026-11-20T18:05:00-06:00');
      expect(normalize([{ ...pickup, date: '2026-11-20T18:05:00.000Z' }]).events[0].occurredAt).toBe('2026-11-20T18:05:00Z');
    });

    it('labels a time FedEx sent without an offset as UTC', () => {
      expect(normalize([{ ...pickup, date: '2018-02-02T12:01:00' }]).events[0].occurredAt).toBe('2018-02-02T12:01:00Z');
      expect(fedexOccurredAt('2018-02-02T12:01:00-07:00')).toBe('2018-02-02T12:01:00-07:00');
    });

    it('rejects scans without a real date and time in the schema', () => {
      for (const date of ['2026-02-30T10:00:00-06:00', '2026-11-20', 'yesterday', '']) {
        expect(fedexTrackResultSchema.safeParse(rawTrackResult(TN, [{ ...pickup, date }])).success).toBe(false);
      }
    });
  });

  describe('ordering', () => {
    it('lists events oldest first although FedEx sends newest first', () => {
      const snapshot = normalize([label, pickup, departure, arrival, outForDelivery]);
      expect(snapshot.events.map((e) => e.carrierCodes.type)).toEqual(['OC', 'PU', 'DP', 'AR', 'OD']);
    });

    it('orders by instant, not by position or by local clock time', () => {
      // Same wall-clock time: Memphis (−06:00) is two hours before Clovis (−08:00).
      const memphis = { ...departure, date: '2026-11-21T10:00:00-06:00' };
      const clovis = { ...arrival, date: '2026-11-21T10:00:00-08:00' };
      const raw = rawTrackResult(TN, []);
      raw.scanEvents = [clovis, label, memphis].map(rawScanEvent);
      const snapshot = normalizeFedexTrackResult(parse(raw), TN);
      expect(snapshot.events.map((e) => e.location?.city)).toEqual([undefined, 'MEMPHIS', 'CLOVIS']);
    });

    it('keeps FedEx order for scans in the same second', () => {
      const sameTime = { ...delivered, date: outForDelivery.date };
      expect(normalize([outForDelivery, sameTime]).events.map((e) => e.status)).toEqual(['out_for_delivery', 'delivered']);
    });
  });

  describe('events', () => {
    it('carries location, codes and description', () => {
      const [event] = normalize([notAvailable]).events;
      expect(event).toEqual({
        fingerprint: expect.stringMatching(/^[0-9a-f]{24}$/),
        status: 'attempt_failed',
        occurredAt: '2026-11-23T11:26:00-08:00',
        description: 'Delivery exception',
        location: { city: 'CLOVIS', region: 'CA', postalCode: '93612', countryCode: 'US' },
        carrierCodes: { type: 'DE', code: 'DE', statusCode: '08' },
      });
    });

    it('leaves out an empty location and empty codes', () => {
      const [event] = normalize([
        { date: '2026-11-20T15:30:57-06:00', eventType: 'OC', eventDescription: '', derivedStatusCode: '' },
      ]).events;
      expect(event).not.toHaveProperty('location');
      expect(event.carrierCodes).toEqual({ type: 'OC' });
      expect(event.description).toBe('');
    });

    it('keeps fingerprints when FedEx rewords or reorders', () => {
      const first = normalize([label, pickup, departure]).events.map((e) => e.fingerprint);
      const reworded = normalize([label, { ...pickup, eventDescription: 'Pickup scan' }, departure]).events.map((e) => e.fingerprint);
      const raw = rawTrackResult(TN, []);
      raw.scanEvents = [pickup, departure, label].map(rawScanEvent);
      const shuffled = normalizeFedexTrackResult(parse(raw), TN).events.map((e) => e.fingerprint);
      expect(reworded).toEqual(first);
      expect(shuffled).toEqual(first);
      expect(new Set(first).size).toBe(3);
    });
  });

  describe('attempts', () => {
    it('counts attempt scans when FedEx says deliveryAttempts "0" (as live answers do)', () => {
      const second = { ...notAvailable, date: '2026-11-24T11:00:00-08:00' };
      expect(normalize([label, pickup, notAvailable, second]).attempts).toBe(2);
      expect(normalize([label, pickup]).attempts).toBe(0);
    });

    it("takes FedEx's count when it is higher than the scans show", () => {
      expect(normalize([label, pickup], { deliveryDetails: { deliveryAttempts: '2' } }).attempts).toBe(2);
      expect(normalize([label], { deliveryDetails: { deliveryAttempts: 'many' } }).attempts).toBe(0);
    });
  });

  describe('returns', () => {
    const turnedBack = [label, pickup, arrival, outForDelivery, notAvailable, returningToShipper];
    const backAtShipper = {
      ...delivered,
      date: '2026-11-27T10:15:00-06:00',
      city: 'MEMPHIS',
      stateOrProvinceCode: 'TN',
      postalCode: '38118',
    };
    const onTheWayBack = { ...departure, date: '2026-11-25T08:00:00-08:00', city: 'FRESNO', stateOrProvinceCode: 'CA' };

    it('reads the RS scan as returning although its derived code says DL', () => {
      const snapshot = normalize(turnedBack, { latestStatusDetail: { ...RETURNING_LATEST, scanLocation: {} } });
      expect(snapshot.events.at(-1)).toMatchObject({ status: 'returning', carrierCodes: { type: 'RS', code: 'DL' } });
      expect(snapshot.status).toBe('returning');
      expect(snapshot.events.map((e) => e.status)).not.toContain('delivered');
    });

    it('reads the package as returning when the latest status itself is the RS quirk', () => {
      const snapshot = normalize(turnedBack, { latestStatusDetail: { code: 'RS', derivedCode: 'DL', scanLocation: {} } });
      expect(snapshot.status).toBe('returning');
    });

    it('reads the DE/060G latest status as returning even without the scan history', () => {
      const snapshot = normalize([], {
        latestStatusDetail: { ...RETURNING_LATEST, scanLocation: {} },
        deliveryDetails: { deliveryAttempts: '3' },
      });
      expect(snapshot.status).toBe('returning');
      expect(snapshot.attempts).toBe(3);
    });

    it('marks the way back as returning and the arrival at the shipper as returned', () => {
      const snapshot = normalize([...turnedBack, onTheWayBack, backAtShipper]);
      expect(snapshot.events.slice(-3).map((e) => e.status)).toEqual(['returning', 'returning', 'returned']);
      expect(snapshot.status).toBe('returned');
      expect(snapshot.proofOfDelivery).toBeUndefined();
    });

    it('keeps a parcel that is still on its way back returning, whatever the latest status says', () => {
      const snapshot = normalize([...turnedBack, onTheWayBack]);
      expect(snapshot.status).toBe('returning');
    });

    it('treats a return shipment (a filled returnDetail) as travelling back from its first scan', () => {
      const returnDetail = { authorizationName: 'Sammy Smith', reasonDetail: [{ description: 'Wrong color', type: 'REJECTED' }] };
      const snapshot = normalize([label, pickup, delivered], { returnDetail });
      expect(snapshot.events.map((e) => e.status)).toEqual(['info_received', 'returning', 'returned']);
      expect(snapshot.status).toBe('returned');
    });

    it('ignores the empty returnDetail live answers carry on ordinary parcels', () => {
      expect(normalize([label, pickup, delivered], { returnDetail: {} }).status).toBe('delivered');
    });
  });

  describe('estimated delivery', () => {
    it('takes the day from ESTIMATED_DELIVERY', () => {
      const snapshot = normalize([label, pickup], {
        dateAndTimes: [{ type: 'ESTIMATED_DELIVERY', dateTime: '2026-11-23T00:00:00-08:00' }],
      });
      expect(snapshot.estimatedDelivery).toEqual({ date: '2026-11-23' });
    });

    it('adds the window with its offsets', () => {
      const snapshot = normalize([label, pickup, outForDelivery], {
        dateAndTimes: [{ type: 'ESTIMATED_DELIVERY', dateTime: '2026-11-23T00:00:00-08:00' }],
        estimatedDeliveryTimeWindow: {
          type: 'ESTIMATED_DELIVERY',
          window: { begins: '2026-11-23T10:00:00-08:00', ends: '2026-11-23T14:00:00-08:00' },
        },
      });
      expect(snapshot.estimatedDelivery).toEqual({
        date: '2026-11-23',
        from: '2026-11-23T10:00:00-08:00',
        to: '2026-11-23T14:00:00-08:00',
      });
    });

    it("lends a bound without an offset the other bound's (the spec's own example has one)", () => {
      const snapshot = normalize([label], {
        estimatedDeliveryTimeWindow: { window: { begins: '2021-10-01T08:00:00', ends: '2021-10-15T00:00:00-06:00' } },
      });
      expect(snapshot.estimatedDelivery).toEqual({
        date: '2021-10-15',
        from: '2021-10-01T08:00:00-06:00',
        to: '2021-10-15T00:00:00-06:00',
      });
    });

    it('drops a window that no offset places in time, and has no estimate for `{"window": {}}`', () => {
      const unplaced = normalize([label], {
        estimatedDeliveryTimeWindow: { window: { begins: '2026-11-23T10:00:00', ends: '2026-11-23T14:00:00' } },
      });
      expect(unplaced.estimatedDelivery).toEqual({ date: '2026-11-23' });
      expect(normalize([label]).estimatedDelivery).toBeUndefined();
    });

    it('drops a malformed estimate rather than failing the answer', () => {
      const snapshot = normalize([label], { dateAndTimes: [{ type: 'ESTIMATED_DELIVERY', dateTime: 'soon' }] });
      expect(snapshot.estimatedDelivery).toBeUndefined();
    });
  });

  describe('proof of delivery', () => {
    const deliveredWith = (deliveryDetails: Record<string, unknown>, images: string[] = ['SIGNATURE_PROOF_OF_DELIVERY']) =>
      normalize([label, pickup, outForDelivery, delivered], {
        deliveryDetails: { deliveryAttempts: '0', ...deliveryDetails },
        availableImages: images.map((type) => ({ type })),
      }).proofOfDelivery;

    it('reports who received it, where, and that a SPOD letter exists', () => {
      expect(deliveredWith({ receivedByName: 'D.HERRERA', locationType: 'RESIDENCE', locationDescription: 'Residence' })).toEqual({
        receivedBy: 'D.HERRERA',
        place: 'Residence',
        hasSignature: false,
        hasProofOfDelivery: true,
      });
    });

    it('reports a signature only when someone signed', () => {
      expect(deliveredWith({ receivedByName: 'MORGAN', signedByName: 'MORGAN' })).toEqual({
        signedBy: 'MORGAN',
        receivedBy: 'MORGAN',
        hasSignature: true,
        hasProofOfDelivery: true,
      });
    });

    it('says nothing when FedEx says nothing, and nothing before delivery', () => {
      expect(deliveredWith({}, [])).toBeUndefined();
      const notYet = normalize([label, pickup], {
        deliveryDetails: { deliveryAttempts: '0', locationDescription: 'Receptionist/Front Desk' },
      });
      expect(notYet.proofOfDelivery).toBeUndefined();
    });
  });
});

describe('pickFedexTrackResult', () => {
  it('picks the most recent parcel when FedEx has recycled the number', () => {
    const older = parse(rawTrackResult(TN, [label, pickup, arrival], { latestStatusDetail: { code: 'FD', derivedCode: 'RL' } }));
    const newer = parse(
      rawTrackResult(TN, [
        { ...outForDelivery, date: '2026-11-26T08:55:00-08:00' },
        { ...delivered, date: '2026-11-26T09:26:00-08:00' },
      ]),
    );
    expect(pickFedexTrackResult([older, newer])).toBe(newer);
    expect(pickFedexTrackResult([newer, older])).toBe(newer);
  });

  it('prefers a result with data over a bare error, and has nothing for errors alone', () => {
    const found = parse(rawTrackResult(TN, [label]));
    const error = parse(rawNotFoundResult(TN));
    expect(pickFedexTrackResult([error, found])).toBe(found);
    expect(pickFedexTrackResult([error])).toBeUndefined();
  });

  it('judges recency by dateAndTimes when there are no scans', () => {
    const a = parse({
      ...rawTrackResult(TN, []),
      latestStatusDetail: { code: 'OC', derivedCode: 'IN' },
      dateAndTimes: [{ type: 'SHIP', dateTime: '2026-01-01T00:00:00-06:00' }],
    });
    const b = parse({
      ...rawTrackResult(TN, []),
      latestStatusDetail: { code: 'OC', derivedCode: 'IN' },
      dateAndTimes: [{ type: 'SHIP', dateTime: '2026-06-01T00:00:00-06:00' }],
    });
    expect(pickFedexTrackResult([a, b])).toBe(b);
  });
});

describe('normalizeFedexTrackResult: pickup and access-point deliveries', () => {
  const held = destinationScan('08:00:00', {
    eventType: 'HP',
    eventDescription: 'Ready for recipient pickup',
    derivedStatusCode: 'IT',
    locationType: 'DESTINATION_FEDEX_FACILITY',
  });
  // FedEx sandbox answer for 843119172384577 (held at a FedEx Office), trimmed.
  const halExtra = {
    holdAtLocation: {
      locationContactAndAddress: {
        address: { streetLines: ['2201 SHATTUCK AVE'], city: 'BERKELEY', stateOrProvinceCode: 'CA', postalCode: '94704', countryCode: 'US', residential: false },
      },
      locationId: 'JEMKK',
    },
    serviceCommitMessage: {
      message: "Shipment is available for pickup at FedEx Office: 2201 SHATTUCK AVE. We'll hold the shipment for five business days starting from January 08, 2014.",
      type: 'HELD_PACKAGE_AVAILABLE_FOR_RECIPIENT_PICKUP_WITH_ADDRESS',
    },
    customDeliveryOptions: [{ type: 'REDIRECT_TO_HOLD_AT_LOCATION', status: 'HELD' }],
  };

  it('reads holdAtLocation and the hold period of the commit message', () => {
    const snapshot = normalize([label, pickup, held], halExtra);
    expect(snapshot.status).toBe('available_for_pickup');
    // Wednesday 8 January 2014 is day one; the fifth business day is Tuesday the 14th.
    expect(snapshot.pickup).toEqual({
      holdUntil: '2014-01-14',
      locationName: 'FedEx Office',
      location: { city: 'BERKELEY', region: 'CA', postalCode: '94704', countryCode: 'US' },
    });
  });

  it('falls back to the HP scan for the place when FedEx sends no holdAtLocation', () => {
    const snapshot = normalize([label, held], { serviceCommitMessage: { type: 'HELD_PACKAGE_AVAILABLE_FOR_RECIPIENT_PICKUP', message: 'Package available for pickup' } });
    expect(snapshot.pickup).toEqual({ location: { city: 'CLOVIS', region: 'CA', postalCode: '93612', countryCode: 'US' } });
  });

  it('counts a failed attempt as held only when FedEx says so', () => {
    const attempted = { deliveryDetails: { deliveryAttempts: '1' } };
    const attempt = normalize([label, outForDelivery, notAvailable], attempted);
    expect(attempt.status).toBe('attempt_failed');
    expect(attempt.pickup).toBeUndefined();
    const heldAfterAttempt = normalize([label, outForDelivery, notAvailable], { ...halExtra, ...attempted, serviceCommitMessage: undefined });
    expect(heldAfterAttempt.status).toBe('attempt_failed');
    expect(heldAfterAttempt.pickup?.location?.city).toBe('BERKELEY');
  });

  it('has no pickup once delivered', () => {
    expect(normalize([label, held, delivered], halExtra).pickup).toBeUndefined();
  });

  it('marks a DL at a FedEx Office, or with deliveryDetails FEDEX_LOCATION, atAccessPoint', () => {
    const atOffice = { ...delivered, locationType: 'FEDEX_OFFICE_LOCATION' };
    const event = normalize([label, outForDelivery, atOffice]).events.at(-1);
    expect(event).toMatchObject({ status: 'delivered', atAccessPoint: true });
    expect(event?.fingerprint).toBe(normalize([label, outForDelivery, delivered]).events.at(-1)?.fingerprint);

    const leftAtLocation = normalize([label, delivered], { deliveryDetails: { deliveryAttempts: '0', locationType: 'FEDEX_LOCATION' } });
    expect(leftAtLocation.events.at(-1)?.atAccessPoint).toBe(true);
    const frontDesk = normalize([label, delivered], { deliveryDetails: { deliveryAttempts: '0', locationType: 'RECEPTIONIST_OR_FRONT_DESK' } });
    expect(frontDesk.events.at(-1)).not.toHaveProperty('atAccessPoint');
  });

  it('does not mark the customer collecting a held parcel', () => {
    const collected = normalize([label, held, delivered], { deliveryDetails: { deliveryAttempts: '0', locationType: 'FEDEX_LOCATION' } });
    expect(collected.status).toBe('delivered');
    expect(collected.events.some((e) => e.atAccessPoint)).toBe(false);
  });
});

describe('fedexHoldUntil', () => {
  it.each([
    ["We'll hold the shipment for five business days starting from May 19, 2023.", '2023-05-25'],
    ["We'll hold the shipment for 7 calendar days starting from May 19, 2023.", '2023-05-25'],
    ["We'll hold the shipment for one business day starting from May 20, 2023.", '2023-05-22'],
    ['Package available for pickup', undefined],
    ["We'll hold the shipment for five business days starting from Smarch 19, 2023.", undefined],
  ])('%s → %s', (message, expected) => {
    expect(fedexHoldUntil(message)).toBe(expected);
  });
});
