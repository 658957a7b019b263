import { z } from 'zod';
import { Carrier } from '../../../workflows/shared/vocabulary';
import { WebhookPayloadError, type WebhookDelivery } from '../webhooks/webhook-delivery';
import { normalizeUspsTracking } from './usps.normalize';
import { uspsTrackingDetailsSchema } from './usps.schemas';

/*
 * USPS "Subscriptions – Tracking" notifications. Only third parties describe this API
 * (carriers.md §4.7, unverified), so Waybill fixes the shape it accepts (docs/carriers/usps.md):
 * the DETAIL tracking answer as of the notification, full event history included, plus the
 * notification's own `notificationId` and the `subscriptionId`. Normalising the full history with
 * the polling code gives every scan the same fingerprint and status a poll gives it, return legs
 * included (a lone event could not know that the parcel had turned back).
 */
const notificationEnvelopeSchema = z.object({
  notificationId: z.string().trim().min(1).max(128),
  subscriptionId: z.string().trim().max(128).nullish(),
  trackingNumber: z.string().trim().regex(/^[0-9A-Z]{10,34}$/i, 'not a USPS tracking number'),
  trackingEvents: z.array(z.unknown()),
});

export function parseUspsTrackingNotification(rawBody: string): WebhookDelivery {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new WebhookPayloadError('USPS webhook body is not JSON');
  }
  const envelope = notificationEnvelopeSchema.safeParse(json);
  if (!envelope.success) {
    throw new WebhookPayloadError(`USPS webhook body is not a tracking notification: ${envelope.error.issues[0]?.message}`);
  }
  const details = uspsTrackingDetailsSchema.safeParse(json);
  if (!details.success) {
    const issue = details.error.issues[0];
    throw new WebhookPayloadError(`USPS webhook tracking details are malformed at ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const trackingNumber = envelope.data.trackingNumber.toUpperCase();
  const snapshot = normalizeUspsTracking(details.data, trackingNumber);
  return {
    eventId: envelope.data.notificationId,
    updates: [
      {
        carrier: Carrier.USPS,
        trackingNumber,
        events: snapshot.events,
        estimatedDelivery: snapshot.estimatedDelivery,
        proofOfDelivery: snapshot.proofOfDelivery,
        ...(snapshot.pickup ? { pickup: snapshot.pickup } : {}),
      },
    ],
  };
}
