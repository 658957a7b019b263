import { normalizeUpsPackage } from '../../../activities/carriers/ups/ups.normalize';
import { upsPackageSchema } from '../../../activities/carriers/ups/ups.schemas';
import { SCENARIO_NAMES, SCENARIOS, type Scenario, type ScenarioName } from '../../../src/sandbox/scenarios';
import { playTimeline } from '../../../src/sandbox/timeline';
import {
  SANDBOX_SIGNATURE_PNG_BASE64,
  renderUpsNotFound,
  renderUpsTrackResponse,
} from '../../../src/sandbox/ups/ups-render';
import type { UpsActivity, UpsPackage, UpsTrackResponse } from '../../../src/sandbox/ups/ups-track.types';

const createdAt = new Date('2026-03-02T15:00:00.000Z');
const HOUR = 3_600_000;
const TRACKING = '1ZWAYB010312345678';
const END_OF_TIME = new Date(createdAt.getTime() + 1_000 * HOUR);

function render(scenario: Scenario, now: Date, includeSignature = true): UpsTrackResponse {
  const timeline = playTimeline({ createdAt, speed: 1, scenario }, now);
  return renderUpsTrackResponse({
    inquiryNumber: TRACKING,
    trackingNumber: TRACKING,
    scenario,
    timeline,
    includeSignature,
  });
}

function packageOf(response: UpsTrackResponse): UpsPackage {
  const pkg = response.trackResponse.shipment[0].package?.[0];
  if (!pkg) throw new Error('no package in response');
  return pkg;
}

function finished(name: ScenarioName, includeSignature = true): UpsPackage {
  return packageOf(render(SCENARIOS[name], END_OF_TIME, includeSignature));
}

const statusCodes = (pkg: UpsPackage): string[] => pkg.activity.map((a) => a.status.statusCode);
const gmtInstant = (a: UpsActivity): number =>
  Date.parse(`${a.gmtDate.slice(0, 4)}-${a.gmtDate.slice(4, 6)}-${a.gmtDate.slice(6, 8)}T${a.gmtTime}Z`);

/** Every leaf of the response, with its path. */
function leaves(value: unknown, path = ''): [string, unknown][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
  }
  return [[path, value]];
}

