import { adaptivePollInterval, estimateMs, phasePollInterval, type PollContext } from '../../../workflows/shipment/polling';
import { ShipmentStatus } from '../../../workflows/shared/vocabulary';
import { TEST_POLL_POLICY } from '../../support/workflow-harness';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-11-26T12:00:00Z');
const policy = { ...TEST_POLL_POLICY, attemptFailedMs: 2 * HOUR };
const at = (status: ShipmentStatus, extra: Partial<PollContext> = {}): number => adaptivePollInterval({ status, now: NOW, ...extra }, policy);

describe('adaptivePollInterval', () => {
  it('is slow before pickup, fast on the delivery day and medium after a failed attempt', () => {
    expect(at(ShipmentStatus.INFO_RECEIVED)).toBe(policy.preTransitMs);
    expect(at(ShipmentStatus.OUT_FOR_DELIVERY)).toBe(policy.outForDeliveryMs);
    expect(at(ShipmentStatus.ATTEMPT_FAILED)).toBe(2 * HOUR);
    expect(at(ShipmentStatus.OUT_FOR_DELIVERY)).toBeLessThan(at(ShipmentStatus.ATTEMPT_FAILED));
    expect(at(ShipmentStatus.ATTEMPT_FAILED)).toBeLessThan(at(ShipmentStatus.IN_TRANSIT));
  });

  it('slows in transit while the estimated delivery is days away, and not once it is near', () => {
    const far = { date: '2026-11-30' };
    const near = { from: '2026-11-27T09:00:00-05:00', to: '2026-11-27T13:00:00-05:00' };
    expect(at(ShipmentStatus.IN_TRANSIT, { estimatedDelivery: far })).toBe(2 * policy.inTransitMs);
    expect(at(ShipmentStatus.IN_TRANSIT, { estimatedDelivery: near })).toBe(policy.inTransitMs);
    expect(at(ShipmentStatus.IN_TRANSIT)).toBe(policy.inTransitMs);
    // Only in transit: a far estimate does not slow the delivery day.
    expect(at(ShipmentStatus.OUT_FOR_DELIVERY, { estimatedDelivery: far })).toBe(policy.outForDeliveryMs);
  });

  it('polls rarely while pushes flow, and as usual once they have gone quiet', () => {
    const recentPush = new Date(NOW - HOUR).toISOString();
    const oldPush = new Date(NOW - 25 * HOUR).toISOString();
    expect(at(ShipmentStatus.OUT_FOR_DELIVERY, { lastPushAt: recentPush })).toBe(4 * policy.outForDeliveryMs);
    expect(at(ShipmentStatus.OUT_FOR_DELIVERY, { lastPushAt: oldPush })).toBe(policy.outForDeliveryMs);
  });

  it('takes the knobs from the policy when it has them', () => {
    const tuned = { ...policy, pushSlowdown: 10, pushFreshMs: HOUR, farEtaSlowdown: 3, farEtaMs: HOUR };
    const context = { status: ShipmentStatus.IN_TRANSIT, now: NOW, lastPushAt: new Date(NOW - 30 * 60_000).toISOString(), estimatedDelivery: { date: '2026-11-27' } };
    expect(adaptivePollInterval(context, tuned)).toBe(30 * policy.inTransitMs);
  });

  it('keeps the phase-only schedule for histories written before it', () => {
    expect(phasePollInterval(ShipmentStatus.ATTEMPT_FAILED, policy)).toBe(policy.outForDeliveryMs);
    expect(phasePollInterval(ShipmentStatus.IN_TRANSIT, policy)).toBe(policy.inTransitMs);
  });
});

describe('estimateMs', () => {
  it('reads the end of a window, a start, or the end of a day, and ignores nonsense', () => {
    expect(estimateMs({ from: '2026-11-27T09:00:00-05:00', to: '2026-11-27T13:00:00-05:00' })).toBe(Date.parse('2026-11-27T18:00:00Z'));
    expect(estimateMs({ from: '2026-11-27T09:00:00-05:00' })).toBe(Date.parse('2026-11-27T14:00:00Z'));
    expect(estimateMs({ date: '2026-11-27' })).toBe(Date.parse('2026-11-27T23:59:59Z'));
    expect(estimateMs({ date: 'soon' })).toBeUndefined();
    expect(estimateMs(undefined)).toBeUndefined();
  });
});
