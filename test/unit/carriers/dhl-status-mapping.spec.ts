import { normalizeDhlShipment } from '../../../activities/carriers/dhl/dhl.normalize';
import { dhlShipmentSchema, dhlTrackResponseSchema } from '../../../activities/carriers/dhl/dhl.schemas';
import { mapDhlStatus, type DhlStatusText } from '../../../activities/carriers/dhl/dhl.status-mapping';
import { SHIPMENT_STATUSES, type ShipmentStatus } from '../../../workflows/shared/vocabulary';
import { deliveredSkeleton, express, inTransitSkeleton, parcel, rawShipment, type RawDhlScan, TN } from '../../fixtures/dhl/dhl-payloads';

type Case = [statusCode: string | undefined, text: string, expected: ShipmentStatus];

const status = (statusCode: string | undefined, description: string): DhlStatusText => ({ statusCode, description });

describe('mapDhlStatus', () => {
  describe('the examples of carriers.md §3.3 and the spec', () => {
    it('reads the DELIVERED skeleton as delivered and the IN-TRANSIT skeleton as in transit', () => {
      const delivered = dhlTrackResponseSchema.parse(deliveredSkeleton).shipments[0];
      const inTransit = dhlTrackResponseSchema.parse(inTransitSkeleton).shipments[0];
      expect(mapDhlStatus(delivered.status ?? {})).toBe('delivered');
      expect(mapDhlStatus(inTransit.status ?? {})).toBe('in_transit');
    });

    it('lets the code win over the words: pre-transit with status "DELIVERED" is info_received', () => {
      // karrio's dhl_universal fixture pairs these; statusCode is DHL's classification, status is free text.
      expect(mapDhlStatus({ statusCode: 'pre-transit', status: 'DELIVERED', description: 'JESSICA' })).toBe('info_received');
    });

    it('maps unknown to pending', () => {
      expect(mapDhlStatus({ statusCode: 'unknown', description: 'Status not available' })).toBe('pending');
    });
  });

  // One block per row of the mapping table in carriers.md §3.4.
  const rows: Record<string, Case[]> = {
    'pre-transit → InfoReceived, whatever the text': [
      ['pre-transit', 'The shipment has been announced', 'info_received'],
      ['pre-transit', 'Shipment information received', 'info_received'],
      ['PRE-TRANSIT', 'Label created; out for delivery soon', 'info_received'],
    ],
    'transit → InTransit': [
      ['transit', 'Shipment picked up', 'in_transit'],
      ['transit', 'Processed at LEIPZIG - GERMANY', 'in_transit'],
      ['transit', 'Shipment is on hold', 'in_transit'],
      ['transit', 'Customs clearance status updated.', 'in_transit'],
    ],
    'transit, "out for delivery" / "with delivery courier" → OutForDelivery': [
      ['transit', 'With delivery courier', 'out_for_delivery'],
      ['transit', 'Shipment is out with courier for delivery', 'out_for_delivery'],
      ['transit', 'Out for delivery', 'out_for_delivery'],
      ['transit', 'The shipment has been loaded onto the delivery vehicle', 'out_for_delivery'],
    ],
    'transit, "ready for pickup" / "available at …" / service point → AvailableForPickup': [
      ['transit', 'The shipment is ready for pickup at the retail outlet', 'available_for_pickup'],
      ['transit', 'Available at the DHL Packstation 123', 'available_for_pickup'],
      ['transit', 'Shipment is awaiting collection at DHL Service Point', 'available_for_pickup'],
      ['transit', 'The shipment has been delivered to a parcel shop', 'available_for_pickup'],
    ],
    'delivered → Delivered; to a shop or locker to await pickup → AvailableForPickup': [
      ['delivered', 'Delivered', 'delivered'],
      ['delivered', 'Delivered - Signed for by: JOHN', 'delivered'],
      ['delivered', 'The shipment has been delivered to the recipient', 'delivered'],
      ['delivered', 'The shipment has been delivered to the parcel locker for pickup', 'available_for_pickup'],
      ['delivered', 'Delivered to DHL Service Point; awaiting collection', 'available_for_pickup'],
      ['delivered', 'Delivered - Collected from DHL Service Point by: RILEY', 'delivered'],
      ['delivered', 'The recipient has picked up the shipment from the Packstation', 'delivered'],
    ],
    'failure → Exception (damage included)': [
      ['failure', 'Shipment is damaged', 'exception'],
      ['failure', 'Address information incorrect', 'exception'],
      ['failure', 'Shipment refused by the recipient', 'exception'],
    ],
    'failure, attempt / "could not be delivered" / "notification card" → AttemptFail': [
      ['failure', 'Delivery attempted. The receiver was not available for delivery.', 'attempt_failed'],
      ['failure', 'The shipment could not be delivered', 'attempt_failed'],
      ['failure', 'A notification card was left', 'attempt_failed'],
      ['failure', 'Recipient not at home', 'attempt_failed'],
    ],
    'failure, "returned" → ReturnToSender (returning: Express says it when the parcel turns back)': [
      ['failure', 'Returned to shipper', 'returning'],
      ['failure', 'The shipment could not be delivered and is being returned to the sender', 'returning'],
    ],
    'the way back ends with a delivered code: returned': [
      ['delivered', 'Delivered - Returned to shipper, signed for by: SHIPPING DOCK', 'returned'],
    ],
    'damage reported while moving is an exception': [['transit', 'Shipment damaged during transport', 'exception']],
  };

  for (const [row, cases] of Object.entries(rows)) {
    it.each(cases)(`${row}: %p %p → %p`, (statusCode, text, expected) => {
      expect(mapDhlStatus(status(statusCode, text))).toBe(expected);
    });
  }

  describe('Express events, which carry a description and no status code', () => {
    it.each<[string, ShipmentStatus]>([
      ['Shipment information received', 'info_received'],
      ['Shipment picked up', 'in_transit'],
      ['Shipment Accepted', 'in_transit'],
      ['Processed at NEW YORK CITY GATEWAY - USA', 'in_transit'],
      ['Clearance processing complete at NEW YORK CITY GATEWAY - USA', 'in_transit'],
      ['Arrived at DHL Delivery Facility NEW YORK - USA', 'in_transit'],
      ['Shipment is out with courier for delivery', 'out_for_delivery'],
      ['With delivery courier', 'out_for_delivery'],
      ['Delivered', 'delivered'],
      ['Delivered - Signed for by: MORGAN', 'delivered'],
      ['Delivery attempted. The receiver was not available for delivery.', 'attempt_failed'],
      ['Shipment is awaiting collection at DHL Service Point', 'available_for_pickup'],
      ['Returned to shipper', 'returning'],
      ['Delivered - Returned to shipper, signed for by: SHIPPING DOCK', 'returned'],
      ['Shipment is damaged', 'exception'],
      ['The shipment will be delivered tomorrow', 'in_transit'],
    ])('%p → %p', (description, expected) => {
      expect(mapDhlStatus(status(undefined, description))).toBe(expected);
    });

    it('knows nothing from nothing', () => {
      expect(mapDhlStatus({})).toBe('pending');
    });
  });

  describe('what only the shipment knows', () => {
    it('returnFlag turns a moving parcel into returning and a delivery into returned', () => {
      expect(mapDhlStatus(status('transit', 'Arrived at DHL Sort Facility'), { returnFlag: true })).toBe('returning');
      expect(mapDhlStatus(status('delivered', 'Delivered'), { returnFlag: true })).toBe('returned');
      expect(mapDhlStatus(status('pre-transit', 'Label created'), { returnFlag: true })).toBe('info_received');
    });

    it('a service point on a parcel in transit means it waits there', () => {
      expect(mapDhlStatus(status('transit', 'Arrived'), { atServicePoint: true })).toBe('available_for_pickup');
      // Out for delivery still wins, and a delivery is a delivery.
      expect(mapDhlStatus(status('transit', 'With delivery courier'), { atServicePoint: true })).toBe('out_for_delivery');
      expect(mapDhlStatus(status('delivered', 'Delivered'), { atServicePoint: true })).toBe('delivered');
    });
  });
});

