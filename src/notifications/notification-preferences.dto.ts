import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { CUSTOMER_REF_PATTERN, MILESTONES, TIME_OF_DAY_PATTERN, type ChannelSelection, type QuietHours } from '../../activities/notifications/notification-policy';
import type { Milestone } from '../../workflows/shared/vocabulary';

/** Strict, like every request here: an unknown field, channel or milestone is a 400. */

export const CustomerRefSchema = z
  .string()
  .regex(CUSTOMER_REF_PATTERN, 'customerRef is the platform’s reference to the customer: 1-128 letters, digits, "_", ".", ":" or "-"');

export const CustomerRefParamSchema = z.strictObject({ customerRef: CustomerRefSchema });
export class CustomerRefParamDto extends createZodDto(CustomerRefParamSchema) {}

const ChannelSelectionSchema = z.union([
  z.literal('all'),
  z.literal('none'),
  z
    .array(z.enum(MILESTONES as [Milestone, ...Milestone[]]))
    .max(MILESTONES.length)
    .refine((list) => new Set(list).size === list.length, 'a milestone is listed twice'),
]);

const TimeOfDaySchema = z.string().regex(TIME_OF_DAY_PATTERN, 'times are HH:MM, 24-hour (00:00 to 23:59)');

const QuietHoursSchema = z
  .strictObject({ start: TimeOfDaySchema, end: TimeOfDaySchema })
  .refine((q) => q.start !== q.end, 'quietHours start and end must differ; send quietHours: null to turn quiet hours off');

/**
 * PUT replaces the customer's preferences whole: a channel left out, or `quietHours` left out, gets
 * its default; `quietHours: null` turns quiet hours off.
 */
export const PutNotificationPreferencesSchema = z.strictObject({
  channels: z
    .strictObject({ email: ChannelSelectionSchema.optional(), sms: ChannelSelectionSchema.optional(), push: ChannelSelectionSchema.optional() })
    .optional(),
  quietHours: QuietHoursSchema.nullable().optional(),
});
export class PutNotificationPreferencesDto extends createZodDto(PutNotificationPreferencesSchema) {}

export interface NotificationPreferencesView {
  customerRef: string;
  channels: { email: ChannelSelection; sms: ChannelSelection; push: ChannelSelection };
  /** `null`: off. In the customer's time zone (the order's `customer.timeZone`). */
  quietHours: QuietHours | null;
  /** `default`: nothing is stored for this customer; these are the defaults. */
  source: 'stored' | 'default';
  /** ISO 8601; null for defaults. */
  updatedAt: string | null;
}
