import {
  afterCarrierRead,
  applyClocks,
  awaitingSecondRead,
  isDeliveryConfirmed,
  manuallyDelivered,
  nextDeadline,
  startLifecycle,
  type CarrierRead,
  type ShipmentLifecycle,
} from '../../../workflows/shipment/shipment-lifecycle';
import { applyTrackingEvents, initialShipmentState } from '../../../workflows/shipment/shipment.state';
import { DEFAULT_LIFECYCLE_POLICY } from '../../../workflows/shared/lifecycle-policy';
import { ShipmentStatus } from '../../../workflows/shared/vocabulary';
import { trackingEvent } from '../../support/tracking-events';

const policy = DEFAULT_LIFECYCLE_POLICY;
const T0 = '2026-11-26T12:00:00.000Z';
const at = (offsetMs: number) => new Date(Date.parse(T0) + offsetMs).toISOString();
const DAY = 24 * 3_600_000;

const inTransit = trackingEvent(ShipmentStatus.IN_TRANSIT, '2026-11-26T07:00:00-05:00');
const attempt = trackingEvent(ShipmentStatus.ATTEMPT_FAILED, '2026-11-27T14:00:00-05:00');
const outAgain = trackingEvent(ShipmentStatus.OUT_FOR_DELIVERY, '2026-11-28T08:00:00-05:00');
const delivered = trackingEvent(ShipmentStatus.DELIVERED, '2026-11-28T13:00:00-05:00');

const read = (source: CarrierRead['source'], events: CarrierRead['events'], newEvents: CarrierRead['newEvents'], status: ShipmentStatus, ladderStatus = status): CarrierRead => ({
  source,
  events,
  newEvents,
  status,
  ladderStatus,
});

const phase = (status: ShipmentStatus, ladderStatus = status) => ({ status, ladderStatus });

describe('shipment lifecycle: delivery confirmation', () => {
  const start = startLifecycle(T0);

  it('confirms a delivery seen by a push and then a poll', () => {
    const pushed = afterCarrierRead(start, read('push', [delivered], [delivered], ShipmentStatus.DELIVERED), policy, at(1000));
    expect(awaitingSecondRead(pushed)).toBe(true);
    expect(isDeliveryConfirmed(pushed)).toBe(false);
    const polled = afterCarrierRead(pushed, read('poll', [inTransit, delivered], [], ShipmentStatus.DELIVERED), policy, at(2000));
    expect(polled.delivery?.confirmedBy).toBe('push_and_poll');
  });

  it('confirms with two polls, but never with two pushes', () => {
    const once = afterCarrierRead(start, read('poll', [delivered], [delivered], ShipmentStatus.DELIVERED), policy, at(1000));
    const twice = afterCarrierRead(once, read('poll', [delivered], [], ShipmentStatus.DELIVERED), policy, at(2000));
    expect(twice.delivery?.confirmedBy).toBe('two_polls');
    const pushedTwice = [1, 2].reduce((l, i) => afterCarrierRead(l, read('push', [delivered], [], ShipmentStatus.DELIVERED), policy, at(i)), start);
    expect(isDeliveryConfirmed(pushedTwice)).toBe(false);
  });

  it('withdraws the evidence when the carrier no longer shows the delivery', () => {
    const pushed = afterCarrierRead(start, read('push', [delivered], [delivered], ShipmentStatus.DELIVERED), policy, at(1000));
    const contradicted = afterCarrierRead(pushed, read('poll', [inTransit], [], ShipmentStatus.DELIVERED), policy, at(2000));
    expect(contradicted.delivery?.reads).toEqual([]);
    expect(awaitingSecondRead(contradicted)).toBe(false);
    expect(isDeliveryConfirmed(contradicted)).toBe(false);
  });

  it('alerts once when a delivery stays unconfirmed past the timeout', () => {
    const pushed = afterCarrierRead(start, read('push', [delivered], [delivered], ShipmentStatus.DELIVERED), policy, T0);
    expect(nextDeadline(pushed, phase(ShipmentStatus.DELIVERED), policy)).toBe(Date.parse(T0) + policy.deliveryConfirmTimeoutMs);
    const overdue = applyClocks(pushed, phase(ShipmentStatus.DELIVERED), policy, at(policy.deliveryConfirmTimeoutMs));
    expect(overdue.lifecycle.delivery?.overdue).toBe(true);
    expect(nextDeadline(overdue.lifecycle, phase(ShipmentStatus.DELIVERED), policy)).toBeUndefined();
  });

  it('takes an admin’s manual delivery as confirmed', () => {
    expect(manuallyDelivered(start, T0).delivery?.confirmedBy).toBe('manual');
  });
});

