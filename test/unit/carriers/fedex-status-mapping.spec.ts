import { normalizeFedexTrackResult } from '../../../activities/carriers/fedex/fedex.normalize';
import { fedexTrackResultSchema } from '../../../activities/carriers/fedex/fedex.schemas';
import {
  isFedexDelayCode,
  mapFedexCode,
  mapFedexLatestStatus,
  mapFedexScan,
} from '../../../activities/carriers/fedex/fedex.status-mapping';
import { type ShipmentStatus, SHIPMENT_STATUSES } from '../../../workflows/shared/vocabulary';
import {
  delivered,
  destinationScan,
  journey,
  notAvailable,
  type RawScan,
  rawTrackResult,
  RETURNING_LATEST,
  returningToShipper,
  TN,
} from '../../fixtures/fedex/fedex-payloads';

/** A list of codes written as FedEx's table prints them, space-separated. */
const codes = (list: string): string[] => list.split(' ');

describe('mapFedexCode', () => {
  // One block per row of the mapping table in carriers.md §2.4.
  const rows: Record<string, [string[], ShipmentStatus]> = {
    'InfoReceived: IN, OC, OX': [['IN', 'OC', 'OX'], 'info_received'],
    'InTransit: movement and clearance codes': [
      codes('PU PX IT IX AR AF AO AE AA AC AX DP LO OF FD SF PL PF PM EA EO TR OW CC CP'),
      'in_transit',
    ],
    'InTransit with the delayed flag: RL, DY, DD, PD': [['RL', 'DY', 'DD', 'PD'], 'in_transit'],
    'OutForDelivery: OD, ED, AD': [['OD', 'ED', 'AD'], 'out_for_delivery'],
    'AvailableForPickup: HL, HP': [['HL', 'HP'], 'available_for_pickup'],
    'Delivered: DL': [['DL'], 'delivered'],
    'Exception: SE, DE, CD, CA': [['SE', 'DE', 'CD', 'CA'], 'exception'],
    'ReturnToSender: RS': [['RS'], 'returning'],
  };

  it.each(Object.entries(rows))('maps %s', (_row, [list, expected]) => {
    for (const code of list) expect({ code, status: mapFedexCode(code) }).toEqual({ code, status: expected });
  });

  it('maps the pickup stage, which carriers.md does not list, as info_received: FedEx does not have the parcel yet', () => {
    for (const code of ['AP', 'EP', 'DS', 'DR']) expect(mapFedexCode(code)).toBe('info_received');
  });

  // Every code of FedEx's "Tracking Status Codes" table (carrier-specs/fedex/Tracking-Status-Codes.html),
  // with the spelling of the table ("Ow"). Codes the mapping leaves open fall back in mapFedexScan.
  const OFFICIAL_CODES = codes(
    'PF AA PL AC PM AD PU AF PX AO RR AP RM AR RC AX RS CA RP CH LP DD RG DE RD DL SE DP SF DR SP DS TR DY EA CC ED CD EO CP EP FD HL HP IT IX LO OC OD OF Ow OX PD',
  );

  it.each(OFFICIAL_CODES)('gives the official code %s a status as a scan', (code) => {
    const status = mapFedexScan({ eventType: code, derivedStatusCode: '' });
    expect(SHIPMENT_STATUSES).toContain(status);
    expect(['pending', 'lost', 'expired', 'returned']).not.toContain(status);
  });

  it('leaves notices without a movement meaning to the in_transit fallback', () => {
    for (const code of codes('CH SP RR RM RC RP LP RG RD')) {
      expect(mapFedexCode(code)).toBeUndefined();
      expect(mapFedexScan({ eventType: code })).toBe('in_transit');
    }
  });

  it('is case- and space-insensitive, and says nothing about an empty code', () => {
    expect(mapFedexCode(' dl ')).toBe('delivered');
    expect(mapFedexCode('')).toBeUndefined();
    expect(mapFedexCode(undefined)).toBeUndefined();
  });
});

