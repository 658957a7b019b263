import { normalizeUspsTracking } from '../../../activities/carriers/usps/usps.normalize';
import { uspsTrackingDetailsSchema } from '../../../activities/carriers/usps/usps.schemas';
import { STEP_KINDS } from '../../../src/sandbox/scenario.types';
import { SCENARIO_NAMES, SCENARIOS, type ScenarioName } from '../../../src/sandbox/scenarios';
import { playTimeline, type Timeline } from '../../../src/sandbox/timeline';
import { uspsEventFor } from '../../../src/sandbox/usps/usps-events';
import { renderUspsTrackingDetails, renderUspsTrackingSummary } from '../../../src/sandbox/usps/usps-render';
import type { UspsTrackingDetails } from '../../../src/sandbox/usps/usps-tracking.types';

const TN = '9400192730184689124815';
const CREATED = new Date('2026-03-02T15:00:00.000Z');
const HOUR_MS = 3_600_000;

/** Speed 1: simulated hours are real hours, so times read like the scenario. */
const timelineAt = (scenario: ScenarioName, hours: number): Timeline =>
  playTimeline({ createdAt: CREATED, speed: 1, scenario: SCENARIOS[scenario] }, new Date(CREATED.getTime() + hours * HOUR_MS));
const render = (scenario: ScenarioName, hours: number): UspsTrackingDetails | null =>
  renderUspsTrackingDetails({ trackingNumber: TN, scenario: SCENARIOS[scenario], timeline: timelineAt(scenario, hours) });
const rendered = (scenario: ScenarioName, hours: number): UspsTrackingDetails => {
  const details = render(scenario, hours);
  if (!details) throw new Error(`${scenario} rendered nothing at ${hours} h`);
  return details;
};
const normalized = (details: UspsTrackingDetails) => normalizeUspsTracking(uspsTrackingDetailsSchema.parse(details), TN);

