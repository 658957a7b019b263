import { normalizeFedexTrackResult } from '../../../activities/carriers/fedex/fedex.normalize';
import { fedexTrackResponseSchema, fedexTrackResultSchema } from '../../../activities/carriers/fedex/fedex.schemas';
import {
  FEDEX_NOT_FOUND_ERROR,
  renderFedexCompleteTrackResult,
  renderFedexNotFound,
  renderFedexTrackResult,
} from '../../../src/sandbox/fedex/fedex-render';
import type { FedexTrackResult } from '../../../src/sandbox/fedex/fedex-track.types';
import { SCENARIO_NAMES, SCENARIOS, type Scenario, type ScenarioName } from '../../../src/sandbox/scenarios';
import { STEP_KINDS } from '../../../src/sandbox/scenario.types';
import { playTimeline } from '../../../src/sandbox/timeline';
import type { TrackingSnapshot } from '../../../workflows/shared/tracking';

const createdAt = new Date('2026-03-02T15:00:00.000Z');
const HOUR = 3_600_000;
const TRACKING = '712345678903';
const END_OF_TIME = new Date(createdAt.getTime() + 1_000 * HOUR);
const at = (hours: number) => new Date(createdAt.getTime() + hours * HOUR);

function render(scenario: Scenario, now: Date, includeDetailedScans = true): FedexTrackResult {
  const timeline = playTimeline({ createdAt, speed: 1, scenario }, now);
  const result = renderFedexTrackResult({ trackingNumber: TRACKING, scenario, timeline, includeDetailedScans });
  if (!result) throw new Error('FedEx does not know the parcel');
  return result;
}

const finished = (name: ScenarioName) => render(SCENARIOS[name], END_OF_TIME);
/** What the adapter makes of the rendered answer: the contract between emulator and adapter, without HTTP. */
const polled = (result: FedexTrackResult): TrackingSnapshot => normalizeFedexTrackResult(fedexTrackResultSchema.parse(result), TRACKING);
const eventTypes = (result: FedexTrackResult) => (result.scanEvents ?? []).map((e) => e.eventType).reverse();

