import { z } from 'zod';
import { Carrier } from '../../../workflows/shared/vocabulary';
import { WebhookPayloadError, type PushedTrackingUpdate, type WebhookDelivery } from '../webhooks/webhook-delivery';
import { normalizeDhlShipment } from './dhl.normalize';
import { dhlShipmentSchema, type DhlShipment } from './dhl.schemas';

/**
 * DHL Shipment Tracking Push, "Default" format. DHL documents its push payload as "not unified"
 * (it differs per business unit) and publishes no schema, so Waybill accepts the shape of the
 * tracking API itself: `{"shipments":[…]}` with each shipment exactly as `GET /track/shipments`
 * returns it, or one such shipment object on its own. The shipment is normalised by the same code
 * as a poll, so a pushed scan has the fingerprint of the polled one. DHL sends no event id.
 */
const pushSchema = z.union([
  z.object({ shipments: z.array(dhlShipmentSchema).min(1) }),
  dhlShipmentSchema.refine((shipment) => shipment.id !== undefined, 'a shipment without an id'),
]);

export function parseDhlPush(rawBody: string): WebhookDelivery {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new WebhookPayloadError('DHL webhook body is not JSON');
  }
  const parsed = pushSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.join('.') || '(root)'} ${issue.message}` : 'unknown shape';
    throw new WebhookPayloadError(`DHL webhook body is not a DHL shipment: ${where}`);
  }
  const shipments = 'shipments' in parsed.data ? parsed.data.shipments : [parsed.data];
  return { updates: shipments.map(toUpdate) };
}

function toUpdate(shipment: DhlShipment): PushedTrackingUpdate {
  if (!shipment.id) throw new WebhookPayloadError('DHL webhook shipment has no id');
  // A push names no "number asked about"; the shipment id is the tracking number DHL tracks it by.
  const trackingNumber = shipment.id.replace(/\s+/g, '').toUpperCase();
  const snapshot = normalizeDhlShipment(shipment, trackingNumber);
  const update: PushedTrackingUpdate = { carrier: Carrier.DHL, trackingNumber, events: snapshot.events };
  if (snapshot.estimatedDelivery) update.estimatedDelivery = snapshot.estimatedDelivery;
  if (snapshot.proofOfDelivery) update.proofOfDelivery = snapshot.proofOfDelivery;
  if (snapshot.pickup) update.pickup = snapshot.pickup;
  return update;
}