describe('mapFedexScan', () => {
  it('maps by event type, because derived codes on scans are lossy', () => {
    expect(mapFedexScan({ eventType: 'OD', derivedStatusCode: 'IT' })).toBe('out_for_delivery');
    expect(mapFedexScan({ eventType: 'AR', derivedStatusCode: 'IT' })).toBe('in_transit');
    expect(mapFedexScan({ eventType: 'HP', derivedStatusCode: 'IT' })).toBe('available_for_pickup');
    expect(mapFedexScan({ eventType: 'OC', derivedStatusCode: 'IN' })).toBe('info_received');
  });

  it('does not read the RS quirk (derived DL) as a delivery', () => {
    expect(mapFedexScan({ eventType: 'RS', derivedStatusCode: 'DL' })).toBe('returning');
  });

  it('falls back to the derived code for an undocumented event type, then to in_transit', () => {
    expect(mapFedexScan({ eventType: 'ZZ', derivedStatusCode: 'DL' })).toBe('delivered');
    expect(mapFedexScan({ eventType: 'ZZ', derivedStatusCode: 'QQ' })).toBe('in_transit');
    expect(mapFedexScan({ derivedStatusCode: 'PU' })).toBe('in_transit');
    expect(mapFedexScan({})).toBe('pending');
  });

  it.each([
    ['08', 'Customer not available or business closed', 'attempt_failed'],
    ['007', '', 'attempt_failed'],
    ['', 'Customer not available or business closed', 'attempt_failed'],
    ['060G', '', 'returning'],
    ['', 'Returning package to shipper', 'returning'],
    ['A47', 'FedEx redirected your package to a nearby FedEx location', 'exception'],
    ['', '', 'exception'],
  ])('refines DE with exception %p %p to %p', (exceptionCode, exceptionDescription, expected) => {
    expect(mapFedexScan({ eventType: 'DE', derivedStatusCode: 'DE', exceptionCode, exceptionDescription })).toBe(expected);
  });

  it('compares reason codes verbatim: 7 is not 007', () => {
    expect(mapFedexScan({ eventType: 'DE', exceptionCode: '7' })).toBe('exception');
  });
});

describe('mapFedexLatestStatus', () => {
  it('prefers derivedCode over code', () => {
    // Live answer: "At FedEx destination facility", derived "Running Late".
    expect(mapFedexLatestStatus({ code: 'FD', derivedCode: 'RL' })).toBe('in_transit');
    expect(mapFedexLatestStatus({ code: 'OC', derivedCode: 'IN' })).toBe('info_received');
    expect(mapFedexLatestStatus({ code: 'OD', derivedCode: 'OD' })).toBe('out_for_delivery');
    expect(mapFedexLatestStatus({ code: 'HP', derivedCode: 'HL' })).toBe('available_for_pickup');
    expect(mapFedexLatestStatus({ code: 'PU', derivedCode: '' })).toBe('in_transit');
    expect(mapFedexLatestStatus({})).toBe('pending');
  });

  it('never reads an RS status as delivered, whatever its derived code', () => {
    expect(mapFedexLatestStatus({ code: 'RS', derivedCode: 'DL' })).toBe('returning');
  });

  it('reads DE as an attempt when FedEx counts attempts, names the reason, or says so in the commit message', () => {
    expect(mapFedexLatestStatus({ code: 'DE', derivedCode: 'DE', deliveryAttempts: 1 })).toBe('attempt_failed');
    expect(mapFedexLatestStatus({ code: 'DE', derivedCode: 'DE', reasons: [{ code: '08' }] })).toBe('attempt_failed');
    for (const commitMessage of ['FIRST_DELIVERY_ATTEMPTED', 'SUBSEQUENT_DELIVERY_ATTEMPTED', 'FINAL_DELIVERY_ATTEMPTED']) {
      expect(mapFedexLatestStatus({ code: 'DE', derivedCode: 'DE', commitMessage })).toBe('attempt_failed');
    }
    expect(mapFedexLatestStatus({ code: 'DE', derivedCode: 'DE', deliveryAttempts: 0 })).toBe('exception');
  });

  it('reads DE with ancillary reason 060G as returning, even after counted attempts', () => {
    expect(mapFedexLatestStatus({ code: 'DE', derivedCode: 'DE', deliveryAttempts: 3, reasons: [{ code: '060G' }] })).toBe('returning');
  });

  it('reads a held-for-pickup commit message as available_for_pickup while the parcel is on its way', () => {
    expect(mapFedexLatestStatus({ code: 'AR', derivedCode: 'IT', commitMessage: 'HELD_PACKAGE_AVAILABLE_FOR_RECIPIENT_PICKUP' })).toBe(
      'available_for_pickup',
    );
    expect(
      mapFedexLatestStatus({ code: 'AR', derivedCode: 'IT', commitMessage: 'HELD_PACKAGE_AVAILABLE_FOR_RECIPIENT_PICKUP_WITH_ADDRESS' }),
    ).toBe('available_for_pickup');
    expect(mapFedexLatestStatus({ code: 'AR', derivedCode: 'IT', commitMessage: 'HELD_PACKAGE_NOT_AVAILABLE_FOR_RECIPIENT_PICKUP' })).toBe(
      'in_transit',
    );
    expect(mapFedexLatestStatus({ code: 'DL', derivedCode: 'DL', commitMessage: 'HELD_PACKAGE_AVAILABLE_FOR_RECIPIENT_PICKUP' })).toBe(
      'delivered',
    );
  });
});

