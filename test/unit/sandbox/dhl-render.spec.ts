import { normalizeDhlShipment } from '../../../activities/carriers/dhl/dhl.normalize';
import { dhlTrackResponseSchema } from '../../../activities/carriers/dhl/dhl.schemas';
import { renderDhlShipment, renderDhlTrackResponse } from '../../../src/sandbox/dhl/dhl-render';
import type { DhlShipment } from '../../../src/sandbox/dhl/dhl-track.types';
import type { StepKind } from '../../../src/sandbox/scenario.types';
import { SCENARIO_NAMES, SCENARIOS, type ScenarioName } from '../../../src/sandbox/scenarios';
import { playTimeline, simulatedToReal } from '../../../src/sandbox/timeline';
import type { ShipmentStatus } from '../../../workflows/shared/vocabulary';

const TN = '3318810025';
const CREATED = new Date('2026-03-02T15:00:00.000Z');
const SPEED = 60;
const HOUR = 60;

const timelineAt = (scenario: ScenarioName, simulatedMinutes: number) =>
  playTimeline({ createdAt: CREATED, speed: SPEED, scenario: SCENARIOS[scenario] }, simulatedToReal(CREATED, SPEED, simulatedMinutes));

const shipmentAt = (scenario: ScenarioName, simulatedMinutes: number): DhlShipment => {
  const shipment = renderDhlShipment({ trackingNumber: TN, scenario: SCENARIOS[scenario], timeline: timelineAt(scenario, simulatedMinutes) });
  if (!shipment) throw new Error(`${scenario} rendered nothing`);
  return shipment;
};

/** What Waybill must read from DHL's scan for each kind of step, on the way out and on the way back. */
const EXPECTED: Readonly<Record<Exclude<StepKind, 'eta_updated'>, [outbound: ShipmentStatus, homebound: ShipmentStatus]>> = {
  label_created: ['info_received', 'info_received'],
  picked_up: ['in_transit', 'returning'],
  arrived_at_facility: ['in_transit', 'returning'],
  departed_facility: ['in_transit', 'returning'],
  in_transit: ['in_transit', 'returning'],
  delay: ['in_transit', 'returning'],
  out_for_delivery: ['out_for_delivery', 'returning'],
  delivered: ['delivered', 'returned'],
  delivered_signed: ['delivered', 'returned'],
  picked_up_by_customer: ['delivered', 'returned'],
  delivery_attempted: ['attempt_failed', 'attempt_failed'],
  held_for_pickup: ['available_for_pickup', 'available_for_pickup'],
  return_to_sender: ['returning', 'returning'],
  returned_to_sender: ['returned', 'returned'],
  exception_damaged: ['exception', 'exception'],
};