describe(renderUpsTrackResponse.name, () => {
  it.each(SCENARIO_NAMES.filter((n) => n !== 'not_found'))(
    'should type every value of the %s response as a string, except packageCount',
    (name) => {
      for (const [path, value] of leaves(render(SCENARIOS[name], END_OF_TIME))) {
        if (path.endsWith('packageCount')) expect(value).toBe(1);
        else expect({ path, type: typeof value }).toEqual({ path, type: 'string' });
      }
    },
  );

  it.each(SCENARIO_NAMES.filter((n) => n !== 'not_found'))('should list %s activity newest first', (name) => {
    const pkg = finished(name);
    const times = pkg.activity.map(gmtInstant);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(pkg.currentStatus.type).toBeDefined();
  });

  it('should write UPS dates, times and offsets, with local time matching GMT', () => {
    for (const activity of finished('returned_to_sender').activity) {
      expect(activity.date).toMatch(/^\d{8}$/);
      expect(activity.time).toMatch(/^\d{6}$/);
      expect(activity.gmtDate).toMatch(/^\d{8}$/);
      expect(activity.gmtTime).toMatch(/^\d{2}:\d{2}:\d{2}$/);
      expect(activity.gmtOffset).toMatch(/^[+-]\d{2}:\d{2}$/);
      const [hours, minutes] = activity.gmtOffset.slice(1).split(':').map(Number);
      const offsetMs = (activity.gmtOffset.startsWith('-') ? -1 : 1) * (hours * 60 + minutes) * 60_000;
      const local = new Date(gmtInstant(activity) + offsetMs).toISOString();
      expect(`${activity.date}${activity.time}`).toBe(local.slice(0, 19).replace(/[-T:]/g, ''));
    }
  });

  it('should use each place own offset', () => {
    const offsetOf = (pkg: UpsPackage, city: string): string | undefined =>
      pkg.activity.find((a) => a.location.address.city === city)?.gmtOffset;
    const westbound = finished('delivered');
    expect(offsetOf(westbound, 'Ontario')).toBe('-08:00');
    expect(offsetOf(westbound, 'Salt Lake City')).toBe('-07:00');
    expect(offsetOf(westbound, 'Denver')).toBe('-07:00');
    expect(offsetOf(finished('delivered_with_signature'), 'Harrisburg')).toBe('-05:00');
  });

  it('should start with a label scan that carries only the country', () => {
    const pkg = packageOf(render(SCENARIOS.delivered, createdAt));
    expect(pkg.activity).toHaveLength(1);
    expect(pkg.currentStatus).toEqual({
      type: 'M',
      code: 'MP',
      statusCode: '003',
      description: 'Shipper created a label, UPS has not received the package yet. ',
      simplifiedTextDescription: 'Shipment Ready for UPS',
    });
    expect(pkg.activity[0].location.address).toEqual({ country: 'US', countryCode: 'US' });
    expect(pkg.deliveryDate).toEqual([{ type: 'SDD', date: '20260304' }]);
    expect(pkg.deliveryTime).toEqual({ type: 'EOD' });
    expect(pkg.deliveryInformation).toBeUndefined();
  });

  it('should render a delivered parcel with D/F4/011, the delivery date and time, and no signature', () => {
    const pkg = finished('delivered');
    expect(pkg.currentStatus).toMatchObject({
      type: 'D',
      code: 'F4',
      statusCode: '011',
      simplifiedTextDescription: 'Delivered',
    });
    const oldestFirst = statusCodes(pkg).reverse();
    expect(oldestFirst).toEqual(['003', '038', ...Array<string>(8).fill('005'), '021', '011']);
    expect(pkg.deliveryDate).toEqual([{ type: 'DEL', date: pkg.activity[0].date }]);
    expect(pkg.deliveryTime).toEqual({ type: 'DEL', endTime: pkg.activity[0].time });
    expect(pkg.deliveryInformation).toEqual({ receivedBy: '', location: 'Front Door' });
    expect(pkg.packageAddress.map((a) => [a.type, a.address.city])).toEqual([
      ['ORIGIN', 'Commerce'],
      ['DESTINATION', 'Denver'],
    ]);
    expect(pkg.service).toEqual({ code: '003', levelCode: '003', description: 'UPS Ground' });
    expect(pkg.weight.weight).toMatch(/^\d+\.00$/);
  });

  it('should show the out-for-delivery status with an estimated window', () => {
    const scenario = SCENARIOS.out_for_delivery_then_delivered;
    const pkg = packageOf(render(scenario, new Date(createdAt.getTime() + HOUR)));
    expect(pkg.currentStatus).toMatchObject({ type: 'I', code: 'OT', statusCode: '021' });
    expect(pkg.deliveryTime).toMatchObject({ type: 'EDW' });
    const window = pkg.deliveryTime as { startTime: string; endTime: string };
    expect(window.startTime < window.endTime).toBe(true);
    expect(pkg.deliveryDate?.[0].type).toBe('SDD');
  });

  it('should add the signature image to a signed delivery only when asked', () => {
    const signed = finished('delivered_with_signature');
    expect(signed.currentStatus.statusCode).toBe('011');
    expect(signed.deliveryInformation).toEqual({
      receivedBy: 'MORGAN',
      location: 'Front Door',
      signature: { image: SANDBOX_SIGNATURE_PNG_BASE64 },
    });
    expect(Buffer.from(SANDBOX_SIGNATURE_PNG_BASE64, 'base64').subarray(1, 4).toString()).toBe('PNG');
    expect(finished('delivered_with_signature', false).deliveryInformation?.signature).toBeUndefined();
    expect(finished('delivered').deliveryInformation?.signature).toBeUndefined();
  });

  it('should render attempts as 022, keep the attempt current and move the date to RDD', () => {
    const scenario = SCENARIOS.failed_attempt_then_delivered;
    const pkg = packageOf(render(scenario, new Date(createdAt.getTime() + 52 * HOUR)));
    expect(pkg.activity[0].status).toMatchObject({ type: 'I', statusCode: '154' });
    expect(pkg.currentStatus).toMatchObject({
      type: 'X',
      statusCode: '022',
      simplifiedTextDescription: 'First Attempt Made',
    });
    expect(pkg.deliveryDate).toEqual([{ type: 'RDD', date: '20260305' }]);
    expect(statusCodes(finished('failed_attempt_then_delivered'))[0]).toBe('011');
  });

  it('should render an access point delivery as D/ZP/040 with a pickup-by date, then the pickup', () => {
    const scenario = SCENARIOS.available_for_pickup;
    const pkg = packageOf(render(scenario, new Date(createdAt.getTime() + 60 * HOUR)));
    expect(pkg.currentStatus).toMatchObject({ type: 'D', code: 'ZP', statusCode: '040' });
    // Held at 17:00Z on 4 March for 7 days: 10:00 in Denver on 11 March.
    expect(pkg.accessPointInformation).toEqual({ pickupByDate: '20260311' });
    expect(pkg.deliveryDate).toBeUndefined();
    expect(pkg.deliveryInformation).toBeUndefined();

    const collected = finished('available_for_pickup');
    expect(collected.currentStatus).toMatchObject({ type: 'D', statusCode: '011' });
    expect(collected.accessPointInformation).toBeUndefined();
    expect(collected.deliveryInformation).toMatchObject({ receivedBy: 'RILEY' });
  });

  it('should render three attempts then the return leg', () => {
    const pkg = finished('three_failed_attempts_then_returned');
    const codes = statusCodes(pkg).reverse();
    const attempts = codes.filter((c) => ['022', '023', '024'].includes(c));
    expect(attempts).toEqual(['022', '023', '024']);
    expect(codes.slice(-4)).toEqual(['035', '036', '036', '011']);
    // The return ends with a delivery scan at the original sender (activity B0), not with 034.
    expect(pkg.currentStatus).toMatchObject({ type: 'D', code: 'B0', statusCode: '011' });
    expect(pkg.deliveryDate).toBeUndefined();
    expect(pkg.deliveryInformation).toBeUndefined();
  });

  it('should render damage as an X/059 exception', () => {
    const pkg = finished('exception_damaged');
    expect(pkg.currentStatus).toMatchObject({
      type: 'X',
      statusCode: '059',
      simplifiedTextDescription: 'Damage Reported',
    });
    expect(pkg.deliveryDate).toBeUndefined();
  });

  it('should render a delay step with a delay code', () => {
    const base = SCENARIOS.delivered;
    const scenario: Scenario = {
      ...base,
      steps: [...base.steps.slice(0, 3), { ...base.steps[2], at: base.steps[2].at + 1, kind: 'delay' }],
    };
    const pkg = packageOf(render(scenario, END_OF_TIME));
    expect(pkg.currentStatus).toMatchObject({ type: 'X', code: 'CC', statusCode: '048' });
  });

  it('should answer the not_found scenario with the TW0001 warning', () => {
    expect(render(SCENARIOS.not_found, END_OF_TIME)).toEqual(renderUpsNotFound(TRACKING));
  });
});

