import { SCENARIOS } from '../../../src/sandbox/scenarios';
import { playTimeline, simulatedToReal } from '../../../src/sandbox/timeline';

const createdAt = new Date('2026-03-02T15:00:00.000Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const at = (realMs: number): Date => new Date(createdAt.getTime() + realMs);
const kinds = (timeline: ReturnType<typeof playTimeline>): string[] => timeline.steps.map((s) => s.kind);

describe(playTimeline.name, () => {
  const delivered = SCENARIOS.delivered;

  it('should show only the label at creation time, at any speed', () => {
    for (const speed of [1, 60, 2000]) {
      const timeline = playTimeline({ createdAt, speed, scenario: delivered }, createdAt);
      expect(kinds(timeline)).toEqual(['label_created']);
      expect(timeline.steps[0].occurredAt).toEqual(createdAt);
    }
  });

  it('should show the label even when the clock lags behind the creation time', () => {
    const timeline = playTimeline({ createdAt, speed: 1, scenario: delivered }, at(-5_000));
    expect(kinds(timeline)).toEqual(['label_created']);
  });

  it('should play in real time at speed 1', () => {
    const before = playTimeline({ createdAt, speed: 1, scenario: delivered }, at(4 * HOUR - 1));
    const after = playTimeline({ createdAt, speed: 1, scenario: delivered }, at(4 * HOUR));
    expect(kinds(before)).toEqual(['label_created']);
    expect(kinds(after)).toEqual(['label_created', 'picked_up']);
    expect(after.steps[1].occurredAt).toEqual(at(4 * HOUR));
  });

  it('should compress simulated time by the speed', () => {
    // At 60×, four simulated hours pass in four real minutes.
    const timeline = playTimeline({ createdAt, speed: 60, scenario: delivered }, at(4 * MINUTE));
    expect(kinds(timeline)).toEqual(['label_created', 'picked_up']);
    expect(timeline.steps[1].occurredAt).toEqual(at(4 * MINUTE));
  });

  it('should finish the delivered scenario in about 94 real seconds at speed 2000', () => {
    const almost = playTimeline({ createdAt, speed: 2000, scenario: delivered }, at(93_000));
    const done = playTimeline({ createdAt, speed: 2000, scenario: delivered }, at(94_000));
    expect(kinds(almost)).not.toContain('delivered');
    expect(kinds(done).at(-1)).toBe('delivered');
    expect(done.nextStepAt).toBeNull();
    expect(done.steps).toHaveLength(delivered.steps.length);
  });

  it('should never date a visible step after now', () => {
    for (const speed of [1, 7, 333, 2000]) {
      for (const realMs of [0, 1_000, 10 * MINUTE, 3 * HOUR, 80 * HOUR]) {
        const now = at(realMs);
        const timeline = playTimeline({ createdAt, speed, scenario: SCENARIOS.returned_to_sender }, now);
        for (const step of timeline.steps) expect(step.occurredAt.getTime()).toBeLessThanOrEqual(now.getTime());
        if (timeline.nextStepAt) expect(timeline.nextStepAt.getTime()).toBeGreaterThan(now.getTime());
      }
    }
  });

  it('should show history from before creation at once', () => {
    const scenario = SCENARIOS.out_for_delivery_then_delivered;
    const timeline = playTimeline({ createdAt, speed: 1, scenario }, createdAt);
    expect(timeline.steps.length).toBeGreaterThan(5);
    expect(timeline.steps[0].occurredAt.getTime()).toBeLessThan(createdAt.getTime());
    expect(kinds(timeline)).not.toContain('out_for_delivery');
    expect(timeline.nextStepAt).toEqual(at(20 * MINUTE));
  });

  it('should report the first estimate until it changes, then the new one', () => {
    const parcel = { createdAt, speed: 1, scenario: SCENARIOS.failed_attempt_then_delivered };
    const start = playTimeline(parcel, createdAt);
    expect(start.estimatedDelivery).toEqual(at(54 * HOUR));
    expect(start.etaRescheduled).toBe(false);

    const afterAttempt = playTimeline(parcel, at(51 * HOUR + 5 * MINUTE));
    expect(kinds(afterAttempt).slice(-2)).toEqual(['delivery_attempted', 'eta_updated']);
    expect(afterAttempt.estimatedDelivery).toEqual(at(78 * HOUR));
    expect(afterAttempt.etaRescheduled).toBe(true);
    expect(afterAttempt.steps.at(-1)?.eta).toEqual(at(78 * HOUR));
  });

  it('should drop the estimate once the parcel is delivered, held, returning or damaged', () => {
    const end = at(1_000 * HOUR);
    for (const scenario of [
      SCENARIOS.delivered,
      SCENARIOS.available_for_pickup,
      SCENARIOS.returned_to_sender,
      SCENARIOS.exception_damaged,
    ]) {
      expect(playTimeline({ createdAt, speed: 1, scenario }, end).estimatedDelivery).toBeNull();
    }
  });

  it('should convert the pickup deadline to real time', () => {
    const timeline = playTimeline({ createdAt, speed: 10, scenario: SCENARIOS.available_for_pickup }, at(6 * HOUR));
    const held = timeline.steps.find((s) => s.kind === 'held_for_pickup');
    expect(held?.holdUntil).toEqual(at(((50 + 168) * HOUR) / 10));
  });

  it('should know nothing of the not_found parcel', () => {
    const timeline = playTimeline({ createdAt, speed: 1, scenario: SCENARIOS.not_found }, at(HOUR));
    expect(timeline).toEqual({
      knownToCarrier: false,
      steps: [],
      estimatedDelivery: null,
      etaRescheduled: false,
      nextStepAt: null,
    });
  });

  it('should refuse a speed that is not positive', () => {
    expect(() => playTimeline({ createdAt, speed: 0, scenario: delivered }, createdAt)).toThrow(RangeError);
    expect(() => simulatedToReal(createdAt, Number.NaN, 1)).toThrow(RangeError);
  });
});
