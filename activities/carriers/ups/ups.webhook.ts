import { z } from 'zod';
import { Carrier } from '../../../workflows/shared/vocabulary';
import { WebhookPayloadError, type WebhookDelivery } from '../webhooks/webhook-delivery';
import { normalizeUpsPackage } from './ups.normalize';
import { upsPackageSchema } from './ups.schemas';

/**
 * UPS Track Alert: one flat JSON event per activity (UPSTrackAlert.yaml). The fields map onto a
 * Track API activity, so the event is normalised by the same code as a poll, and the same scan has
 * the same fingerprint whichever way it arrives.
 */
const text = z.string().nullish();
const trackAlertEventSchema = z.object({
  trackingNumber: z.string().regex(/^[0-9A-Z]{7,34}$/i, 'not a UPS tracking number'),
  localActivityDate: z.string(),
  localActivityTime: z.string(),
  gmtActivityDate: text,
  gmtActivityTime: text,
  gmtOffset: text,
  activityLocation: z.object({ city: text, stateProvince: text, postalCode: text, country: text }).nullish(),
  activityStatus: z.object({ type: text, code: text, description: text, descriptionCode: text }),
  scheduledDeliveryDate: text,
  actualDeliveryDate: text,
  actualDeliveryTime: text,
  receivedBy: text,
});

export function parseUpsTrackAlert(rawBody: string): WebhookDelivery {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new WebhookPayloadError('UPS webhook body is not JSON');
  }
  const parsed = trackAlertEventSchema.safeParse(json);
  if (!parsed.success) throw new WebhookPayloadError(`UPS webhook body is not a Track Alert event: ${parsed.error.issues[0]?.message}`);
  const event = parsed.data;
  const trackingNumber = event.trackingNumber.toUpperCase();
  const pkg = upsPackageSchema.safeParse({
    trackingNumber,
    activity: [
      {
        date: event.localActivityDate,
        time: event.localActivityTime,
        gmtDate: event.gmtActivityDate,
        gmtTime: event.gmtActivityTime,
        gmtOffset: event.gmtOffset,
        location: event.activityLocation ? { address: { ...event.activityLocation, countryCode: event.activityLocation.country } } : undefined,
        status: {
          type: event.activityStatus.type,
          code: event.activityStatus.code,
          description: event.activityStatus.description,
          statusCode: event.activityStatus.descriptionCode,
        },
      },
    ],
    deliveryDate: event.scheduledDeliveryDate ? [{ type: 'SDD', date: event.scheduledDeliveryDate }] : undefined,
    deliveryInformation: event.receivedBy ? { receivedBy: event.receivedBy } : undefined,
  });
  if (!pkg.success) throw new WebhookPayloadError(`UPS webhook activity is malformed: ${pkg.error.issues[0]?.message}`);
  const snapshot = normalizeUpsPackage(pkg.data, trackingNumber);
  return {
    updates: [
      {
        carrier: Carrier.UPS,
        trackingNumber,
        events: snapshot.events,
        estimatedDelivery: snapshot.estimatedDelivery,
        proofOfDelivery: snapshot.proofOfDelivery,
        // Track Alert has no accessPointInformation, so a pushed hold carries its place only.
        ...(snapshot.pickup ? { pickup: snapshot.pickup } : {}),
      },
    ],
  };
}