describe('renderUspsTrackingDetails', () => {
  it('has a USPS event for every step kind', () => {
    for (const kind of STEP_KINDS) expect(() => uspsEventFor(kind, { arrivals: 1 })).not.toThrow();
  });

  it('renders nothing (a 404) for a parcel USPS never heard of, or before any scan is visible', () => {
    expect(render('not_found', 200)).toBeNull();
    const future = playTimeline({ createdAt: CREATED, speed: 1, scenario: SCENARIOS.delivered }, new Date(CREATED.getTime() - 1));
    expect(future.steps).toHaveLength(1); // the label at minute 0 is history, always visible
    expect(renderUspsTrackingDetails({ trackingNumber: TN, scenario: SCENARIOS.delivered, timeline: { ...future, steps: [] } })).toBeNull();
  });

  it.each(SCENARIO_NAMES.filter((name) => name !== 'not_found').map((name) => [name]))(
    '%s: every intermediate answer honours the adapter\'s contract, one event per visible step',
    (scenario) => {
      const steps = SCENARIOS[scenario].steps;
      let previous: string[] = [];
      for (const step of steps) {
        const hours = Math.max(step.at, 0) / 60 + 0.01;
        const details = rendered(scenario, hours);
        const snapshot = normalized(details);
        const visible = timelineAt(scenario, hours).steps;
        expect(snapshot.events).toHaveLength(visible.length);
        const fingerprints = snapshot.events.map((e) => e.fingerprint);
        expect(fingerprints.slice(0, previous.length)).toEqual(previous);
        expect(new Set(fingerprints).size).toBe(fingerprints.length);
        previous = fingerprints;
        expect(details.statusCategory).toBe(uspsEventFor(visible[visible.length - 1].kind, { arrivals: 2 }).statusCategory);
      }
    },
  );

  it('writes live-answer types: boolean strings, nulls, local times to the minute, GMT with seconds', () => {
    const details = rendered('delivered', 53);
    expect(details.proofOfDeliveryEnabled).toBe('false');
    const [newest] = details.trackingEvents;
    expect(newest).toMatchObject({ eventCode: '01', eventCountry: null, authorizedAgent: 'false', GMTOffset: '-07:00', firm: null, name: null });
    expect(newest.eventTimestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00$/);
    expect(newest.GMTTimestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(details.mailPieceIntakeDate).toBe('2026-03-02 07:00:00.000000');
  });

  it('names regional facilities, calls the first arrival the origin facility, and leaves transit scans unplaced', () => {
    const events = [...rendered('delivered', 44).trackingEvents].reverse();
    const arrivals = events.filter((e) => e.eventType.startsWith('Arrived'));
    expect(arrivals.map((e) => e.eventCode)).toEqual(['10', 'A1', 'A1', 'A1']);
    expect(arrivals[0]).toMatchObject({ eventCity: 'ONTARIO CA DISTRIBUTION CENTER', eventState: null, eventZIP: null });
    expect(events.find((e) => e.eventCode === 'TL')).toMatchObject({ eventCity: null, eventState: null, eventZIP: null });
  });

  it('quotes an expected day in transit, a two-hour window when out for delivery, nothing once delivered', () => {
    const inTransit = rendered('delivered', 10);
    expect(inTransit).toMatchObject({ expectedDeliveryTimeStamp: '2026-03-04T14:00:00', predictedDeliveryDate: '2026-03-04' });
    expect(inTransit.predictedDeliveryWindowStartTime).toBeUndefined();
    const out = rendered('delivered', 48);
    expect(out).toMatchObject({ predictedDeliveryWindowStartTime: '12:00', predictedDeliveryWindowEndTime: '14:00' });
    expect(normalized(out).estimatedDelivery).toEqual({ date: '2026-03-04', from: '2026-03-04T12:00:00-07:00', to: '2026-03-04T14:00:00-07:00' });
    const done = rendered('delivered', 53);
    expect(done.expectedDeliveryTimeStamp).toBeUndefined();
    expect(normalized(done).estimatedDelivery).toBeUndefined();
  });

  it('moves the expected day when the scenario reschedules', () => {
    expect(rendered('eta_slips', 29).predictedDeliveryDate).toBe('2026-03-04');
    expect(rendered('eta_slips', 31).predictedDeliveryDate).toBe('2026-03-05');
    expect(rendered('eta_slips', 53).predictedDeliveryDate).toBe('2026-03-06');
  });

  it('reports a failed attempt as a Notice Left, then the rescheduling', () => {
    const attempted = rendered('failed_attempt_then_delivered', 51.01);
    expect(attempted).toMatchObject({ statusCategory: 'Delivery Attempt', status: 'Notice Left (No Authorized Recipient Available)' });
    expect(normalized(attempted)).toMatchObject({ status: 'attempt_failed', attempts: 1 });
    const rescheduled = rendered('failed_attempt_then_delivered', 52);
    expect(rescheduled.trackingEvents[0]).toMatchObject({ eventCode: '71', eventType: 'Rescheduled to Next Delivery Day' });
    expect(normalized(rescheduled)).toMatchObject({ status: 'in_transit', attempts: 1, estimatedDelivery: { date: '2026-03-05' } });
  });

  it('holds a parcel for pickup with the day it goes back, then reports the pickup as a delivery', () => {
    const held = rendered('available_for_pickup', 60);
    expect(held).toMatchObject({ statusCategory: 'Available for Pickup', returnDateNotice: '2026-03-11' });
    expect(normalized(held).status).toBe('available_for_pickup');
    const collected = rendered('available_for_pickup', 75);
    expect(collected.trackingEvents[0]).toMatchObject({ eventCode: '43', name: 'RILEY' });
    expect(collected.returnDateNotice).toBeUndefined();
  });

  it('marks the signature service and names the signer', () => {
    const details = rendered('delivered_with_signature', 50);
    expect(details.proofOfDeliveryEnabled).toBe('true');
    expect(details.services).toContain('Signature Confirmation<SUP>&#8482;</SUP>');
    expect(details.trackingEvents[0]).toMatchObject({ eventType: 'Delivered, Left with Individual', name: 'MORGAN' });
  });

  it('sends the parcel back: Return to Sender, the return leg, Delivered To Original Sender', () => {
    const details = rendered('returned_to_sender', 101);
    const codes = [...details.trackingEvents].reverse().map((e) => e.eventCode);
    expect(codes.slice(-4)).toEqual(['09', 'TL', 'TL', '01']);
    expect(details.trackingEvents[0]).toMatchObject({ eventType: 'Delivered, To Original Sender', firm: 'SHIPPING DOCK' });
    const snapshot = normalized(details);
    expect(snapshot.events.slice(-4).map((e) => e.status)).toEqual(['returning', 'returning', 'returning', 'returned']);
    expect(snapshot.status).toBe('returned');
  });

  it('reports damage under Alert without an event code, and a weather delay as Arriving Late', () => {
    const damaged = rendered('exception_damaged', 28);
    expect(damaged).toMatchObject({ statusCategory: 'Alert' });
    expect(damaged.trackingEvents[0].eventCode).toBeNull();
    expect(normalized(damaged).status).toBe('exception');
    const late = rendered('eta_slips', 30.01);
    expect(late.trackingEvents[0]).toMatchObject({ eventType: 'Arriving Late', eventCode: null });
    expect(normalized(late).status).toBe('in_transit');
  });
});

describe('renderUspsTrackingSummary', () => {
  it('puts the status sentence first, then one line per older event, and the estimate', () => {
    const details = rendered('delivered', 48);
    const summary = renderUspsTrackingSummary(details);
    expect(summary.eventSummaries).toHaveLength(details.trackingEvents.length);
    expect(summary.eventSummaries[0]).toBe(details.statusSummary);
    expect(summary.eventSummaries[1]).toBe('Arrived at USPS Regional Facility, 03/04/2026, 3:00 am, COMMERCE CITY CO DISTRIBUTION CENTER');
    expect(summary).toMatchObject({ trackingNumber: TN, expectedDeliveryDate: '2026-03-04', expectedDeliveryTime: '14:00' });
  });
});

describe('renderUspsTrackingDetails: pickup and access points', () => {
  it('gives a held item its returnDateNotice, which the adapter reads as holdUntil at the Post Office', () => {
    expect(normalized(rendered('available_for_pickup', 60)).pickup).toEqual({
      holdUntil: '2026-03-11',
      location: { city: 'DENVER', region: 'CO', postalCode: '80206', countryCode: 'US' },
    });
  });

  it('renders delivered_to_access_point as "Delivered, Parcel Locker" (01), then the collection', () => {
    const left = rendered('delivered_to_access_point', 51);
    expect(left).toMatchObject({ status: 'Delivered, Parcel Locker', statusCategory: 'Delivered' });
    expect(left.trackingEvents[0]).toMatchObject({ eventType: 'Delivered, Parcel Locker', eventCode: '01' });
    expect(left.statusSummary).toMatch(/^Your item was delivered to a parcel locker at /);
    const snapshot = normalized(left);
    expect(snapshot.events.at(-1)).toMatchObject({ status: 'delivered', atAccessPoint: true });

    const collected = normalized(rendered('delivered_to_access_point', 80));
    expect(collected.events.map((e) => e.atAccessPoint ?? false).slice(-2)).toEqual([true, false]);
  });
});