/** A realistic answer for every status DHL can lead to; lost and expired are Waybill's own inferences. */
describe('a realistic DHL payload for every unified status', () => {
  const snapshotOf = (shipment: Record<string, unknown>) => normalizeDhlShipment(dhlShipmentSchema.parse(shipment), TN);
  const at = (scan: RawDhlScan, description: string, extra: Partial<RawDhlScan> = {}): RawDhlScan => ({ ...scan, description, ...extra });
  const { pickup, processed, departed, arrived, withCourier, delivered } = express;

  const cases: Record<Exclude<ShipmentStatus, 'lost' | 'expired'>, Record<string, unknown>> = {
    pending: rawShipment(TN, [], { extra: { status: { statusCode: 'unknown', status: 'unknown', description: 'No information yet' } } }),
    info_received: rawShipment(TN, [parcel.announced]),
    in_transit: rawShipment(TN, [pickup, processed, departed, arrived], { statusCode: 'transit' }),
    out_for_delivery: rawShipment(TN, [pickup, processed, departed, arrived, withCourier], { statusCode: 'transit' }),
    available_for_pickup: rawShipment(TN, [pickup, arrived, at(withCourier, 'Shipment is awaiting collection at DHL Service Point')], {
      statusCode: 'transit',
      extra: {
        destination: { address: { addressLocality: 'NEW YORK' }, servicePoint: { url: 'https://x.test/sp', label: 'DHL Service Point 42' } },
      },
    }),
    attempt_failed: rawShipment(TN, [pickup, arrived, withCourier, at(withCourier, 'Delivery attempted', { timestamp: '2026-04-22T15:00:00' })], {
      statusCode: 'failure',
      status: 'exception',
    }),
    delivered: rawShipment(TN, [pickup, processed, departed, arrived, withCourier, delivered], { statusCode: 'delivered' }),
    exception: rawShipment(TN, [pickup, processed, at(processed, 'Shipment is damaged', { timestamp: '2026-04-20T23:00:00' })], {
      statusCode: 'failure',
      status: 'exception',
    }),
    returning: rawShipment(TN, [pickup, departed, arrived, at(arrived, 'Returned to shipper', { timestamp: '2026-04-21T17:47:00' })], {
      statusCode: 'failure',
      status: 'exception',
    }),
    returned: rawShipment(
      TN,
      [
        pickup,
        arrived,
        at(arrived, 'Returned to shipper', { timestamp: '2026-04-21T17:47:00' }),
        at(pickup, 'Shipment is in transit to destination', { timestamp: '2026-04-23T09:00:00' }),
        at(pickup, 'Delivered - Returned to shipper, signed for by: DOCK 4', { timestamp: '2026-04-24T10:00:00' }),
      ],
      { statusCode: 'delivered', extra: { returnFlag: true } },
    ),
  };

  it('covers every status except the inferred ones', () => {
    expect(Object.keys(cases).sort()).toEqual(SHIPMENT_STATUSES.filter((s) => s !== 'lost' && s !== 'expired').sort());
  });

  it.each(Object.entries(cases))('%p', (expected, shipment) => {
    expect(snapshotOf(shipment).status).toBe(expected);
  });

  it('marks the journey back event by event', () => {
    const statuses = snapshotOf(cases.returned).events.map((e) => e.status);
    expect(statuses).toEqual(['in_transit', 'in_transit', 'returning', 'returning', 'returned']);
  });
});
