import { normalizeUpsPackage } from '../../../activities/carriers/ups/ups.normalize';
import { upsPackageSchema } from '../../../activities/carriers/ups/ups.schemas';
import { isUpsDelayStatus, mapUpsStatus } from '../../../activities/carriers/ups/ups.status-mapping';
import { type ShipmentStatus, SHIPMENT_STATUSES } from '../../../workflows/shared/vocabulary';
import { destinationScan, journey, rawPackage, type RawScan, TN } from '../../fixtures/ups/ups-payloads';

type Case = [type: string | undefined, code: string | undefined, statusCode: string | undefined, expected: ShipmentStatus];

describe('mapUpsStatus', () => {
  it('maps the three cases UPS integrations most often get wrong', () => {
    // Access Point delivery arrives as type D (UPS-API/api-documentation#7).
    expect(mapUpsStatus({ type: 'D', code: 'ZP', statusCode: '040' })).toBe('available_for_pickup');
    expect(mapUpsStatus({ type: 'D', code: 'F4', statusCode: '011' })).toBe('delivered');
    expect(mapUpsStatus({ type: 'X', code: '48', statusCode: '022' })).toBe('attempt_failed');
  });

  // One block per row of the mapping table in carriers.md §1.4, with the codes of the UPS appendix.
  const rows: Record<string, Case[]> = {
    'InfoReceived: type M; 003/157/079/080': [
      ['M', 'MP', '003', 'info_received'],
      ['M', 'MP', '157', 'info_received'],
      ['I', 'OC', '079', 'info_received'],
      ['M', 'DP', '080', 'info_received'],
      ['M', 'MP', undefined, 'info_received'],
    ],
    'InTransit: type I (default), P, DO/DD/W; on the way; clearance; delays': [
      ['I', 'AR', '005', 'in_transit'],
      ['I', 'OR', '038', 'in_transit'],
      ['I', 'XD', '160', 'in_transit'],
      ['I', 'DP', '010', 'in_transit'],
      ['I', 'IP', '012', 'in_transit'],
      ['I', 'EP', '134', 'in_transit'],
      ['I', 'ZZ', '999', 'in_transit'],
      ['P', 'PU', undefined, 'in_transit'],
      ['DO', undefined, undefined, 'in_transit'],
      ['DD', undefined, undefined, 'in_transit'],
      ['W', undefined, undefined, 'in_transit'],
    ],
    'Delays (046/048/051–053/086/090/132) keep the parcel in transit, even as type X': [
      ['X', 'CR', '046', 'in_transit'],
      ['X', 'EJ', '048', 'in_transit'],
      ['X', 'CR', '051', 'in_transit'],
      ['X', 'EJ', '052', 'in_transit'],
      ['X', 'EJ', '053', 'in_transit'],
      ['X', '1B', '086', 'in_transit'],
      ['I', '1B', '090', 'in_transit'],
      ['X', 'EK', '132', 'in_transit'],
    ],
    'OutForDelivery: 006/021/037/072/078/089/091/146/162': [
      ['I', 'OF', '006', 'out_for_delivery'],
      ['I', 'OT', '021', 'out_for_delivery'],
      ['I', 'OT', '037', 'out_for_delivery'],
      ['I', 'OD', '072', 'out_for_delivery'],
      ['I', 'OT', '078', 'out_for_delivery'],
      ['I', 'OT', '089', 'out_for_delivery'],
      ['I', 'OT', '091', 'out_for_delivery'],
      ['I', 'YF', '146', 'out_for_delivery'],
      ['I', 'YI', '162', 'out_for_delivery'],
    ],
    'AttemptFail: type X with 022/023/024/060/061/062/066/145': [
      ['X', '48', '022', 'attempt_failed'],
      ['X', '48', '023', 'attempt_failed'],
      ['X', '49', '024', 'attempt_failed'],
      ['X', '55', '060', 'attempt_failed'],
      ['X', 'A5', '061', 'attempt_failed'],
      ['X', '51', '062', 'attempt_failed'],
      ['X', 'YT', '066', 'attempt_failed'],
      ['X', '48', '145', 'attempt_failed'],
    ],
    'AvailableForPickup: 017/040/144/161, even when type = D': [
      ['X', '54', '017', 'available_for_pickup'],
      ['D', 'ZP', '040', 'available_for_pickup'],
      ['D', 'EP', '144', 'available_for_pickup'],
      ['D', '2Q', '161', 'available_for_pickup'],
      ['I', 'ZP', '040', 'available_for_pickup'],
      ['D', '2Q', undefined, 'available_for_pickup'],
      ['D', '1N', '011', 'available_for_pickup'],
    ],
    'Delivered: type D with 011/026/143, any D except the pickup-point codes': [
      ['D', 'F4', '011', 'delivered'],
      ['D', 'YC', '026', 'delivered'],
      ['D', 'F7', '143', 'delivered'],
      ['D', 'ML', '155', 'delivered'],
      ['D', undefined, undefined, 'delivered'],
    ],
    'Exception: type X (default), 007, 059/064/068/069/147/149, info required': [
      ['X', 'ZZ', undefined, 'exception'],
      ['X', '99', '013', 'exception'],
      ['X', '1C', '029', 'exception'],
      ['MV', 'VP', '007', 'exception'],
      ['MV', 'VP', undefined, 'exception'],
      ['X', '45', '059', 'exception'],
      ['X', '53', '064', 'exception'],
      ['X', 'BK', '068', 'exception'],
      ['X', '50', '069', 'exception'],
      ['X', 'RQ', '147', 'exception'],
      ['X', '73', '149', 'exception'],
      ['X', 'BO', '050', 'exception'],
      ['X', '40', '058', 'exception'],
      ['X', '43', '124', 'exception'],
      ['X', '29', '125', 'exception'],
    ],
    'ReturnToSender: 033/034/035/036/067/081/118/119 (returning; see the module for 034/067)': [
      ['X', '78', '033', 'returning'],
      ['X', 'RS', '034', 'returning'],
      ['I', 'RS', '035', 'returning'],
      ['I', 'RS', '036', 'returning'],
      ['X', 'RS', '067', 'returning'],
      ['X', '24', '081', 'returning'],
      ['X', 'RS', '118', 'returning'],
      ['X', '78', '119', 'returning'],
      ['D', 'B0', '011', 'returned'],
    ],
    'Unknown: type NA; 148/163': [
      ['NA', undefined, undefined, 'pending'],
      ['NA', undefined, '000', 'pending'],
      ['I', undefined, '148', 'pending'],
      ['X', undefined, '163', 'pending'],
      [undefined, undefined, undefined, 'pending'],
    ],
    '(no change) type U: reported as in transit, the caller ignores it for status': [
      ['U', 'UP', '154', 'in_transit'],
      ['U', 'UT', '153', 'in_transit'],
    ],
  };

  describe.each(Object.entries(rows))('%s', (_row, cases) => {
    it.each(cases)('type %p code %p statusCode %p → %p', (type, code, statusCode, expected) => {
      expect(mapUpsStatus({ type, code, statusCode })).toBe(expected);
    });
  });

  it('accepts the appendix spelling of codes ("3" for "003") and lower case', () => {
    expect(mapUpsStatus({ type: 'm', statusCode: '3' })).toBe('info_received');
    expect(mapUpsStatus({ type: 'x', statusCode: '22' })).toBe('attempt_failed');
    expect(mapUpsStatus({ type: 'd', code: 'zp', statusCode: '40' })).toBe('available_for_pickup');
  });

  it('ignores descriptions, which UPS translates and rewords', () => {
    expect(mapUpsStatus({ type: 'I', statusCode: '005', description: 'DELIVERED' })).toBe('in_transit');
  });

  it('never invents lost or expired: UPS has no code for either', () => {
    const produced = new Set<ShipmentStatus>();
    for (const type of ['D', 'I', 'M', 'MV', 'X', 'DO', 'DD', 'W', 'NA', 'U', 'P', undefined]) {
      for (let code = 0; code <= 169; code++) {
        produced.add(mapUpsStatus({ type, statusCode: String(code).padStart(3, '0') }));
      }
    }
    expect(produced.has('lost')).toBe(false);
    expect(produced.has('expired')).toBe(false);
    expect([...produced].every((status) => SHIPMENT_STATUSES.includes(status))).toBe(true);
  });

  it('flags delay codes', () => {
    expect(['046', '048', '051', '052', '053', '086', '090', '132'].every(isUpsDelayStatus)).toBe(true);
    expect(isUpsDelayStatus('005')).toBe(false);
    expect(isUpsDelayStatus(undefined)).toBe(false);
  });
});

