import fc from 'fast-check';
import type { TrackingEvent } from '../../../workflows/shared/tracking';
import { ShipmentStatus } from '../../../workflows/shared/vocabulary';
import { ladderRank } from '../../../workflows/shipment/shipment-status-rules';
import { applySnapshot, applyTrackingEvents, initialShipmentState, type ShipmentState } from '../../../workflows/shipment/shipment.state';
import { trackingEvent } from '../../support/tracking-events';

/**
 * A parcel's timeline under random delivery of its carrier events: split into pushes and polls,
 * shuffled, repeated, and carried across worker restarts (the state as plain data). Whatever the
 * order, no event is lost, none appears twice, the timeline stays in time order, the ladder never
 * moves back, and repeats change nothing.
 */
const STATUSES = [
  ShipmentStatus.INFO_RECEIVED,
  ShipmentStatus.IN_TRANSIT,
  ShipmentStatus.IN_TRANSIT,
  ShipmentStatus.OUT_FOR_DELIVERY,
  ShipmentStatus.ATTEMPT_FAILED,
  ShipmentStatus.EXCEPTION,
  ShipmentStatus.AVAILABLE_FOR_PICKUP,
  ShipmentStatus.DELIVERED,
  ShipmentStatus.RETURNING,
] as const;
const START = Date.parse('2026-11-20T08:00:00Z');

/** Up to 12 distinct carrier events; several may share an instant, as carriers' scans do. */
const carrierEvents = fc
  .uniqueArray(fc.record({ minute: fc.integer({ min: 0, max: 600 }), status: fc.constantFrom(...STATUSES), code: fc.integer({ min: 0, max: 3 }) }), {
    minLength: 1,
    maxLength: 12,
    selector: (e) => `${e.minute}:${e.status}:${e.code}`,
  })
  .map((specs) =>
    specs.map((s) => trackingEvent(s.status, new Date(START + s.minute * 60_000).toISOString(), { fingerprint: `${s.status}@${s.minute}#${s.code}` })),
  );

type Delivery = { via: 'push' | 'poll' | 'restart'; picks: number[] };
const deliveries = fc.array(
  fc.record({ via: fc.constantFrom<Delivery['via']>('push', 'poll', 'restart'), picks: fc.array(fc.nat(), { maxLength: 6 }) }),
  { minLength: 1, maxLength: 15 },
);

function play(events: TrackingEvent[], plan: Delivery[]): { state: ShipmentState; delivered: Set<string>; ladderWentBack: boolean } {
  let state = initialShipmentState({ shipmentId: 'shp_p', orderId: 'P-1', carrier: 'ups', trackingNumber: '1Z', trackingUrl: 'u' });
  const delivered = new Set<string>();
  let ladderWentBack = false;
  let polls = 0;
  for (const step of plan) {
    if (step.via === 'restart') {
      state = JSON.parse(JSON.stringify(state)) as ShipmentState;
      continue;
    }
    const batch = step.picks.map((p) => events[p % events.length]);
    const before = ladderRank(state.ladderStatus);
    state =
      step.via === 'push'
        ? applyTrackingEvents(state, batch).state
        : applySnapshot(state, { carrier: 'ups', trackingNumber: '1Z', status: batch.at(-1)?.status ?? ShipmentStatus.PENDING, events: batch }, `digest-${(polls += 1)}`).state;
    if (ladderRank(state.ladderStatus) < before) ladderWentBack = true;
    for (const e of batch) delivered.add(e.fingerprint);
  }
  return { state, delivered, ladderWentBack };
}

describe('shipment timeline under random delivery (property)', () => {
  it('keeps every event once, in time order, with a ladder that never moves back', () => {
    fc.assert(
      fc.property(carrierEvents, deliveries, (events, plan) => {
        const { state, delivered, ladderWentBack } = play(events, plan);
        const fingerprints = state.events.map((e) => e.fingerprint);
        expect(new Set(fingerprints).size).toBe(fingerprints.length);
        expect(new Set(fingerprints)).toEqual(delivered);
        const times = state.events.map((e) => Date.parse(e.occurredAt));
        expect(times).toEqual([...times].sort((a, b) => a - b));
        expect(ladderWentBack).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('a second delivery of everything already seen changes nothing', () => {
    fc.assert(
      fc.property(carrierEvents, deliveries, fc.array(fc.nat(), { minLength: 1, maxLength: 12 }), (events, plan, repeats) => {
        const { state } = play(events, plan);
        const seen = state.events;
        if (seen.length === 0) return;
        const again = applyTrackingEvents(state, repeats.map((r) => seen[r % seen.length]));
        expect(again.changed).toBe(false);
        expect(again.state).toEqual(state);
      }),
      { numRuns: 300 },
    );
  });
});
