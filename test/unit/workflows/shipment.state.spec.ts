import { applySnapshot, applyTrackingEvents, initialShipmentState, isShipmentFinished } from '../../../workflows/shipment/shipment.state';
import { ShipmentStatus } from '../../../workflows/shared/vocabulary';
import { trackingEvent } from '../../support/tracking-events';

const fresh = () =>
  initialShipmentState({
    shipmentId: 'shp_1',
    orderId: 'A-1',
    carrier: 'ups',
    trackingNumber: '1Z5R89390357567127',
    trackingUrl: 'https://www.ups.com/track?tracknum=1Z5R89390357567127',
  });

describe('shipment reducer', () => {
  it('starts pending at revision 1 and unfinished', () => {
    const sut = fresh();
    expect(sut.status).toBe(ShipmentStatus.PENDING);
    expect(sut.revision).toBe(1);
    expect(isShipmentFinished(sut)).toBe(false);
  });

  it('moves forward through the ladder and records the timeline in time order', () => {
    const { state, statusChanged, newEvents } = applyTrackingEvents(fresh(), [
      trackingEvent(ShipmentStatus.IN_TRANSIT, '2026-11-20T10:00:00-05:00'),
      trackingEvent(ShipmentStatus.INFO_RECEIVED, '2026-11-19T08:00:00-05:00'),
      trackingEvent(ShipmentStatus.OUT_FOR_DELIVERY, '2026-11-21T07:30:00-05:00'),
    ]);
    expect(state.status).toBe(ShipmentStatus.OUT_FOR_DELIVERY);
    expect(state.ladderStatus).toBe(ShipmentStatus.OUT_FOR_DELIVERY);
    expect(statusChanged).toBe(true);
    expect(state.events.map((e) => e.status)).toEqual([
      ShipmentStatus.INFO_RECEIVED,
      ShipmentStatus.IN_TRANSIT,
      ShipmentStatus.OUT_FOR_DELIVERY,
    ]);
    expect(newEvents).toHaveLength(3);
    expect(state.lastEventAt).toBe('2026-11-21T07:30:00-05:00');
    expect(state.revision).toBe(2);
  });

  it('ignores an event it has already seen, even when the carrier rewords it', () => {
    const first = applyTrackingEvents(fresh(), [trackingEvent(ShipmentStatus.IN_TRANSIT, '2026-11-20T10:00:00Z')]).state;
    const again = applyTrackingEvents(first, [
      trackingEvent(ShipmentStatus.IN_TRANSIT, '2026-11-20T10:00:00Z', { description: 'Departed from facility' }),
    ]);
    expect(again.changed).toBe(false);
    expect(again.state).toBe(first);
    expect(again.state.events).toHaveLength(1);
  });

  it('deduplicates repeats inside a single batch', () => {
    const event = trackingEvent(ShipmentStatus.IN_TRANSIT, '2026-11-20T10:00:00Z');
    const { state } = applyTrackingEvents(fresh(), [event, { ...event }, { ...event }]);
    expect(state.events).toHaveLength(1);
  });

  it('never regresses on a late, older event and still keeps it in the timeline', () => {
    const delivered = applyTrackingEvents(fresh(), [trackingEvent(ShipmentStatus.DELIVERED, '2026-11-21T15:00:00Z')]).state;
    const late = applyTrackingEvents(delivered, [trackingEvent(ShipmentStatus.IN_TRANSIT, '2026-11-20T09:00:00Z')]);
    expect(late.state.status).toBe(ShipmentStatus.DELIVERED);
    expect(late.statusChanged).toBe(false);
    expect(late.changed).toBe(true);
    expect(late.state.events.map((e) => e.status)).toEqual([ShipmentStatus.IN_TRANSIT, ShipmentStatus.DELIVERED]);
  });

  it('does not move back down the ladder on a newer event of a lower rung', () => {
    const ofd = applyTrackingEvents(fresh(), [trackingEvent(ShipmentStatus.OUT_FOR_DELIVERY, '2026-11-21T07:00:00Z')]).state;
    const next = applyTrackingEvents(ofd, [trackingEvent(ShipmentStatus.IN_TRANSIT, '2026-11-21T09:00:00Z')]).state;
    expect(next.status).toBe(ShipmentStatus.OUT_FOR_DELIVERY);
  });

  it('shows a newer side state without moving the ladder, and a reattempt clears it', () => {
    const ofd = applyTrackingEvents(fresh(), [trackingEvent(ShipmentStatus.OUT_FOR_DELIVERY, '2026-11-21T07:00:00Z')]).state;
    const failed = applyTrackingEvents(ofd, [trackingEvent(ShipmentStatus.ATTEMPT_FAILED, '2026-11-21T15:00:00Z')]).state;
    expect(failed.status).toBe(ShipmentStatus.ATTEMPT_FAILED);
    expect(failed.ladderStatus).toBe(ShipmentStatus.OUT_FOR_DELIVERY);
    expect(failed.attempts).toBe(1);
    const reattempt = applyTrackingEvents(failed, [trackingEvent(ShipmentStatus.OUT_FOR_DELIVERY, '2026-11-22T07:00:00Z')]).state;
    expect(reattempt.status).toBe(ShipmentStatus.OUT_FOR_DELIVERY);
  });

  it('keeps a newer side state when an older event lifts the ladder', () => {
    const failed = applyTrackingEvents(fresh(), [trackingEvent(ShipmentStatus.ATTEMPT_FAILED, '2026-11-21T15:00:00Z')]).state;
    const older = applyTrackingEvents(failed, [trackingEvent(ShipmentStatus.OUT_FOR_DELIVERY, '2026-11-21T07:00:00Z')]).state;
    expect(older.status).toBe(ShipmentStatus.ATTEMPT_FAILED);
    expect(older.ladderStatus).toBe(ShipmentStatus.OUT_FOR_DELIVERY);
  });

  it('ignores an older side state', () => {
    const transit = applyTrackingEvents(fresh(), [trackingEvent(ShipmentStatus.IN_TRANSIT, '2026-11-21T15:00:00Z')]).state;
    const old = applyTrackingEvents(transit, [trackingEvent(ShipmentStatus.EXCEPTION, '2026-11-20T15:00:00Z')]).state;
    expect(old.status).toBe(ShipmentStatus.IN_TRANSIT);
  });

  it('finishes on delivery and changes nothing afterwards but the timeline', () => {
    const delivered = applyTrackingEvents(fresh(), [trackingEvent(ShipmentStatus.DELIVERED, '2026-11-21T15:00:00Z')]).state;
    expect(isShipmentFinished(delivered)).toBe(true);
    const after = applyTrackingEvents(delivered, [trackingEvent(ShipmentStatus.EXCEPTION, '2026-11-22T15:00:00Z')]).state;
    expect(after.status).toBe(ShipmentStatus.DELIVERED);
  });

  it('compares instants, not strings, across UTC offsets', () => {
    // 10:00-05:00 is 15:00Z, later than 14:00Z, though it sorts earlier as text.
    const { state } = applyTrackingEvents(fresh(), [
      trackingEvent(ShipmentStatus.OUT_FOR_DELIVERY, '2026-11-21T10:00:00-05:00'),
      trackingEvent(ShipmentStatus.IN_TRANSIT, '2026-11-21T14:00:00Z'),
    ]);
    expect(state.events.map((e) => e.status)).toEqual([ShipmentStatus.IN_TRANSIT, ShipmentStatus.OUT_FOR_DELIVERY]);
    expect(state.status).toBe(ShipmentStatus.OUT_FOR_DELIVERY);
  });

  it('drops events whose time cannot be read instead of corrupting the order', () => {
    const { state, changed } = applyTrackingEvents(fresh(), [trackingEvent(ShipmentStatus.IN_TRANSIT, 'yesterday-ish')]);
    expect(changed).toBe(false);
    expect(state.events).toHaveLength(0);
  });

  it('takes estimate, proof of delivery and digest from a polled snapshot', () => {
    const change = applySnapshot(
      fresh(),
      {
        carrier: 'ups',
        trackingNumber: '1Z5R89390357567127',
        status: ShipmentStatus.DELIVERED,
        events: [trackingEvent(ShipmentStatus.DELIVERED, '2026-11-21T15:00:00Z')],
        estimatedDelivery: { date: '2026-11-21' },
        proofOfDelivery: { receivedBy: 'SMITH', place: 'Front Door', hasSignature: false, hasProofOfDelivery: true },
        attempts: 0,
      },
      'digest-1',
    );
    expect(change.state.status).toBe(ShipmentStatus.DELIVERED);
    expect(change.state.estimatedDelivery).toEqual({ date: '2026-11-21' });
    expect(change.state.proofOfDelivery?.receivedBy).toBe('SMITH');
    expect(change.state.lastPollDigest).toBe('digest-1');
    expect(change.changed).toBe(true);
  });

  it('treats a snapshot that only restates what is known as no change', () => {
    const snapshot = {
      carrier: 'ups' as const,
      trackingNumber: '1Z5R89390357567127',
      status: ShipmentStatus.IN_TRANSIT,
      events: [trackingEvent(ShipmentStatus.IN_TRANSIT, '2026-11-21T15:00:00Z')],
    };
    const first = applySnapshot(fresh(), snapshot, 'd1').state;
    const second = applySnapshot(first, snapshot, 'd1');
    expect(second.changed).toBe(false);
    expect(second.state.revision).toBe(first.revision);
  });
});
