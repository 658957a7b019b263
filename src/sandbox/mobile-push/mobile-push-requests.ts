import { z } from 'zod';

/** The limits docs/push.md sets, in characters (code points). Mirrors the sender's, kept separate on purpose: this side checks the contract. */
export const MOBILE_PUSH_TITLE_MAX_CHARS = 65;
export const MOBILE_PUSH_BODY_MAX_CHARS = 240;

const chars = (what: string, max: number) =>
  z
    .string({ error: `${what} must be a string` })
    .min(1, `${what} must not be empty`)
    .refine((s) => Array.from(s).length <= max, `${what} must be at most ${max} characters`);
const id = (what: string, max = 200) => z.string({ error: `${what} must be a string` }).min(1, `${what} must not be empty`).max(max, `${what} must be at most ${max} characters`);
const milestone = (what: string) => z.string({ error: `${what} must be a string` }).regex(/^[a-z][a-z_]{0,63}$/, `${what} must be a snake_case milestone`);
const url = (what: string) => z.url({ protocol: /^https?$/, error: `${what} must be an http(s) URL` });

/**
 * The notification body of docs/push.md. Strict (unknown fields are refused) so the contract tests
 * catch a sender drifting from the document; a real receiver should ignore fields it does not know.
 */
export const MobilePushNotificationSchema = z
  .strictObject({
    id: id('id', 255),
    type: z.literal('waybill.notification', { error: 'type must be waybill.notification' }),
    createdAt: z.iso.datetime({ offset: true, error: 'createdAt must be an ISO 8601 date-time' }),
    orderId: id('orderId'),
    customerRef: id('customerRef').optional(),
    milestone: milestone('milestone'),
    title: chars('title', MOBILE_PUSH_TITLE_MAX_CHARS),
    body: chars('body', MOBILE_PUSH_BODY_MAX_CHARS),
    data: z.strictObject(
      {
        orderId: id('data.orderId'),
        shipmentId: id('data.shipmentId').optional(),
        milestone: milestone('data.milestone'),
        trackingUrl: url('data.trackingUrl').optional(),
        trackingPageUrl: url('data.trackingPageUrl').optional(),
      },
      { error: 'data must be an object' },
    ),
    locale: z.string({ error: 'locale must be a string' }).regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'locale must be a BCP 47 tag like en-US'),
  })
  .refine((n) => n.data.orderId === n.orderId, { message: 'data.orderId must equal orderId', path: ['data', 'orderId'] })
  .refine((n) => n.data.milestone === n.milestone, { message: 'data.milestone must equal milestone', path: ['data', 'milestone'] });
export type MobilePushNotification = z.infer<typeof MobilePushNotificationSchema>;

/** The first problem, for the 400's message. */
export function describeInvalid(error: z.ZodError): string {
  const [issue] = error.issues;
  if (!issue) return 'The body is not a notification';
  if (issue.code === 'unrecognized_keys') return `Unknown fields: ${issue.keys.join(', ')}`;
  const field = issue.path.join('.');
  return field && !issue.message.startsWith(String(issue.path[0])) ? `${field}: ${issue.message}` : issue.message;
}
