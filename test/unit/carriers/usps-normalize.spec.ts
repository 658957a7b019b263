import { eventFingerprint } from '../../../activities/carriers/fingerprint';
import { normalizeUspsTracking, uspsOccurredAt } from '../../../activities/carriers/usps/usps.normalize';
import { uspsTrackingDetailsSchema } from '../../../activities/carriers/usps/usps.schemas';
import { denverScan, type RawUspsScan, rawUspsDetails, USPS_TN, uspsJourney } from '../../fixtures/usps/usps-payloads';

const { label, accepted, originFacility, inTransit, regionalFacility, outForDelivery, delivered } = uspsJourney;

const parse = (scans: RawUspsScan[], statusCategory = 'In Transit', extra?: Record<string, unknown>) =>
  uspsTrackingDetailsSchema.parse(rawUspsDetails(USPS_TN, scans, statusCategory, extra));
const normalize = (scans: RawUspsScan[], statusCategory?: string, extra?: Record<string, unknown>) =>
  normalizeUspsTracking(parse(scans, statusCategory, extra), USPS_TN);

describe('normalizeUspsTracking', () => {
  describe('event times', () => {
    it('writes the GMT instant, seconds included, in local time with the USPS offset', () => {
      const [event] = normalize([label]).events;
      expect(event.occurredAt).toBe('2026-11-16T11:32:33-05:00');
      expect(Date.parse(event.occurredAt)).toBe(Date.parse('2026-11-16T16:32:33Z'));
    });

    it('reads the OpenAPI example spelling "-7:00" and compact "+0530"', () => {
      expect(uspsOccurredAt({ eventTimestamp: '2026-07-04T09:30:00', GMTTimestamp: '2026-07-04T16:30:12Z', GMTOffset: '-7:00' })).toBe(
        '2026-07-04T09:30:12-07:00',
      );
      expect(uspsOccurredAt({ eventTimestamp: '2026-07-04T22:00:00', GMTTimestamp: '2026-07-04T16:30:00Z', GMTOffset: '+0530' })).toBe(
        '2026-07-04T22:00:00+05:30',
      );
    });

    it('derives the offset from the local and GMT times when USPS leaves it out, despite the dropped seconds', () => {
      const time = { eventTimestamp: '2026-11-20T13:58:00', GMTTimestamp: '2026-11-20T20:58:40Z', GMTOffset: null };
      expect(uspsOccurredAt(time)).toBe('2026-11-20T13:58:40-07:00');
      expect(normalize([{ ...delivered, GMTOffset: null }]).events[0].occurredAt).toBe('2026-11-20T13:58:40-07:00');
    });

    it('keeps a half-hour offset when deriving it', () => {
      expect(uspsOccurredAt({ eventTimestamp: '2026-07-04T22:00:00', GMTTimestamp: '2026-07-04T16:30:07Z' })).toBe('2026-07-04T22:00:07+05:30');
    });

    it('uses the local time with the offset when there is no GMT time', () => {
      expect(uspsOccurredAt({ eventTimestamp: '2026-11-20T13:58', GMTOffset: '-07:00' })).toBe('2026-11-20T13:58:00-07:00');
    });

    it('falls back to the GMT time as UTC without an offset to show it in', () => {
      expect(uspsOccurredAt({ GMTTimestamp: '2026-11-20T20:58:40Z' })).toBe('2026-11-20T20:58:40Z');
      expect(uspsOccurredAt({ GMTTimestamp: '2026-04-04T14:03:12.041Z', GMTOffset: '-07:00' })).toBe('2026-04-04T07:03:12.041-07:00');
    });

    it('labels the local time UTC when USPS gives no zone at all', () => {
      expect(normalize([{ ...accepted, GMTTimestamp: null, GMTOffset: null }]).events[0].occurredAt).toBe('2026-11-17T11:10:00Z');
    });

    it('drops a malformed GMT field rather than failing the whole answer', () => {
      const event = normalize([{ ...accepted, GMTOffset: 'EST', GMTTimestamp: 'yesterday' }]).events[0];
      expect(event.occurredAt).toBe('2026-11-17T11:10:00Z');
    });

    it('rejects impossible local times in the schema', () => {
      expect(uspsTrackingDetailsSchema.safeParse(rawUspsDetails(USPS_TN, [{ ...label, eventTimestamp: '2026-02-30T10:00:00' }], 'x')).success).toBe(false);
      expect(uspsTrackingDetailsSchema.safeParse(rawUspsDetails(USPS_TN, [{ ...label, eventTimestamp: '11/16/2026 11:32' }], 'x')).success).toBe(false);
    });
  });

  describe('ordering and identity', () => {
    it('lists events oldest first although USPS sends newest first', () => {
      const snapshot = normalize([label, accepted, originFacility, inTransit, regionalFacility, outForDelivery, delivered], 'Delivered');
      expect(snapshot.events.map((e) => e.carrierCodes.code)).toEqual(['GX', '03', '10', 'TL', 'A1', 'OF', '01']);
    });

    it('orders by instant, not by position', () => {
      const details = parse([label, accepted, outForDelivery]);
      details.trackingEvents = [...(details.trackingEvents ?? [])].reverse();
      expect(normalizeUspsTracking(details, USPS_TN).events.map((e) => e.carrierCodes.code)).toEqual(['GX', '03', 'OF']);
    });

    it('fingerprints from the event code, instant and place, never the category', () => {
      const [event] = normalize([accepted], 'Accepted').events;
      expect(event.carrierCodes).toEqual({ code: '03' });
      expect(event.fingerprint).toBe(
        eventFingerprint({ carrier: 'usps', trackingNumber: USPS_TN, carrierCodes: { code: '03' }, occurredAt: event.occurredAt, location: event.location }),
      );
      const later = normalize([accepted, originFacility], 'In Transit').events[0];
      expect(later.fingerprint).toBe(event.fingerprint);
    });

    it('gives the same snapshot for the same answer', () => {
      const scans = [label, accepted, originFacility, inTransit];
      expect(normalize(scans)).toEqual(normalize(scans));
    });
  });

  describe('events', () => {
    it('keeps the USPS text and code, and the place', () => {
      const event = normalize([label, accepted]).events[1];
      expect(event).toMatchObject({
        status: 'in_transit',
        description: 'USPS in possession of item',
        carrierCodes: { code: '03' },
        location: { city: 'JAMAICA', region: 'NY', postalCode: '11430', countryCode: 'US' },
      });
    });

    it('keeps a regional facility name as the city, with no invented state', () => {
      expect(normalize([originFacility]).events[0].location).toEqual({ city: 'QUEENS NY DISTRIBUTION CENTER' });
    });

    it('leaves out the location of scans USPS gives none', () => {
      expect(normalize([inTransit]).events[0].location).toBeUndefined();
    });

    it('keeps a foreign country code and maps a spelled-out United States', () => {
      expect(normalize([{ ...accepted, eventCountry: 'ca' }]).events[0].location?.countryCode).toBe('CA');
      expect(normalize([{ ...accepted, eventCountry: 'UNITED STATES' }]).events[0].location?.countryCode).toBe('US');
      expect(normalize([{ ...accepted, eventState: null, eventZIP: null, eventCountry: 'GERMANY' }]).events[0].location).toEqual({ city: 'JAMAICA' });
    });

    it('gives a code-less scan the category while it is the newest, and in transit once it is not', () => {
      const damaged = denverScan('08:00:00', '15:00:00', { eventType: 'Item Damaged, Sender Notified', eventCode: null });
      expect(normalize([accepted, damaged], 'Alert').events[1].status).toBe('exception');
      expect(normalize([accepted, damaged, outForDelivery], 'Out for Delivery').events[1].status).toBe('in_transit');
    });

    it('counts delivery attempts', () => {
      const first = denverScan('10:00:00', '17:00:01', { eventType: 'Notice Left', eventCode: '02' });
      const second = { ...first, eventTimestamp: '2026-11-21T10:00:00', GMTTimestamp: '2026-11-21T17:00:01Z', eventCode: '52' };
      const snapshot = normalize([label, outForDelivery, first, second], 'Delivery Attempt');
      expect(snapshot.attempts).toBe(2);
      expect(snapshot.status).toBe('attempt_failed');
    });
  });

  describe('return to sender', () => {
    const toSender = denverScan('12:00:00', '19:00:10', { eventType: 'Return to Sender', eventCode: '09' });
    const backInTransit: RawUspsScan = { ...inTransit, eventTimestamp: '2026-11-21T12:00:00', GMTTimestamp: '2026-11-21T17:00:00Z' };
    const backHome: RawUspsScan = {
      ...accepted,
      eventType: 'Delivered, To Original Sender',
      eventCode: '01',
      eventTimestamp: '2026-11-23T09:00:00',
      GMTTimestamp: '2026-11-23T14:00:05Z',
      firm: 'SHIPPING DOCK',
    };

    it('reads the network scans after a Return to Sender as the way back', () => {
      const snapshot = normalize([label, outForDelivery, toSender, backInTransit], 'In Transit');
      expect(snapshot.events.map((e) => e.status)).toEqual(['info_received', 'out_for_delivery', 'returning', 'returning']);
      expect(snapshot.status).toBe('returning');
    });

    it('reads the final delivery as returned, with the firm that took it', () => {
      const snapshot = normalize([label, outForDelivery, toSender, backInTransit, backHome], 'Delivered');
      expect(snapshot.status).toBe('returned');
      expect(snapshot.proofOfDelivery).toEqual({ receivedBy: 'SHIPPING DOCK', place: 'To Original Sender', hasSignature: false, hasProofOfDelivery: false });
    });
  });

  describe('estimated delivery', () => {
    it('takes the predicted date, and its window anchored by the newest scan\'s offset', () => {
      const snapshot = normalize([label, outForDelivery], 'Out for Delivery', {
        expectedDeliveryTimeStamp: '2026-11-21T21:00:00',
        predictedDeliveryDate: '2026-11-20',
        predictedDeliveryWindowStartTime: '11:15',
        predictedDeliveryWindowEndTime: '1:15 pm',
      });
      expect(snapshot.estimatedDelivery).toEqual({ date: '2026-11-20', from: '2026-11-20T11:15:00-07:00', to: '2026-11-20T13:15:00-07:00' });
    });

    it('falls back to the expected, then the guaranteed date', () => {
      expect(normalize([label], 'Pre-Shipment', { expectedDeliveryTimeStamp: '2026-11-21T00:00:00' }).estimatedDelivery).toEqual({ date: '2026-11-21' });
      expect(normalize([label], 'Pre-Shipment', { guaranteedDeliveryTimeStamp: '2026-11-22T12:00:00Z' }).estimatedDelivery).toEqual({ date: '2026-11-22' });
    });

    it('keeps only the date when the window is unreadable', () => {
      const snapshot = normalize([label], 'Pre-Shipment', {
        predictedDeliveryDate: '2026-11-20',
        predictedDeliveryWindowStartTime: 'morning',
        predictedDeliveryWindowEndTime: '13:15',
      });
      expect(snapshot.estimatedDelivery).toEqual({ date: '2026-11-20' });
    });

    it('drops a malformed estimate rather than failing the answer', () => {
      expect(normalize([label], 'Pre-Shipment', { predictedDeliveryDate: '20/11/2026' }).estimatedDelivery).toBeUndefined();
    });
  });

  describe('proof of delivery', () => {
    it('names the place from the delivery text', () => {
      const snapshot = normalize([label, outForDelivery, delivered], 'Delivered');
      expect(snapshot.proofOfDelivery).toEqual({ place: 'Parcel Locker', hasSignature: false, hasProofOfDelivery: false });
    });

    it('names the signer and notes the proof-of-delivery letter', () => {
      const signed = { ...delivered, eventType: 'Delivered, Left with Individual', name: 'MORGAN' };
      const snapshot = normalize([label, outForDelivery, signed], 'Delivered', { proofOfDeliveryEnabled: 'true' });
      expect(snapshot.proofOfDelivery).toEqual({
        signedBy: 'MORGAN',
        receivedBy: 'MORGAN',
        place: 'Left with Individual',
        hasSignature: true,
        hasProofOfDelivery: true,
      });
    });

    it('has none before delivery', () => {
      expect(normalize([label, outForDelivery], 'Out for Delivery', { proofOfDeliveryEnabled: 'true' }).proofOfDelivery).toBeUndefined();
    });
  });

  it('reads a category without events', () => {
    expect(normalize([], 'Pre-Shipment')).toMatchObject({ status: 'info_received', events: [], attempts: 0 });
  });
});

