import type { NotificationPreferences } from '../../activities/notifications/notification-policy';
import { Milestone, NotificationChannel } from '../shared/vocabulary';
import type { CustomerContact } from './order.types';

/**
 * Which channels carry a milestone, when an SMS may go out, and which waiting message a newer one
 * makes pointless. Pure and deterministic: the order workflow calls it with its own clock.
 */

export interface PlannedChannel {
  channel: NotificationChannel;
  /** Epoch ms before which the message must wait (SMS quiet hours), if any. */
  notBeforeMs?: number;
}

/**
 * Per order, per channel and per customer-local day. It stops a flapping carrier (estimates moving
 * back and forth, repeated attempts) from flooding a customer; the news a customer must not miss
 * (delivered, a return, a loss, a dispute) is exempt.
 */
export const DAILY_MESSAGE_CAP = 8;
const EXEMPT_FROM_CAP: ReadonlySet<Milestone> = new Set([
  Milestone.DELIVERED,
  Milestone.RETURNING,
  Milestone.RETURNED,
  Milestone.LOST,
  Milestone.DISPUTE_OPENED,
  Milestone.DISPUTE_RESOLVED,
]);

export function planChannels(customer: CustomerContact, milestone: Milestone, preferences: NotificationPreferences, nowMs: number): PlannedChannel[] {
  const wants = (channel: NotificationChannel) => {
    const choice = preferences.channels[channel] ?? 'none';
    return choice === 'all' || (Array.isArray(choice) && choice.includes(milestone));
  };
  const planned: PlannedChannel[] = [];
  if (customer.email && wants(NotificationChannel.EMAIL)) planned.push({ channel: NotificationChannel.EMAIL });
  if (customer.phone && wants(NotificationChannel.SMS)) {
    planned.push({ channel: NotificationChannel.SMS, notBeforeMs: quietHoursEnd(nowMs, customer.timeZone, preferences.quietHours ?? undefined) });
  }
  if (customer.customerRef && wants(NotificationChannel.PUSH)) planned.push({ channel: NotificationChannel.PUSH });
  return planned;
}

/** Minutes since local midnight, and the local day, at `ms` in `timeZone` (UTC when unknown). */
export function localClock(ms: number, timeZone: string | undefined): { minutes: number; day: string } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: timeZone ?? 'UTC',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return { minutes: Number(part('hour')) * 60 + Number(part('minute')), day: `${part('year')}-${part('month')}-${part('day')}` };
}

const toMinutes = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
};

/**
 * When the quiet hours around `nowMs` end, in epoch ms; undefined outside them. Quiet hours may
 * span midnight (21:00–08:00). Found by stepping minute-accurate from the local clock, so daylight
 * saving changes land on the right instant.
 */
export function quietHoursEnd(nowMs: number, timeZone: string | undefined, quiet: { start: string; end: string } | undefined): number | undefined {
  if (!quiet) return undefined;
  const start = toMinutes(quiet.start);
  const end = toMinutes(quiet.end);
  if (start === end) return undefined;
  const inside = (minutes: number) => (start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end);
  const { minutes } = localClock(nowMs, timeZone);
  if (!inside(minutes)) return undefined;
  // Jump close by arithmetic, then settle by checking the local clock (DST can shift by an hour).
  const untilEnd = ((end - minutes + 24 * 60) % (24 * 60)) * 60_000;
  let candidate = nowMs - (nowMs % 60_000) + untilEnd;
  for (let step = 0; step < 120 && inside(localClock(candidate, timeZone).minutes); step++) candidate += 60_000;
  for (let step = 0; step < 120 && !inside(localClock(candidate - 60_000, timeZone).minutes) && candidate - 60_000 > nowMs; step++) candidate -= 60_000;
  return candidate;
}

/** How far along its journey a parcel milestone says the parcel is; later news makes earlier news stale. */
const PARCEL_RANK: Partial<Record<Milestone, number>> = {
  [Milestone.SHIPPED]: 1,
  [Milestone.DELAYED]: 2,
  [Milestone.OUT_FOR_DELIVERY]: 3,
  [Milestone.DELIVERY_ATTEMPTED]: 4,
  [Milestone.AVAILABLE_FOR_PICKUP]: 5,
  [Milestone.DELIVERED]: 6,
  [Milestone.RETURNING]: 6,
  [Milestone.RETURNED]: 7,
  [Milestone.LOST]: 7,
};

export interface SentMilestone {
  milestone: Milestone;
  shipmentId?: string;
}

/**
 * A waiting message is collapsed when a newer milestone of the same parcel (or of the order, for
 * order-wide ones) has since been planned: "out for delivery" is pointless once "delivered" is out.
 */
export function isSuperseded(waiting: SentMilestone, newer: readonly SentMilestone[]): boolean {
  const rank = PARCEL_RANK[waiting.milestone];
  if (rank === undefined) return false;
  return newer.some((n) => (n.shipmentId === waiting.shipmentId || waiting.shipmentId === undefined) && (PARCEL_RANK[n.milestone] ?? 0) > rank);
}

/** Whether one more message on this channel today would pass the cap. */
export function overDailyCap(milestone: Milestone, sentToday: number): boolean {
  return !EXEMPT_FROM_CAP.has(milestone) && sentToday >= DAILY_MESSAGE_CAP;
}
