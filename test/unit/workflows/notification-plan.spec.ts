import { DEFAULT_NOTIFICATION_PREFERENCES } from '../../../activities/notifications/notification-policy';
import { DAILY_MESSAGE_CAP, isSuperseded, localClock, overDailyCap, planChannels, quietHoursEnd } from '../../../workflows/order/notification-plan';
import { Milestone } from '../../../workflows/shared/vocabulary';

const QUIET = { start: '21:00', end: '08:00' };
const at = (iso: string) => Date.parse(iso);

describe('notification plan', () => {
  const customer = { name: 'Ada', email: 'ada@example.com', phone: '+14155550123', timeZone: 'America/Chicago', customerRef: 'cus_1' };

  it('sends by every channel the customer has and wants', () => {
    const noon = at('2026-11-26T18:00:00Z'); // 12:00 in Chicago
    expect(planChannels(customer, Milestone.OUT_FOR_DELIVERY, DEFAULT_NOTIFICATION_PREFERENCES, noon)).toEqual([
      { channel: 'email' },
      { channel: 'sms', notBeforeMs: undefined },
      { channel: 'push' },
    ]);
    // SMS only carries the parcel news a customer acts on the same day.
    expect(planChannels(customer, Milestone.ORDER_RECEIVED, DEFAULT_NOTIFICATION_PREFERENCES, noon).map((c) => c.channel)).toEqual(['email', 'push']);
    // No phone, no SMS; no platform customer reference, no push.
    expect(planChannels({ name: 'B', email: 'b@example.com' }, Milestone.DELIVERED, DEFAULT_NOTIFICATION_PREFERENCES, noon).map((c) => c.channel)).toEqual(['email']);
    const smsOnly = { ...DEFAULT_NOTIFICATION_PREFERENCES, channels: { email: 'none' as const, sms: 'all' as const, push: [Milestone.DELIVERED] } };
    expect(planChannels(customer, Milestone.SHIPPED, smsOnly, noon).map((c) => c.channel)).toEqual(['sms']);
  });

  it('holds an SMS until the quiet hours end in the customer’s time zone', () => {
    const lateEvening = at('2026-11-27T04:30:00Z'); // 22:30 in Chicago
    const [, sms] = planChannels(customer, Milestone.DELIVERED, DEFAULT_NOTIFICATION_PREFERENCES, lateEvening);
    expect(new Date(sms.notBeforeMs!).toISOString()).toBe('2026-11-27T14:00:00.000Z'); // 08:00 in Chicago
  });

  it('finds the end of quiet hours across midnight, inside a same-day window, and across a DST change', () => {
    expect(quietHoursEnd(at('2026-11-27T07:59:30Z'), 'UTC', QUIET)).toBe(at('2026-11-27T08:00:00Z'));
    expect(quietHoursEnd(at('2026-11-27T08:00:00Z'), 'UTC', QUIET)).toBeUndefined();
    expect(quietHoursEnd(at('2026-11-27T20:59:00Z'), 'UTC', QUIET)).toBeUndefined();
    expect(quietHoursEnd(at('2026-11-27T13:00:00Z'), 'UTC', { start: '12:00', end: '14:00' })).toBe(at('2026-11-27T14:00:00Z'));
    // Europe/Berlin leaves summer time on 2026-10-25 at 03:00 local: 08:00 that morning is 07:00Z.
    expect(quietHoursEnd(at('2026-10-24T21:00:00Z'), 'Europe/Berlin', QUIET)).toBe(at('2026-10-25T07:00:00Z'));
    expect(quietHoursEnd(at('2026-11-27T02:00:00Z'), 'UTC', undefined)).toBeUndefined();
    expect(quietHoursEnd(at('2026-11-27T02:00:00Z'), 'UTC', { start: '08:00', end: '08:00' })).toBeUndefined();
  });

  it('reads the local day in the customer’s time zone', () => {
    expect(localClock(at('2026-11-27T04:30:00Z'), 'America/Chicago')).toEqual({ minutes: 22 * 60 + 30, day: '2026-11-26' });
    expect(localClock(at('2026-11-27T04:30:00Z'), undefined)).toEqual({ minutes: 4 * 60 + 30, day: '2026-11-27' });
  });

  it('collapses a waiting message that newer news of the same parcel made pointless', () => {
    const waiting = { milestone: Milestone.OUT_FOR_DELIVERY, shipmentId: 'shp_1' };
    expect(isSuperseded(waiting, [{ milestone: Milestone.DELIVERED, shipmentId: 'shp_1' }])).toBe(true);
    expect(isSuperseded(waiting, [{ milestone: Milestone.DELIVERED, shipmentId: 'shp_2' }])).toBe(false);
    expect(isSuperseded(waiting, [{ milestone: Milestone.SHIPPED, shipmentId: 'shp_1' }])).toBe(false);
    expect(isSuperseded({ milestone: Milestone.DELIVERED, shipmentId: 'shp_1' }, [{ milestone: Milestone.RETURNED, shipmentId: 'shp_1' }])).toBe(true);
    // Order-wide news is never collapsed by a parcel's.
    expect(isSuperseded({ milestone: Milestone.DISPUTE_OPENED }, [{ milestone: Milestone.DELIVERED, shipmentId: 'shp_1' }])).toBe(false);
  });

  it('caps messages per channel per day, but never the ones that close a chapter', () => {
    expect(overDailyCap(Milestone.OUT_FOR_DELIVERY, DAILY_MESSAGE_CAP - 1)).toBe(false);
    expect(overDailyCap(Milestone.OUT_FOR_DELIVERY, DAILY_MESSAGE_CAP)).toBe(true);
    expect(overDailyCap(Milestone.DELIVERED, DAILY_MESSAGE_CAP + 5)).toBe(false);
  });
});
