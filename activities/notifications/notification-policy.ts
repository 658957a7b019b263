import { Milestone } from '../../workflows/shared/vocabulary';

/**
 * Who hears about what, and when (docs/notification-preferences.md): the customer's choice of
 * channels per milestone, their SMS quiet hours, and the unsubscribes. Plain data and pure
 * functions, apart from the store the activity reads through.
 */

/**
 * The channels a customer chooses between. A local union on purpose: `NotificationChannel` in
 * workflows/shared/vocabulary.ts names only `email` until SMS and push land there; once they do,
 * this can become an alias of it.
 */
export type ChannelName = 'email' | 'sms' | 'push';
export const CHANNEL_NAMES: readonly ChannelName[] = ['email', 'sms', 'push'];

export const MILESTONES: readonly Milestone[] = Object.values(Milestone);

/**
 * Which milestones a channel carries: `all` (every milestone, including ones added later), `none`,
 * or the listed ones.
 */
export type ChannelSelection = Milestone[] | 'all' | 'none';

/**
 * SMS quiet hours, `HH:MM` (24 h) in the customer's time zone. `start` is inside the window, `end`
 * is not; a window whose end is earlier than its start spans midnight (21:00–08:00).
 */
export interface QuietHours {
  start: string;
  end: string;
}

export interface NotificationPreferences {
  channels: Record<ChannelName, ChannelSelection>;
  /** `null`: the customer turned quiet hours off. */
  quietHours: QuietHours | null;
}

/**
 * What a customer with no stored preferences gets (and what a channel left out of a PUT gets):
 * every milestone by email and push; by SMS only the parcel news a customer acts on the same day;
 * no SMS between 21:00 and 08:00 in the customer's time zone.
 */
export const DEFAULT_NOTIFICATION_PREFERENCES: Readonly<NotificationPreferences> = Object.freeze({
  channels: Object.freeze({
    email: 'all',
    sms: Object.freeze([
      Milestone.SHIPPED,
      Milestone.OUT_FOR_DELIVERY,
      Milestone.DELIVERED,
      Milestone.DELIVERY_ATTEMPTED,
      Milestone.AVAILABLE_FOR_PICKUP,
      Milestone.DELAYED,
    ]) as Milestone[],
    push: 'all',
  }),
  quietHours: Object.freeze({ start: '21:00', end: '08:00' }),
});

/** A fresh, mutable copy of the defaults. */
export const defaultNotificationPreferences = (): NotificationPreferences => ({
  channels: {
    email: copySelection(DEFAULT_NOTIFICATION_PREFERENCES.channels.email),
    sms: copySelection(DEFAULT_NOTIFICATION_PREFERENCES.channels.sms),
    push: copySelection(DEFAULT_NOTIFICATION_PREFERENCES.channels.push),
  },
  quietHours: DEFAULT_NOTIFICATION_PREFERENCES.quietHours && { ...DEFAULT_NOTIFICATION_PREFERENCES.quietHours },
});

const copySelection = (selection: ChannelSelection): ChannelSelection => (Array.isArray(selection) ? [...selection] : selection);

/** The platform's opaque reference to a customer: what preferences are keyed by. */
export const CUSTOMER_REF_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;
export const isValidCustomerRef = (value: unknown): value is string => typeof value === 'string' && CUSTOMER_REF_PATTERN.test(value);

/** `HH:MM`, 00:00 to 23:59. */
export const TIME_OF_DAY_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Whether a channel's selection carries a milestone. */
export function selectionIncludes(selection: ChannelSelection, milestone: Milestone): boolean {
  if (selection === 'all') return true;
  if (selection === 'none') return false;
  return selection.includes(milestone);
}

/** The channels the preferences send a milestone on, in CHANNEL_NAMES order. */
export const channelsFor = (preferences: NotificationPreferences, milestone: Milestone): ChannelName[] =>
  CHANNEL_NAMES.filter((channel) => selectionIncludes(preferences.channels[channel], milestone));

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Whether a local time of day (`HH:MM` in the customer's zone) falls in the quiet hours: from `start`
 * (inside) to `end` (outside), across midnight when `end` is earlier. No window, never quiet.
 */
export function isWithinQuietHours(quietHours: QuietHours | null, localTime: string): boolean {
  if (!quietHours) return false;
  const [start, end, now] = [minutesOf(quietHours.start), minutesOf(quietHours.end), minutesOf(localTime)];
  if (start === end) return false;
  return start < end ? now >= start && now < end : now >= start || now < end;
}

/** What the notification activities read preferences and unsubscribes from (MongoDB in the worker). */
export interface NotificationPolicyStore {
  /** The customer's stored preferences, or the defaults (no reference, an unknown one, or nothing stored). */
  preferencesFor(customerRef?: string): Promise<NotificationPreferences>;
  /** Whether the address unsubscribed from the channel; the store hashes it, the address is not kept. */
  isSuppressed(channel: ChannelName, address: string): Promise<boolean>;
}

export function createNotificationPolicyActivities(store: NotificationPolicyStore) {
  return {
    /**
     * The customer's channels per milestone and SMS quiet hours, as plain data for the workflow to
     * record. Holds no personal data; a missing or unknown reference answers the defaults.
     */
    async notificationPreferences(input: { customerRef?: string }): Promise<NotificationPreferences> {
      const { channels, quietHours } = await store.preferencesFor(input.customerRef);
      return {
        channels: { email: copySelection(channels.email), sms: copySelection(channels.sms), push: copySelection(channels.push) },
        quietHours: quietHours ? { start: quietHours.start, end: quietHours.end } : null,
      };
    },
  };
}

export type NotificationPolicyActivities = ReturnType<typeof createNotificationPolicyActivities>;