describe(renderFedexTrackResult.name, () => {
  it.each(SCENARIO_NAMES.filter((n) => n !== 'not_found'))(
    'should render %s in a shape the adapter accepts, scans newest first',
    (name) => {
      const result = finished(name);
      const response = { transactionId: 't', output: { completeTrackResults: [{ trackingNumber: TRACKING, trackResults: [result] }] } };
      expect(fedexTrackResponseSchema.safeParse(response).success).toBe(true);
      const times = (result.scanEvents ?? []).map((e) => Date.parse(e.date));
      expect([...times].sort((a, b) => b - a)).toEqual(times);
      expect(result.deliveryDetails?.deliveryAttempts).toMatch(/^\d+$/);
    },
  );

  it('should render every step kind the scenarios use, and nothing for an estimate change', () => {
    const kinds = new Set(SCENARIO_NAMES.flatMap((name) => SCENARIOS[name].steps.map((s) => s.kind)));
    expect([...kinds].sort()).toEqual([...STEP_KINDS].sort());
    for (const name of SCENARIO_NAMES.filter((n) => n !== 'not_found')) {
      const scans = finished(name).scanEvents ?? [];
      expect(scans).toHaveLength(SCENARIOS[name].steps.filter((s) => s.kind !== 'eta_updated').length);
    }
  });

  it('should write ISO local times with each place its own offset', () => {
    const result = finished('delivered');
    const offsetOf = (city: string) => result.scanEvents?.find((e) => e.scanLocation.city === city)?.date.slice(-6);
    expect(offsetOf('ONTARIO')).toBe('-08:00');
    expect(offsetOf('SALT LAKE CITY')).toBe('-07:00');
    expect(offsetOf('DENVER')).toBe('-07:00');
    for (const scan of result.scanEvents ?? []) expect(scan.date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
    // The delivery at 52 h: 19:00Z on 4 March is noon in Denver.
    expect(result.scanEvents?.[0].date).toBe('2026-03-04T12:00:00-07:00');
  });

  it('should start with an OC/IN label scan that carries only the postal code and country', () => {
    const result = render(SCENARIOS.delivered, createdAt);
    expect(result.scanEvents).toHaveLength(1);
    expect(result.scanEvents?.[0]).toMatchObject({
      eventType: 'OC',
      derivedStatusCode: 'IN',
      derivedStatus: 'Label created',
      locationType: 'CUSTOMER',
    });
    expect(result.scanEvents?.[0].scanLocation).toEqual({ streetLines: [''], postalCode: '90040', countryCode: 'US', residential: false });
    expect(result.latestStatusDetail).toMatchObject({ code: 'OC', derivedCode: 'IN', statusByLocale: 'Initiated' });
    expect(result.dateAndTimes).toEqual([
      { type: 'SHIP', dateTime: '2026-03-02T00:00:00-08:00' },
      { type: 'ESTIMATED_DELIVERY', dateTime: '2026-03-04T00:00:00-07:00' },
    ]);
    expect(result.estimatedDeliveryTimeWindow).toEqual({ window: {} });
    expect(polled(result)).toMatchObject({ status: 'info_received', estimatedDelivery: { date: '2026-03-04' } });
  });

  it('should give movement scans derived IT, as FedEx does', () => {
    const result = render(SCENARIOS.delivered, at(48));
    const scans = [...(result.scanEvents ?? [])].reverse();
    expect(scans.map((s) => `${s.eventType}/${s.derivedStatusCode}`)).toEqual([
      'OC/IN',
      'PU/PU',
      'AR/IT',
      'DP/IT',
      'AR/IT',
      'DP/IT',
      'AR/IT',
      'DP/IT',
      'IT/IT',
      'AR/IT',
      'OD/IT',
    ]);
  });

  it('should show out for delivery with a two-hour window ending at the estimate', () => {
    const result = render(SCENARIOS.out_for_delivery_then_delivered, at(1));
    expect(result.latestStatusDetail).toMatchObject({ code: 'OD', derivedCode: 'OD', statusByLocale: 'On FedEx vehicle for delivery' });
    // The estimate is 6 h after creation: 21:00Z, 15:00 in Chicago.
    expect(result.estimatedDeliveryTimeWindow).toEqual({
      type: 'ESTIMATED_DELIVERY',
      window: { begins: '2026-03-02T13:00:00-06:00', ends: '2026-03-02T15:00:00-06:00' },
    });
    expect(polled(result)).toMatchObject({
      status: 'out_for_delivery',
      estimatedDelivery: { date: '2026-03-02', from: '2026-03-02T13:00:00-06:00', to: '2026-03-02T15:00:00-06:00' },
    });
  });

  it('should render a delivery with its time, a SPOD, and who took it where', () => {
    const result = finished('delivered');
    expect(result.latestStatusDetail).toMatchObject({ code: 'DL', derivedCode: 'DL' });
    expect(result.dateAndTimes?.find((d) => d.type === 'ACTUAL_DELIVERY')?.dateTime).toBe(result.scanEvents?.[0].date);
    expect(result.dateAndTimes?.some((d) => d.type === 'ESTIMATED_DELIVERY')).toBe(false);
    expect(result.availableImages).toEqual([{ type: 'SIGNATURE_PROOF_OF_DELIVERY' }]);
    expect(result.deliveryDetails).toEqual({ deliveryAttempts: '0', locationType: 'RESIDENCE', locationDescription: 'Residence' });
    expect(result.serviceCommitMessage).toBeUndefined();
    expect(polled(result)).toMatchObject({
      status: 'delivered',
      attempts: 0,
      proofOfDelivery: { place: 'Residence', hasSignature: false, hasProofOfDelivery: true },
    });
  });

  it('should name the signer of a signed delivery and require the signature up front', () => {
    const result = finished('delivered_with_signature');
    expect(result.deliveryDetails).toMatchObject({ receivedByName: 'MORGAN', signedByName: 'MORGAN' });
    expect(result.specialHandlings).toEqual([
      { type: 'DIRECT_SIGNATURE_REQUIRED', description: 'Direct Signature Required', paymentType: 'OTHER' },
    ]);
    expect(render(SCENARIOS.delivered_with_signature, at(10)).specialHandlings).toHaveLength(1);
    expect(polled(result).proofOfDelivery).toEqual({
      signedBy: 'MORGAN',
      receivedBy: 'MORGAN',
      place: 'Residence',
      hasSignature: true,
      hasProofOfDelivery: true,
    });
  });

  it('should render an attempt as DE 08 with a counted attempt, then move the estimate a day', () => {
    const result = render(SCENARIOS.failed_attempt_then_delivered, at(52));
    expect(result.scanEvents?.[0]).toMatchObject({
      eventType: 'DE',
      exceptionCode: '08',
      exceptionDescription: 'Customer not available or business closed',
    });
    expect(result.latestStatusDetail).toMatchObject({
      code: 'DE',
      derivedCode: 'DE',
      ancillaryDetails: [expect.objectContaining({ reason: '08' })],
    });
    expect(result.deliveryDetails).toEqual({ deliveryAttempts: '1' });
    expect(result.serviceCommitMessage?.type).toBe('FIRST_DELIVERY_ATTEMPTED');
    expect(result.dateAndTimes).toContainEqual({ type: 'ESTIMATED_DELIVERY', dateTime: '2026-03-05T00:00:00-07:00' });
    expect(polled(result)).toMatchObject({ status: 'attempt_failed', attempts: 1, estimatedDelivery: { date: '2026-03-05' } });
    expect(polled(finished('failed_attempt_then_delivered'))).toMatchObject({ status: 'delivered', attempts: 1 });
  });

  it('should render a hold at a FedEx location as HP (derived IT) with HL status, then the pickup', () => {
    const waiting = render(SCENARIOS.available_for_pickup, at(60));
    expect(waiting.scanEvents?.[0]).toMatchObject({ eventType: 'HP', derivedStatusCode: 'IT' });
    expect(waiting.latestStatusDetail).toMatchObject({ code: 'HP', derivedCode: 'HL', statusByLocale: 'Ready for pickup' });
    expect(waiting.serviceCommitMessage?.type).toBe('HELD_PACKAGE_AVAILABLE_FOR_RECIPIENT_PICKUP');
    expect(polled(waiting).status).toBe('available_for_pickup');

    const collected = finished('available_for_pickup');
    expect(collected.deliveryDetails).toMatchObject({ receivedByName: 'RILEY', locationType: 'FEDEX_LOCATION' });
    expect(polled(collected)).toMatchObject({ status: 'delivered', proofOfDelivery: { receivedBy: 'RILEY', place: 'FedEx location' } });
  });

  it('should render the return with the FedEx quirk: RS scan with derived DL, status DE with reason 060G', () => {
    const turning = render(SCENARIOS.three_failed_attempts_then_returned, at(101));
    expect(turning.scanEvents?.[0]).toMatchObject({ eventType: 'RS', derivedStatusCode: 'DL', derivedStatus: 'Delivered' });
    expect(turning.latestStatusDetail).toMatchObject({
      code: 'DE',
      derivedCode: 'DE',
      ancillaryDetails: [expect.objectContaining({ reason: '060G' })],
    });
    expect(turning.deliveryDetails).toEqual({ deliveryAttempts: '3' });
    expect(turning.serviceCommitMessage?.type).toBe('ESTIMATED_DELIVERY_DATE_UNAVAILABLE');
    expect(polled(turning)).toMatchObject({ status: 'returning', attempts: 3 });
  });

  it('should render the final attempt with FINAL_DELIVERY_ATTEMPTED', () => {
    expect(render(SCENARIOS.three_failed_attempts_then_returned, at(99.5)).serviceCommitMessage?.type).toBe('FINAL_DELIVERY_ATTEMPTED');
    expect(render(SCENARIOS.three_failed_attempts_then_returned, at(75.5)).serviceCommitMessage?.type).toBe(
      'SUBSEQUENT_DELIVERY_ATTEMPTED',
    );
  });

  it.each(['three_failed_attempts_then_returned', 'returned_to_sender'] as const)(
    'should end %s with a DL at the shipper that polls as returned',
    (name) => {
      const result = finished(name);
      expect(eventTypes(result).slice(-4)).toEqual(['RS', 'IT', 'IT', 'DL']);
      expect(result.scanEvents?.[0].scanLocation.city).toBe('COMMERCE');
      const snapshot = polled(result);
      expect(snapshot.status).toBe('returned');
      expect(snapshot.events.slice(-4).map((e) => e.status)).toEqual(['returning', 'returning', 'returning', 'returned']);
      expect(snapshot.events.map((e) => e.status)).not.toContain('delivered');
      expect(snapshot.proofOfDelivery).toBeUndefined();
    },
  );

  it('should render damage as an SE exception without an estimate', () => {
    const result = finished('exception_damaged');
    expect(result.latestStatusDetail).toMatchObject({ code: 'SE', derivedCode: 'SE' });
    expect(result.scanEvents?.[0]).toMatchObject({ eventType: 'SE', exceptionDescription: 'Package damaged' });
    expect(result.serviceCommitMessage?.type).toBe('ESTIMATED_DELIVERY_DATE_UNAVAILABLE');
    expect(polled(result)).toMatchObject({ status: 'exception' });
    expect(polled(result).estimatedDelivery).toBeUndefined();
  });

  it('should render weather delays as DY A52 with a delay detail, and move the estimate twice', () => {
    const delayed = render(SCENARIOS.eta_slips, at(31));
    expect(delayed.scanEvents?.[0]).toMatchObject({
      eventType: 'DY',
      derivedStatusCode: 'DY',
      exceptionCode: 'A52',
      delayDetail: { type: 'WEATHER' },
    });
    expect(delayed.latestStatusDetail).toMatchObject({ code: 'DY', derivedCode: 'DY', delayDetail: { status: 'DELAYED' } });
    expect(polled(delayed)).toMatchObject({ status: 'in_transit', estimatedDelivery: { date: '2026-03-05' } });
    expect(polled(render(SCENARIOS.eta_slips, at(53))).estimatedDelivery).toEqual({ date: '2026-03-06' });
    expect(polled(finished('eta_slips')).status).toBe('delivered');
  });

  it('should leave a stalled parcel at its last scan, still expected', () => {
    const result = finished('stalled_then_lost');
    expect(result.scanEvents?.[0]).toMatchObject({ eventType: 'AR', scanLocation: expect.objectContaining({ city: 'LAS VEGAS' }) });
    expect(polled(result)).toMatchObject({ status: 'in_transit', estimatedDelivery: { date: '2026-03-04' } });
  });

  it('should send only the latest scan when detailed scans are not asked for', () => {
    const result = render(SCENARIOS.delivered, END_OF_TIME, false);
    expect(result.scanEvents).toHaveLength(1);
    expect(result.scanEvents?.[0].eventType).toBe('DL');
  });

  it('should give the same answer for the same moment, and stable fingerprints as the parcel moves', () => {
    expect(render(SCENARIOS.delivered, at(30))).toEqual(render(SCENARIOS.delivered, at(30)));
    const early = polled(render(SCENARIOS.delivered, at(30))).events.map((e) => e.fingerprint);
    const late = polled(finished('delivered')).events.map((e) => e.fingerprint);
    expect(late.slice(0, early.length)).toEqual(early);
  });

  it('should not know a not_found parcel', () => {
    expect(
      renderFedexTrackResult({
        trackingNumber: TRACKING,
        scenario: SCENARIOS.not_found,
        timeline: playTimeline({ createdAt, speed: 1, scenario: SCENARIOS.not_found }, END_OF_TIME),
        includeDetailedScans: true,
      }),
    ).toBeUndefined();
  });
});

describe(renderFedexCompleteTrackResult.name, () => {
  it('should echo the number as sent and fall back to the not-found error', () => {
    const scenario = SCENARIOS.not_found;
    const timeline = playTimeline({ createdAt, speed: 1, scenario }, END_OF_TIME);
    expect(
      renderFedexCompleteTrackResult('7123 4567 8903', { trackingNumber: TRACKING, scenario, timeline, includeDetailedScans: true }),
    ).toEqual(renderFedexNotFound('7123 4567 8903'));
  });
});

describe(renderFedexNotFound.name, () => {
  it('should answer with the per-number NOTFOUND error and empty carrier code', () => {
    expect(renderFedexNotFound('647719948679')).toEqual({
      trackingNumber: '647719948679',
      trackResults: [
        {
          trackingNumberInfo: { trackingNumber: '647719948679', carrierCode: '', trackingNumberUniqueId: '' },
          error: { ...FEDEX_NOT_FOUND_ERROR },
        },
      ],
    });
  });
});

describe('renderFedexTrackResult: pickup and access points', () => {
  it('renders a hold with holdAtLocation and the hold period in the commit message, as FedEx does', () => {
    const waiting = render(SCENARIOS.available_for_pickup, at(60));
    expect(waiting.holdAtLocation).toEqual({
      locationContactAndAddress: {
        address: { streetLines: ['100 MAIN ST'], city: 'DENVER', stateOrProvinceCode: 'CO', countryCode: 'US', residential: false, countryName: 'United States', postalCode: '80206' },
      },
      locationId: 'DENA',
      locationType: 'FEDEX_OFFICE',
    });
    expect(waiting.customDeliveryOptions).toEqual([{ type: 'REDIRECT_TO_HOLD_AT_LOCATION', status: 'HELD' }]);
    // Wednesday 4 March to Wednesday 11 March: six business days.
    expect(waiting.serviceCommitMessage?.message).toBe(
      "Shipment is available for pickup at FedEx Office: 100 MAIN ST. We'll hold the shipment for six business days starting from March 04, 2026.",
    );
    expect(polled(waiting).pickup).toEqual({
      holdUntil: '2026-03-11',
      locationName: 'FedEx Office',
      location: { city: 'DENVER', region: 'CO', postalCode: '80206', countryCode: 'US' },
    });
    expect(finished('available_for_pickup').holdAtLocation).toBeUndefined();
  });

  it('renders delivered_to_access_point as a DL at a FedEx Office location, then the collection', () => {
    const left = render(SCENARIOS.delivered_to_access_point, at(51));
    expect(left.scanEvents?.[0]).toMatchObject({ eventType: 'DL', locationType: 'FEDEX_OFFICE_LOCATION' });
    expect(left.deliveryDetails).toMatchObject({ locationType: 'FEDEX_LOCATION' });
    const snapshot = polled(left);
    expect(snapshot.status).toBe('delivered');
    expect(snapshot.events.at(-1)).toMatchObject({ status: 'delivered', atAccessPoint: true });
    expect(snapshot.pickup).toBeUndefined();

    const collected = polled(finished('delivered_to_access_point'));
    expect(collected.events.map((e) => e.atAccessPoint ?? false).slice(-2)).toEqual([true, false]);
  });
});
