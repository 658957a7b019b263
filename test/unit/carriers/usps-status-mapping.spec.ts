import { normalizeUspsTracking } from '../../../activities/carriers/usps/usps.normalize';
import { uspsTrackingDetailsSchema } from '../../../activities/carriers/usps/usps.schemas';
import { isUspsReturnToSenderCode, mapUspsStatus } from '../../../activities/carriers/usps/usps.status-mapping';
import { SHIPMENT_STATUSES, ShipmentStatus } from '../../../workflows/shared/vocabulary';
import { denverScan, type RawUspsScan, rawUspsDetails, USPS_TN, uspsJourney } from '../../fixtures/usps/usps-payloads';

const { label, accepted, originFacility, inTransit, regionalFacility, outForDelivery, delivered } = uspsJourney;

describe('mapUspsStatus', () => {
  describe('the carriers.md §4.3 skeletons (karrio fixture)', () => {
    it('reads the DELIVERED skeleton: category Delivered with event 01', () => {
      expect(mapUspsStatus({ statusCategory: 'Delivered', eventCode: '01', eventType: 'Delivered, Parcel Locker' })).toBe(
        ShipmentStatus.DELIVERED,
      );
    });

    it('reads the skeleton\'s older events: OF and GX', () => {
      expect(mapUspsStatus({ eventCode: 'OF' })).toBe(ShipmentStatus.OUT_FOR_DELIVERY);
      expect(mapUspsStatus({ eventCode: 'GX' })).toBe(ShipmentStatus.INFO_RECEIVED);
    });

    it('reads the IN-TRANSIT skeleton: category In Transit with event TL', () => {
      expect(mapUspsStatus({ statusCategory: 'In Transit', eventCode: 'TL' })).toBe(ShipmentStatus.IN_TRANSIT);
    });
  });

  describe('event codes (carriers.md §4.4)', () => {
    it.each([
      [ShipmentStatus.INFO_RECEIVED, ['GX', 'MA']],
      [ShipmentStatus.IN_TRANSIT, ['03', 'TM', 'PA', '10', 'A1', 'T1', 'TL', 'SF', 'EF', '07', 'PC', '06', '42', '80', '81', '82', '71', 'DX']],
      [ShipmentStatus.OUT_FOR_DELIVERY, ['OF']],
      [ShipmentStatus.ATTEMPT_FAILED, ['02', '52', '53', '54', '55', '56', '30', '51']],
      [ShipmentStatus.AVAILABLE_FOR_PICKUP, ['14', '16']],
      [ShipmentStatus.DELIVERED, ['01', '43', '17']],
      [ShipmentStatus.EXCEPTION, ['04', '05', '08', '11', '15', '44']],
      [ShipmentStatus.RETURNING, ['09', '21', '22', '23', '24', '25', '26', '27', '28', '29', '31']],
    ])('maps to %s: %p', (status, codes) => {
      for (const eventCode of codes) expect(mapUspsStatus({ eventCode })).toBe(status);
    });

    it('lets the code win over the category, which is coarser', () => {
      // A notice left is reported under "Alert" as well as "Delivery Attempt".
      expect(mapUspsStatus({ statusCategory: 'Alert', eventCode: '02' })).toBe(ShipmentStatus.ATTEMPT_FAILED);
      expect(mapUspsStatus({ statusCategory: 'Delivery Attempt', eventCode: '56' })).toBe(ShipmentStatus.ATTEMPT_FAILED);
    });

    it('treats the Return to Sender family as returning in any category', () => {
      for (const statusCategory of ['Alert', 'In Transit', 'Delivered', undefined]) {
        expect(mapUspsStatus({ statusCategory, eventCode: '27' })).toBe(ShipmentStatus.RETURNING);
      }
    });

    it('reads codes whatever their case and padding', () => {
      expect(mapUspsStatus({ eventCode: ' of ' })).toBe(ShipmentStatus.OUT_FOR_DELIVERY);
      expect(mapUspsStatus({ eventCode: 'gx' })).toBe(ShipmentStatus.INFO_RECEIVED);
    });
  });

  describe('categories', () => {
    it.each([
      ['Pre-Shipment', ShipmentStatus.INFO_RECEIVED],
      ['Accepted', ShipmentStatus.IN_TRANSIT],
      ['In Transit', ShipmentStatus.IN_TRANSIT],
      ['Out for Delivery', ShipmentStatus.OUT_FOR_DELIVERY],
      ['Delivered', ShipmentStatus.DELIVERED],
      ['Alert', ShipmentStatus.EXCEPTION],
      ['Available for Pickup', ShipmentStatus.AVAILABLE_FOR_PICKUP],
      ['Delivery Attempt', ShipmentStatus.ATTEMPT_FAILED],
    ])('maps %p to %s when the code says nothing', (statusCategory, status) => {
      expect(mapUspsStatus({ statusCategory })).toBe(status);
      expect(mapUspsStatus({ statusCategory, eventCode: 'Q9' })).toBe(status);
      expect(mapUspsStatus({ statusCategory: statusCategory.toUpperCase() })).toBe(status);
    });

    it('never maps on the event text, which USPS rewords', () => {
      expect(mapUspsStatus({ eventType: 'Delivered, Front Door/Porch' })).toBe(ShipmentStatus.PENDING);
    });

    it('reads an unknown code or category as in transit, and nothing at all as pending', () => {
      expect(mapUspsStatus({ eventCode: 'ZZ' })).toBe(ShipmentStatus.IN_TRANSIT);
      expect(mapUspsStatus({ statusCategory: 'Something New' })).toBe(ShipmentStatus.IN_TRANSIT);
      expect(mapUspsStatus({})).toBe(ShipmentStatus.PENDING);
      expect(mapUspsStatus({ eventCode: '  ', statusCategory: '' })).toBe(ShipmentStatus.PENDING);
    });
  });

  it('knows which codes turn the parcel back', () => {
    expect(['09', '21', '31'].every(isUspsReturnToSenderCode)).toBe(true);
    expect(['01', '04', undefined].some(isUspsReturnToSenderCode)).toBe(false);
  });
});