describe('renderDhlShipment', () => {
  it('should render DHL Express: scans with a local time, a locality and a description only, newest first', () => {
    const shipment = shipmentAt('delivered', 10 * HOUR);
    expect(shipment.events).toHaveLength(4);
    expect(shipment.events[0]).toEqual({
      // Eight simulated hours at speed 60 are eight real minutes: 15:08Z, 07:08 in Ontario, CA (UTC-8).
      timestamp: '2026-03-02T07:08:00-08:00',
      location: { address: { addressLocality: 'ONTARIO, CA - USA' } },
      description: 'Shipment has departed from a DHL facility ONTARIO - USA',
    });
    expect(shipment.events.at(-1)).toEqual({
      timestamp: '2026-03-02T07:00:00-08:00',
      location: { address: { addressLocality: 'COMMERCE, CA - USA' } },
      description: 'Shipment information received',
    });
    expect(Object.keys(shipment.events[1])).toEqual(['timestamp', 'location', 'description']);
  });

  it('should put the status code on the shipment status only, with the Express status word', () => {
    const shipment = shipmentAt('delivered', 10 * HOUR);
    expect(shipment.status).toEqual({ ...shipment.events[0], statusCode: 'transit', status: 'transit' });
    const damaged = shipmentAt('exception_damaged', 30 * HOUR);
    expect(damaged.status).toMatchObject({ statusCode: 'failure', status: 'exception', description: 'Shipment is damaged' });
    expect(damaged.status.remark).toContain('Damage reported');
  });

  it('should give the whole day as the estimate, in the destination offset, then a window once out for delivery', () => {
    const early = shipmentAt('delivered', 10 * HOUR);
    // 54 simulated hours at speed 60 are 54 real minutes: 15:54Z, 08:54 in Denver (UTC-7).
    expect(early.estimatedTimeOfDelivery).toBe('2026-03-02T08:54:00-07:00');
    expect(early.estimatedDeliveryTimeFrame).toEqual({
      estimatedFrom: '2026-03-02T00:00:00-07:00',
      estimatedThrough: '2026-03-02T08:54:00-07:00',
    });
    expect(early.estimatedTimeOfDeliveryRemark).toBe('By End of Day');
    const onBoard = shipmentAt('delivered', 48 * HOUR);
    expect(onBoard.estimatedDeliveryTimeFrame).toEqual({
      estimatedFrom: '2026-03-02T06:54:00-07:00',
      estimatedThrough: '2026-03-02T08:54:00-07:00',
    });
    expect(onBoard).not.toHaveProperty('estimatedTimeOfDeliveryRemark');
    expect(shipmentAt('delivered', 53 * HOUR)).not.toHaveProperty('estimatedTimeOfDelivery');
  });

  it('should move the estimate without a scan of its own when the date changes', () => {
    const before = shipmentAt('failed_attempt_then_delivered', 51 * HOUR);
    const after = shipmentAt('failed_attempt_then_delivered', 52 * HOUR);
    expect(after.events).toHaveLength(before.events.length);
    expect(after.estimatedTimeOfDelivery).not.toBe(before.estimatedTimeOfDelivery);
  });

  it('should name the signer "Delivered" when nobody signed, as Express does, and the signer otherwise', () => {
    expect(shipmentAt('delivered', 53 * HOUR).details).toMatchObject({
      proofOfDeliverySignedAvailable: false,
      proofOfDelivery: { signed: { '@type': 'Person', name: 'Delivered' }, documentUrl: expect.stringContaining('webpod') },
    });
    expect(shipmentAt('delivered', 53 * HOUR).details.proofOfDelivery).not.toHaveProperty('signatureUrl');
    expect(shipmentAt('delivered_with_signature', 50 * HOUR).details).toMatchObject({
      proofOfDeliverySignedAvailable: true,
      proofOfDelivery: { signed: { name: 'MORGAN' }, signatureUrl: expect.any(String) },
    });
  });

  it('should show the service point while the parcel waits there', () => {
    expect(shipmentAt('available_for_pickup', 49 * HOUR).destination).not.toHaveProperty('servicePoint');
    const waiting = shipmentAt('available_for_pickup', 60 * HOUR);
    expect(waiting.destination.servicePoint).toEqual({ url: expect.stringMatching(/^https:\/\//), label: 'DHL Service Point DENVER' });
    expect(waiting.status).toMatchObject({ statusCode: 'transit', description: 'Shipment is awaiting collection at DHL Service Point' });
  });

  it('should raise returnFlag once the parcel turns back', () => {
    expect(shipmentAt('returned_to_sender', 50 * HOUR).returnFlag).toBe(false);
    expect(shipmentAt('returned_to_sender', 51 * HOUR).returnFlag).toBe(true);
  });

  it('should have one piece, named after the waybill', () => {
    expect(shipmentAt('delivered', 0).details).toMatchObject({ totalNumberOfPieces: 1, pieceIds: [`JD01460000${TN}`] });
  });

  it('should render nothing for a parcel DHL has never heard of', () => {
    const timeline = timelineAt('not_found', 10 * HOUR);
    expect(renderDhlTrackResponse({ trackingNumber: TN, scenario: SCENARIOS.not_found, timeline })).toBeNull();
  });

  describe.each(SCENARIO_NAMES.filter((name) => SCENARIOS[name].knownToCarrier))('scenario %s, step by step', (name) => {
    const scenario = SCENARIOS[name];
    it.each(scenario.steps.map((step, index) => [index, step.kind, step.at] as const))(
      'after step %p (%s) the adapter reads what happened',
      (index, _kind, at) => {
        const timeline = timelineAt(name, Math.max(at, 0));
        const body = renderDhlTrackResponse({ trackingNumber: TN, scenario, timeline });
        const parsed = dhlTrackResponseSchema.parse(JSON.parse(JSON.stringify(body)));
        const snapshot = normalizeDhlShipment(parsed.shipments[0], TN);
        let returning = false;
        const expected: ShipmentStatus[] = [];
        for (const step of timeline.steps) {
          if (step.kind === 'return_to_sender') returning = true;
          if (step.kind !== 'eta_updated') expected.push(EXPECTED[step.kind][returning && step.kind !== 'return_to_sender' ? 1 : 0]);
        }
        expect(timeline.steps.length).toBeGreaterThan(index);
        expect(snapshot.events.map((e) => e.status)).toEqual(expected);
        expect(snapshot.status).toBe(expected.at(-1));
        expect(new Set(snapshot.events.map((e) => e.fingerprint)).size).toBe(snapshot.events.length);
      },
    );
  });
});

describe('renderDhlShipment: pickup and access points', () => {
  const polled = (shipment: DhlShipment) => {
    const [parsed] = dhlTrackResponseSchema.parse({ shipments: [shipment] }).shipments;
    return normalizeDhlShipment(parsed, TN);
  };

  it('names the service point of a waiting parcel, which the adapter reads as the pickup point', () => {
    const snapshot = polled(shipmentAt('available_for_pickup', 60 * HOUR));
    expect(snapshot.status).toBe('available_for_pickup');
    expect(snapshot.pickup).toEqual({ locationName: 'DHL Service Point DENVER', location: { city: 'DENVER, CO - USA' } });
  });

  it('renders delivered_to_access_point as "Delivered - Left in DHL Locker" with the locker as service point', () => {
    const left = shipmentAt('delivered_to_access_point', 51 * HOUR);
    expect(left.status).toMatchObject({ statusCode: 'delivered', description: 'Delivered - Left in DHL Locker' });
    expect(left.destination.servicePoint?.label).toBe('DHL Locker DENVER');
    const snapshot = polled(left);
    expect(snapshot.status).toBe('delivered');
    expect(snapshot.events.at(-1)).toMatchObject({ status: 'delivered', atAccessPoint: true });

    const collected = polled(shipmentAt('delivered_to_access_point', 80 * HOUR));
    expect(collected.events.map((e) => e.atAccessPoint ?? false).slice(-2)).toEqual([true, false]);
  });
});