describe('a realistic UPS package for every status UPS can report', () => {
  const { label, pickup, departure, arrival, outForDelivery } = journey;
  const statusOf = (scans: RawScan[], extra?: Record<string, unknown>) =>
    normalizeUpsPackage(upsPackageSchema.parse(rawPackage(TN, scans, extra)), TN).status;

  it('pending: UPS has nothing yet', () => {
    const pkg = {
      trackingNumber: TN,
      currentStatus: { type: 'NA', code: '', statusCode: '163', description: 'Package Information Unavailable' },
    };
    expect(normalizeUpsPackage(upsPackageSchema.parse(pkg), TN).status).toBe('pending');
  });

  it('info_received: a label was created', () => {
    expect(statusOf([label])).toBe('info_received');
  });

  it('in_transit: picked up, moving between hubs', () => {
    expect(statusOf([label, pickup, departure, arrival])).toBe('in_transit');
  });

  it('in_transit: delayed by weather (type X)', () => {
    const delay = destinationScan('070000', { type: 'X', code: 'CR', statusCode: '052', description: 'Delay: Severe Weather' });
    expect(statusOf([label, pickup, departure, arrival, delay])).toBe('in_transit');
  });

  it('out_for_delivery', () => {
    expect(statusOf([label, pickup, departure, arrival, outForDelivery])).toBe('out_for_delivery');
  });

  it('available_for_pickup: delivered to an Access Point', () => {
    const accessPoint = destinationScan('113000', {
      type: 'D',
      code: 'ZP',
      statusCode: '040',
      description: 'Delivered to UPS Access Point™. Awaiting Customer Pickup.',
    });
    expect(statusOf([label, pickup, departure, arrival, outForDelivery, accessPoint])).toBe('available_for_pickup');
  });

  it('attempt_failed: nobody home', () => {
    const attempt = destinationScan('143000', {
      type: 'X',
      code: '48',
      statusCode: '022',
      description: "The receiver was not available for delivery. We'll make a second attempt the next business day.",
    });
    expect(statusOf([label, pickup, departure, arrival, outForDelivery, attempt])).toBe('attempt_failed');
  });

  it('delivered, with the recipient and a signature', () => {
    const delivered = destinationScan('163000', { type: 'D', code: 'F4', statusCode: '011', description: 'DELIVERED' });
    const extra = {
      deliveryDate: [{ type: 'DEL', date: '20261124' }],
      deliveryTime: { type: 'DEL', endTime: '163000' },
      deliveryInformation: { receivedBy: 'DOE', location: 'Front Door', signature: { image: 'iVBORw0KGgo=' } },
    };
    expect(statusOf([label, pickup, departure, arrival, outForDelivery, delivered], extra)).toBe('delivered');
  });

  it('exception: damaged in transit', () => {
    const damage = destinationScan('090000', { type: 'X', code: '45', statusCode: '059', description: 'Damage Reported' });
    expect(statusOf([label, pickup, departure, arrival, damage])).toBe('exception');
  });

  it('returning: refused, on its way back', () => {
    const refused = destinationScan('120000', { type: 'X', code: '53', statusCode: '064', description: 'Delivery Refused' });
    const back = destinationScan('180000', { type: 'X', code: 'RS', statusCode: '034', description: 'Returned to Sender' });
    expect(statusOf([label, pickup, departure, arrival, outForDelivery, refused, back])).toBe('returning');
  });

  it('returned: the delivery scan that follows a return reaches the sender', () => {
    const back = destinationScan('180000', { type: 'X', code: 'RS', statusCode: '035', description: 'Returning to Sender' });
    const atSender = {
      date: '20261127',
      time: '101500',
      type: 'D',
      code: 'F4',
      statusCode: '011',
      description: 'DELIVERED',
      city: 'Atlanta',
      stateProvince: 'GA',
      countryCode: 'US',
      gmtOffset: '-05:00',
    };
    expect(statusOf([label, pickup, departure, arrival, outForDelivery, back, atSender])).toBe('returned');
  });

  it('returned: UPS says so with activity code B0', () => {
    const back = destinationScan('180000', { type: 'X', code: 'RS', statusCode: '033', description: 'Return to Sender Requested' });
    const atSender: RawScan = {
      ...back,
      date: '20261127',
      time: '101500',
      gmtDate: undefined,
      gmtTime: undefined,
      type: 'D',
      code: 'B0',
      statusCode: '011',
      description: 'Delivered to original sender',
    };
    expect(statusOf([label, pickup, back, atSender])).toBe('returned');
  });
});