describe('a realistic USPS answer for every unified status', () => {
  const current = (scans: RawUspsScan[], statusCategory: string, extra?: Record<string, unknown>) =>
    normalizeUspsTracking(uspsTrackingDetailsSchema.parse(rawUspsDetails(USPS_TN, scans, statusCategory, extra)), USPS_TN).status;
  const attempt = denverScan('10:02:00', '17:02:41', { eventType: 'Notice Left (No Authorized Recipient Available)', eventCode: '56' });
  const toSender = denverScan('12:00:00', '19:00:10', { eventType: 'Return to Sender', eventCode: '09' });
  const backHome: RawUspsScan = {
    eventType: 'Delivered, To Original Sender',
    eventCode: '01',
    eventTimestamp: '2026-11-24T09:00:00',
    GMTTimestamp: '2026-11-24T14:00:05Z',
    GMTOffset: '-05:00',
    eventCity: 'JAMAICA',
    eventState: 'NY',
    eventZIP: '11430',
  };

  const cases: Array<[ShipmentStatus, () => ShipmentStatus]> = [
    [ShipmentStatus.PENDING, () => current([], '')],
    [ShipmentStatus.INFO_RECEIVED, () => current([label], 'Pre-Shipment')],
    [ShipmentStatus.IN_TRANSIT, () => current([label, accepted, originFacility, inTransit, regionalFacility], 'In Transit')],
    [ShipmentStatus.OUT_FOR_DELIVERY, () => current([label, accepted, regionalFacility, outForDelivery], 'Out for Delivery')],
    [ShipmentStatus.ATTEMPT_FAILED, () => current([label, accepted, outForDelivery, attempt], 'Delivery Attempt')],
    [
      ShipmentStatus.AVAILABLE_FOR_PICKUP,
      () => {
        const held = denverScan('15:00:00', '22:00:09', { eventType: 'Available for Pickup', eventCode: '16' });
        return current([label, accepted, outForDelivery, attempt, held], 'Available for Pickup');
      },
    ],
    [ShipmentStatus.DELIVERED, () => current([label, accepted, outForDelivery, delivered], 'Delivered')],
    [
      ShipmentStatus.EXCEPTION,
      () => current([label, accepted, outForDelivery, denverScan('11:00:00', '18:00:03', { eventType: 'Refused', eventCode: '04' })], 'Alert'),
    ],
    [ShipmentStatus.RETURNING, () => current([label, accepted, outForDelivery, attempt, toSender], 'Alert')],
    [ShipmentStatus.RETURNED, () => current([label, accepted, outForDelivery, attempt, toSender, backHome], 'Delivered')],
  ];

  it.each(cases)('yields %s', (status, snapshotStatus) => {
    expect(snapshotStatus()).toBe(status);
  });

  it('never claims lost or expired: USPS declares neither', () => {
    const produced = new Set(cases.map(([status]) => status));
    expect(SHIPMENT_STATUSES.filter((s) => !produced.has(s))).toEqual([ShipmentStatus.LOST, ShipmentStatus.EXPIRED]);
  });
});