describe('isFedexDelayCode', () => {
  it('flags running late and the delays only', () => {
    expect(['RL', 'DY', 'DD', 'PD', 'dy'].map(isFedexDelayCode)).toEqual([true, true, true, true, true]);
    expect(['IT', 'DE', 'CD', '', undefined].map(isFedexDelayCode)).toEqual([false, false, false, false, false]);
  });
});

describe('realistic payloads, one per unified status', () => {
  const statusOf = (scans: RawScan[], extra: Record<string, unknown> = {}) =>
    normalizeFedexTrackResult(fedexTrackResultSchema.parse(rawTrackResult(TN, scans, extra)), TN).status;
  const { label, pickup, departure, arrival, outForDelivery } = journey;

  const cases: [ShipmentStatus, RawScan[], Record<string, unknown>][] = [
    ['pending', [], {}],
    ['info_received', [label], {}],
    ['in_transit', [label, pickup, departure, arrival], {}],
    ['out_for_delivery', [label, pickup, departure, arrival, outForDelivery], {}],
    [
      'available_for_pickup',
      [
        label,
        pickup,
        arrival,
        destinationScan('13:26:00', {
          eventType: 'HP',
          eventDescription: 'Ready for recipient pickup',
          derivedStatusCode: 'IT',
          exceptionDescription: 'Package available for pickup at: 2420 N BLACKSTONE AVE',
        }),
      ],
      { serviceCommitMessage: { type: 'HELD_PACKAGE_AVAILABLE_FOR_RECIPIENT_PICKUP', message: 'Package available for pickup' } },
    ],
    [
      'attempt_failed',
      [label, pickup, arrival, outForDelivery, notAvailable],
      { deliveryDetails: { deliveryAttempts: '1' }, serviceCommitMessage: { type: 'FIRST_DELIVERY_ATTEMPTED', message: '' } },
    ],
    [
      'delivered',
      [label, pickup, arrival, outForDelivery, delivered],
      { deliveryDetails: { deliveryAttempts: '0', receivedByName: 'D.HERRERA' } },
    ],
    [
      'exception',
      [label, pickup, destinationScan('10:00:00', { eventType: 'SE', eventDescription: 'Shipment exception', derivedStatusCode: 'SE' })],
      {},
    ],
    [
      'returning',
      [label, pickup, arrival, outForDelivery, notAvailable, returningToShipper],
      { latestStatusDetail: { ...RETURNING_LATEST, scanLocation: {} }, deliveryDetails: { deliveryAttempts: '1' } },
    ],
    [
      'returned',
      [
        label,
        pickup,
        arrival,
        notAvailable,
        returningToShipper,
        { ...journey.departure, date: '2026-11-25T08:00:00-08:00', city: 'FRESNO', stateOrProvinceCode: 'CA' },
        { ...delivered, date: '2026-11-27T10:15:00-06:00', city: 'MEMPHIS', stateOrProvinceCode: 'TN', postalCode: '38118' },
      ],
      {},
    ],
  ];

  it.each(cases)('yields %p', (expected, scans, extra) => {
    expect(statusOf(scans, extra)).toBe(expected);
  });

  it('covers every status a carrier can report (lost and expired are Waybill conclusions, never FedEx codes)', () => {
    const covered = new Set(cases.map(([status]) => status));
    expect(SHIPMENT_STATUSES.filter((status) => !covered.has(status))).toEqual(['lost', 'expired']);
  });
});