describe('shipment lifecycle: stalls and losses', () => {
  const start = startLifecycle(T0);

  it('stalls after the phase’s silence, and a new scan clears the stall', () => {
    expect(nextDeadline(start, phase(ShipmentStatus.IN_TRANSIT), policy)).toBe(Date.parse(T0) + policy.stallInTransitMs);
    const early = applyClocks(start, phase(ShipmentStatus.IN_TRANSIT), policy, at(policy.stallInTransitMs - 1));
    expect(early.changed).toBe(false);
    const stalled = applyClocks(start, phase(ShipmentStatus.IN_TRANSIT), policy, at(policy.stallInTransitMs));
    expect(stalled.lifecycle).toMatchObject({ stalledSince: at(policy.stallInTransitMs), stallCount: 1 });
    expect(nextDeadline(stalled.lifecycle, phase(ShipmentStatus.IN_TRANSIT), policy)).toBe(Date.parse(T0) + policy.lostAfterMs);
    const moving = afterCarrierRead(stalled.lifecycle, read('poll', [inTransit], [inTransit], ShipmentStatus.IN_TRANSIT), policy, at(4 * DAY));
    expect(moving.stalledSince).toBeUndefined();
    expect(moving.lastMovementAt).toBe(at(4 * DAY));
    expect(moving.stallCount).toBe(1);
  });

  it('uses shorter silences on the delivery day than in transit', () => {
    expect(nextDeadline(start, phase(ShipmentStatus.OUT_FOR_DELIVERY), policy)).toBe(Date.parse(T0) + policy.stallOutForDeliveryMs);
    expect(nextDeadline(start, phase(ShipmentStatus.PENDING), policy)).toBe(Date.parse(T0) + policy.stallPreTransitMs);
  });

  it('declares a silent parcel lost, or expired if the carrier never took it in', () => {
    const lost = applyClocks(start, phase(ShipmentStatus.IN_TRANSIT), policy, at(policy.lostAfterMs));
    expect(lost.endAs).toBe(ShipmentStatus.LOST);
    expect(lost.lifecycle.declaredLostAt).toBe(at(policy.lostAfterMs));
    expect(applyClocks(start, phase(ShipmentStatus.INFO_RECEIVED), policy, at(policy.lostAfterMs)).endAs).toBe(ShipmentStatus.EXPIRED);
  });

  it('runs no clock for a finished parcel', () => {
    expect(nextDeadline(start, phase(ShipmentStatus.RETURNED), policy)).toBeUndefined();
    expect(applyClocks(start, phase(ShipmentStatus.LOST), policy, at(100 * DAY)).changed).toBe(false);
  });
});

describe('shipment lifecycle: failed attempts', () => {
  it('starts a follow-up clock on a failed attempt, which progress stops and silence makes overdue', () => {
    const start: ShipmentLifecycle = startLifecycle(T0);
    const failed = afterCarrierRead(start, read('poll', [attempt], [attempt], ShipmentStatus.ATTEMPT_FAILED, ShipmentStatus.OUT_FOR_DELIVERY), policy, T0);
    expect(failed.attemptFollowUpDue).toBe(at(policy.attemptFollowUpMs));
    const overdue = applyClocks(failed, phase(ShipmentStatus.ATTEMPT_FAILED, ShipmentStatus.OUT_FOR_DELIVERY), policy, at(policy.attemptFollowUpMs));
    expect(overdue.lifecycle.attemptOverdue).toBe(true);
    const progressed = afterCarrierRead(failed, read('poll', [attempt, outAgain], [outAgain], ShipmentStatus.OUT_FOR_DELIVERY), policy, at(DAY));
    expect(progressed.attemptFollowUpDue).toBeUndefined();
  });
});

describe('access points', () => {
  it('counts a delivered scan to an access point as available for pickup when the policy says so', () => {
    const atLocker = trackingEvent(ShipmentStatus.DELIVERED, '2026-11-28T13:00:00-05:00', { atAccessPoint: true });
    const state = initialShipmentState({ shipmentId: 's', orderId: 'o', carrier: 'ups', trackingNumber: '1Z', trackingUrl: 'u' });
    expect(applyTrackingEvents(state, [atLocker], { accessPointCountsAsPickup: true }).state.status).toBe(ShipmentStatus.AVAILABLE_FOR_PICKUP);
    expect(applyTrackingEvents(state, [atLocker]).state.status).toBe(ShipmentStatus.DELIVERED);
  });
});
