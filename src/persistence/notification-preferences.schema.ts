import { Schema } from 'mongoose';
import { CHANNEL_NAMES, MILESTONES, TIME_OF_DAY_PATTERN } from '../../activities/notifications/notification-policy';

/** `all`, `none`, or a list of known milestones, without repeats. */
const isChannelSelection = (value: unknown): boolean =>
  value === 'all' ||
  value === 'none' ||
  (Array.isArray(value) && value.every((m) => (MILESTONES as readonly unknown[]).includes(m)) && new Set(value).size === value.length);

const QuietHoursSchema = new Schema(
  {
    start: { type: String, required: true, match: TIME_OF_DAY_PATTERN },
    end: { type: String, required: true, match: TIME_OF_DAY_PATTERN },
  },
  { _id: false },
);

const ChannelsSchema = new Schema(
  Object.fromEntries(
    CHANNEL_NAMES.map((channel) => [channel, { type: Schema.Types.Mixed, required: true, validate: { validator: isChannelSelection, message: `${channel} is not all, none or a list of milestones` } }]),
  ),
  { _id: false },
);

/**
 * One document per customer, keyed by the platform's opaque `customerRef` (its _id). No name,
 * address or phone: the reference means something only to the platform. `quietHours: null` is
 * "turned off"; a customer without a document gets DEFAULT_NOTIFICATION_PREFERENCES.
 */
export const NotificationPreferencesSchema = new Schema(
  {
    _id: { type: String },
    channels: { type: ChannelsSchema, required: true },
    quietHours: { type: QuietHoursSchema, default: null },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'notification_preferences', versionKey: false },
);

export const NOTIFICATION_PREFERENCES_MODEL = 'NotificationPreferences';
