import { parseEasypostEvent, waybillCarrierOf } from '../../../activities/carriers/easypost/easypost.webhook';
import { eventFingerprint } from '../../../activities/carriers/fingerprint';
import { WebhookPayloadError, type PushedTrackingUpdate } from '../../../activities/carriers/webhooks/webhook-delivery';
import { body, JOURNEY, type RawDetail, rawEvent, rawTracker, type RawTrackerOptions } from '../../fixtures/easypost/easypost-payloads';

const FEDEX_TN = '986578788855';
const EVENT_ID = 'evt_5e2b7c9d1a3f4e6b8c0d2f4a6b8c0e1f';

const fedexTracker = (details: RawDetail[], options: Partial<RawTrackerOptions> = {}) =>
  rawTracker({ carrier: 'FedEx', trackingCode: FEDEX_TN, details, ...options });

const parseOne = (tracker: Record<string, unknown>, description = 'tracker.updated'): PushedTrackingUpdate => {
  const delivery = parseEasypostEvent(body(rawEvent(tracker, description)));
  expect(delivery.eventId).toBe(EVENT_ID);
  expect(delivery.updates).toHaveLength(1);
  return delivery.updates[0];
};

const statuses = (update: PushedTrackingUpdate) => update.events.map((event) => event.status);

describe('parseEasypostEvent', () => {
  it('turns a tracker.updated event into one update for the tracker’s parcel, named by the evt_ id', () => {
    const update = parseOne(fedexTracker(JOURNEY.inTransit, { estDeliveryDate: '2026-11-28T00:00:00Z', estDeliveryDateLocal: '2026-11-28' }));
    expect(update).toEqual({
      carrier: 'fedex',
      trackingNumber: FEDEX_TN,
      events: [
        expect.objectContaining({ status: 'info_received', occurredAt: '2026-11-24T15:00:00Z', description: 'Shipment information sent to FedEx' }),
        expect.objectContaining({ status: 'in_transit', description: 'Picked up' }),
        expect.objectContaining({ status: 'in_transit', description: 'Departed FedEx location' }),
        expect.objectContaining({ status: 'in_transit', description: 'At local FedEx facility' }),
      ],
      estimatedDelivery: { date: '2026-11-28' },
    });
    expect(update.events[1]).toEqual({
      fingerprint: expect.stringMatching(/^[0-9a-f]{24}$/),
      status: 'in_transit',
      occurredAt: '2026-11-24T19:27:00Z',
      description: 'Picked up',
      location: { city: 'ORLANDO', region: 'FL', postalCode: '32809', countryCode: 'US' },
      carrierCodes: { type: 'in_transit', code: 'PU', statusCode: 'arrived_at_facility' },
    });
    expect(update.events[0].location).toEqual({ postalCode: '32837', countryCode: 'US' });
  });

  it('fingerprints each scan from its carrier, number, codes, time and place', () => {
    const [, pickedUp] = parseOne(fedexTracker(JOURNEY.inTransit)).events;
    expect(pickedUp.fingerprint).toBe(
      eventFingerprint({
        carrier: 'fedex',
        trackingNumber: FEDEX_TN,
        carrierCodes: pickedUp.carrierCodes,
        occurredAt: '2026-11-24T19:27:00Z',
        location: pickedUp.location,
      }),
    );
  });

  it('gives a scan the same fingerprint in every later event that repeats it, and distinct scans distinct ones', () => {
    const early = parseOne(fedexTracker(JOURNEY.inTransit)).events;
    const late = parseOne(fedexTracker(JOURNEY.delivered, { signedBy: 'J. SMITH' })).events;
    expect(late.slice(0, early.length).map((e) => e.fingerprint)).toEqual(early.map((e) => e.fingerprint));
    expect(new Set(late.map((e) => e.fingerprint)).size).toBe(late.length);
  });

  describe('one realistic event per status', () => {
    it.each([
      ['labelCreated', ['info_received']],
      ['inTransit', ['info_received', 'in_transit', 'in_transit', 'in_transit']],
      ['outForDelivery', ['info_received', 'in_transit', 'in_transit', 'in_transit', 'out_for_delivery']],
      ['availableForPickup', ['info_received', 'in_transit', 'in_transit', 'in_transit', 'available_for_pickup']],
      ['attemptFailed', ['info_received', 'in_transit', 'in_transit', 'in_transit', 'out_for_delivery', 'attempt_failed']],
      ['exception', ['info_received', 'in_transit', 'exception']],
      ['cancelled', ['exception']],
    ] as const)('%s', (journey, expected) => {
      expect(statuses(parseOne(fedexTracker(JOURNEY[journey])))).toEqual(expected);
    });

    it('delivered, with the signer as proof of delivery', () => {
      const update = parseOne(fedexTracker(JOURNEY.delivered, { signedBy: 'J. SMITH' }));
      expect(statuses(update).at(-1)).toBe('delivered');
      expect(update.proofOfDelivery).toEqual({ signedBy: 'J. SMITH', hasSignature: true, hasProofOfDelivery: false });
    });

    it('delivered without a signature carries no proof of delivery', () => {
      expect(parseOne(fedexTracker(JOURNEY.delivered)).proofOfDelivery).toBeUndefined();
    });

    it('returned: the way back is returning and its delivery is the sender getting the parcel', () => {
      expect(statuses(parseOne(fedexTracker(JOURNEY.returned)))).toEqual([
        'info_received',
        'in_transit',
        'in_transit',
        'in_transit',
        'returning',
        'returning',
        'returned',
      ]);
    });

    it('a return label’s tracker is on its way back from the first scan', () => {
      expect(statuses(parseOne(fedexTracker(JOURNEY.delivered, { isReturn: true })))).toEqual([
        'info_received',
        'returning',
        'returning',
        'returning',
        'returning',
        'returned',
      ]);
    });

    it('unknown with detail expired', () => {
      const expired: RawDetail = { datetime: '2026-12-30T00:00:00Z', status: 'unknown', statusDetail: 'expired', message: 'Tracking expired' };
      expect(statuses(parseOne(fedexTracker([expired])))).toEqual(['expired']);
    });
  });

  it('keeps each time’s offset, and labels a time without one UTC', () => {
    const local: RawDetail = { ...JOURNEY.outForDelivery[4], datetime: '2026-11-26T07:05:00-05:00' };
    const bare: RawDetail = { ...JOURNEY.inTransit[1], datetime: '2026-11-24T19:27:00' };
    const update = parseOne(fedexTracker([bare, local]));
    expect(update.events.map((e) => e.occurredAt)).toEqual(['2026-11-24T19:27:00Z', '2026-11-26T07:05:00-05:00']);
  });

  it('sorts details oldest first by instant, whatever order and offsets they come in', () => {
    const [label, pickedUp] = JOURNEY.inTransit;
    const laterButEarlierLooking: RawDetail = { ...pickedUp, datetime: '2026-11-24T16:00:00-05:00' }; // 21:00Z
    const update = parseOne(fedexTracker([laterButEarlierLooking, { ...pickedUp, datetime: '2026-11-24T20:00:00Z' }, label]));
    expect(update.events.map((e) => e.occurredAt)).toEqual(['2026-11-24T15:00:00Z', '2026-11-24T20:00:00Z', '2026-11-24T16:00:00-05:00']);
  });

  it('takes the estimated delivery from est_delivery_date when the carrier gives no local date', () => {
    expect(parseOne(fedexTracker(JOURNEY.inTransit, { estDeliveryDate: '2026-11-28T18:00:00-05:00' })).estimatedDelivery).toEqual({ date: '2026-11-28' });
    expect(parseOne(fedexTracker(JOURNEY.inTransit)).estimatedDelivery).toBeUndefined();
  });

  it('answers a tracker.created event without details with an update that has no events', () => {
    expect(parseOne(fedexTracker([]), 'tracker.created')).toEqual({ carrier: 'fedex', trackingNumber: FEDEX_TN, events: [] });
  });

  describe('carriers', () => {
    it.each([
      ['UPS', '1Z5R89390357567127', 'ups'],
      ['UPSSurePost', '1ZXX3150YW44070023', 'ups'],
      ['FedEx', FEDEX_TN, 'fedex'],
      ['FedExSmartPost', '9261292700768711948021', 'fedex'],
      ['FedexSmartPost', '9261292700768711948021', 'fedex'],
      ['DHLExpress', '3318810025', 'dhl'],
      ['DHLGlobalMail', 'GM2951173225174494', 'dhl'],
      ['USPS', '9400111206206406260787', 'usps'],
    ])('routes a %s tracker to %s as %s', (easypostCarrier, trackingCode, carrier) => {
      const update = parseOne(rawTracker({ carrier: easypostCarrier, trackingCode, details: JOURNEY.inTransit }));
      expect(update).toMatchObject({ carrier, trackingNumber: trackingCode });
      expect(update.events).toHaveLength(JOURNEY.inTransit.length);
    });

    it.each(['CanadaPost', 'OnTrac', 'RoyalMail', 'UPSMailInnovations', 'DHLFreight', 'AmazonMws'])(
      'skips a tracker of %s, which Waybill does not track, and still names the event',
      (easypostCarrier) => {
        const tracker = rawTracker({ carrier: easypostCarrier, trackingCode: 'LX123456785CA', details: JOURNEY.inTransit });
        expect(parseEasypostEvent(body(rawEvent(tracker)))).toEqual({ eventId: EVENT_ID, updates: [] });
      },
    );

    it('knows the carrier names whatever their case or punctuation', () => {
      expect(waybillCarrierOf('dhl_express')).toBe('dhl');
      expect(waybillCarrierOf('usps')).toBe('usps');
      expect(waybillCarrierOf('Purolator')).toBeUndefined();
    });
  });

  describe('tracking numbers', () => {
    it('drops a USPS routing prefix so the update finds the shipment stored without it', () => {
      const update = parseOne(rawTracker({ carrier: 'USPS', trackingCode: '420787459400111206206406260787', details: JOURNEY.inTransit }));
      expect(update.trackingNumber).toBe('9400111206206406260787');
    });

    it('keeps a code the carrier’s formats do not accept (EasyPost test codes) as sent, upper case and compact', () => {
      const update = parseOne(rawTracker({ carrier: 'USPS', trackingCode: 'ez 2000000002', details: JOURNEY.inTransit }));
      expect(update.trackingNumber).toBe('EZ2000000002');
    });

    it('refuses a tracking_code that is no tracking number', () => {
      const tracker = rawTracker({ carrier: 'FedEx', trackingCode: '98657878/8855', details: JOURNEY.inTransit });
      expect(() => parseEasypostEvent(body(rawEvent(tracker)))).toThrow(WebhookPayloadError);
    });
  });

  it.each(['batch.updated', 'refund.successful', 'shipment.invoice.created', 'payment.completed'])(
    'acknowledges a %s event with no updates, whatever its result',
    (description) => {
      expect(parseEasypostEvent(body(rawEvent({ id: 'batch_1', object: 'Batch' }, description)))).toEqual({ eventId: EVENT_ID, updates: [] });
    },
  );

  it('reads EasyPost’s float weights (12.0) like any other number', () => {
    const raw = body(rawEvent(fedexTracker(JOURNEY.inTransit))).replace('"weight":614.4', '"weight":12.0');
    expect(raw).toContain('"weight":12.0');
    expect(parseEasypostEvent(raw).updates[0].events).toHaveLength(4);
  });

  it('drops malformed values it can do without instead of refusing the delivery', () => {
    const tracker = fedexTracker(JOURNEY.inTransit, {
      extra: { est_delivery_date: 'next week', weight: 'heavy', carrier_detail: 'n/a', created_at: 'yesterday', is_return: 'no' },
    });
    expect(parseOne(tracker).events).toHaveLength(4);
  });

  describe('payloads that break EasyPost’s contract', () => {
    const event = rawEvent(fedexTracker(JOURNEY.inTransit));
    const tracker = fedexTracker(JOURNEY.inTransit);
    it.each<[string, string]>([
      ['a body that is not JSON', '{"object":"Event",'],
      ['JSON that is not an object', '[]'],
      ['an object that is not an Event', body({ ...event, object: 'Tracker' })],
      ['an Event without an evt_ id', body({ ...event, id: 'trk_123' })],
      ['a tracker event whose result is not a Tracker', body(rawEvent({ id: 'shp_1', object: 'Shipment' }))],
      ['a Tracker without a tracking code', body(rawEvent({ ...tracker, tracking_code: '' }))],
      ['a Tracker without a carrier', body(rawEvent({ ...tracker, carrier: null }))],
      ['a detail without a time', body(rawEvent({ ...tracker, tracking_details: [{ status: 'in_transit', message: 'Picked up' }] }))],
      ['a detail with a time that is not one', body(rawEvent({ ...tracker, tracking_details: [{ status: 'in_transit', datetime: '2026-02-30T25:00:00Z' }] }))],
      ['a detail without a status', body(rawEvent({ ...tracker, tracking_details: [{ datetime: '2026-11-24T19:27:00Z' }] }))],
    ])('refuses %s', (_what, raw) => {
      expect(() => parseEasypostEvent(raw)).toThrow(WebhookPayloadError);
    });
  });
});

describe('parseEasypostEvent: pickup', () => {
  it('carries the pickup place while the tracker is available_for_pickup, and nothing otherwise', () => {
    const waiting = parseOne(fedexTracker(JOURNEY.availableForPickup));
    expect(waiting.pickup).toEqual({ location: waiting.events.at(-1)?.location });
    expect(waiting.pickup?.location).toBeDefined();
    expect(parseOne(fedexTracker(JOURNEY.delivered))).not.toHaveProperty('pickup');
    expect(parseOne(fedexTracker(JOURNEY.inTransit))).not.toHaveProperty('pickup');
  });
});