describe('normalizeUspsTracking: pickup and access-point deliveries', () => {
  const availableForPickup = denverScan('10:00:00', '17:00:12', { eventType: 'Available for Pickup', eventCode: '16', eventZIP: '80206' });
  const noticeLeft = denverScan('10:00:00', '17:00:12', { eventType: 'Notice Left (No Authorized Recipient Available)', eventCode: '56' });

  it('fills holdUntil from returnDateNotice and the place from the pickup scan', () => {
    const snapshot = normalize([label, accepted, outForDelivery, availableForPickup], 'Available for Pickup', { returnDateNotice: '2026-12-05' });
    expect(snapshot.status).toBe('available_for_pickup');
    expect(snapshot.pickup).toEqual({ holdUntil: '2026-12-05', location: { city: 'DENVER', region: 'CO', postalCode: '80206', countryCode: 'US' } });
  });

  it('keeps the place when the date is missing or malformed', () => {
    expect(normalize([label, availableForPickup], 'Available for Pickup').pickup).toEqual({ location: expect.objectContaining({ postalCode: '80206' }) });
    expect(normalize([label, availableForPickup], 'Available for Pickup', { returnDateNotice: '05/12/2026' }).pickup?.holdUntil).toBeUndefined();
  });

  it('counts a Notice Left as held only with a returnDateNotice', () => {
    expect(normalize([label, noticeLeft], 'Delivery Attempt').pickup).toBeUndefined();
    const held = normalize([label, noticeLeft], 'Delivery Attempt', { returnDateNotice: '2026-12-05' });
    expect(held.status).toBe('attempt_failed');
    expect(held.pickup).toMatchObject({ holdUntil: '2026-12-05', location: { city: 'DENVER' } });
  });

  it.each([
    ['Delivered, Parcel Locker', '01', true],
    ['Delivered, To Agent', '01', true],
    ['Picked Up By Agent', '17', true],
    ['Delivered, Front Desk/Reception/Mail Room', '01', false],
    ['Delivered, Front Door/Porch', '01', false],
    ['Delivered, PO Box', '01', false],
    ['Delivered, Individual Picked Up at Post Office', '43', false],
  ])('%s (%s) atAccessPoint: %s', (eventType, eventCode, expected) => {
    const scan = denverScan('13:58:00', '20:58:40', { eventType, eventCode });
    const snapshot = normalize([label, outForDelivery, scan], 'Delivered');
    expect(snapshot.status).toBe('delivered');
    expect(snapshot.events.at(-1)?.atAccessPoint).toBe(expected ? true : undefined);
    expect(snapshot.pickup).toBeUndefined();
  });

  it('leaves the fingerprint of a locker delivery as it was', () => {
    const locker = denverScan('13:58:00', '20:58:40', { eventType: 'Delivered, Parcel Locker', eventCode: '01' });
    const frontDoor = { ...locker, eventType: 'Delivered, Front Door/Porch' };
    expect(normalize([label, locker], 'Delivered').events.at(-1)?.fingerprint).toBe(normalize([label, frontDoor], 'Delivered').events.at(-1)?.fingerprint);
  });
});