describe(renderUpsNotFound.name, () => {
  it('should echo the inquiry number with the TW0001 warning and no package', () => {
    expect(renderUpsNotFound('1Z5629230309413682')).toEqual({
      trackResponse: {
        shipment: [
          {
            inquiryNumber: '1Z5629230309413682',
            warnings: [{ code: 'TW0001', message: 'Tracking Information Not Found' }],
          },
        ],
      },
    });
  });
});

describe('renderUpsTrackResponse: pickup and access points', () => {
  const hoursAfter = (h: number) => new Date(createdAt.getTime() + h * HOUR);
  const polled = (pkg: UpsPackage) => normalizeUpsPackage(upsPackageSchema.parse(pkg), TRACKING);

  it('gives a waiting parcel its pickup date, which the adapter reads as holdUntil at the access point', () => {
    const snapshot = polled(packageOf(render(SCENARIOS.available_for_pickup, hoursAfter(60))));
    expect(snapshot.status).toBe('available_for_pickup');
    expect(snapshot.pickup).toEqual({ holdUntil: '2026-03-11', location: { city: 'Denver', region: 'CO', postalCode: '80206', countryCode: 'US' } });
  });

  it('renders delivered_to_access_point as 143 "Delivered to Agent" (type D), then the collection', () => {
    const left = packageOf(render(SCENARIOS.delivered_to_access_point, hoursAfter(51)));
    expect(left.currentStatus).toMatchObject({ type: 'D', statusCode: '143', simplifiedTextDescription: 'Delivered to Agent' });
    expect(left.deliveryInformation).toMatchObject({ location: 'UPS Access Point™' });
    expect(left.accessPointInformation).toBeUndefined();
    const snapshot = polled(left);
    expect(snapshot.status).toBe('delivered');
    expect(snapshot.events.at(-1)).toMatchObject({ status: 'delivered', atAccessPoint: true });

    const collected = polled(finished('delivered_to_access_point'));
    expect(collected.events.map((e) => e.atAccessPoint ?? false).slice(-2)).toEqual([true, false]);
    expect(collected.proofOfDelivery).toMatchObject({ receivedBy: 'RILEY' });
  });
});
