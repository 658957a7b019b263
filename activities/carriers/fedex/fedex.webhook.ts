import { z } from 'zod';
import { Carrier } from '../../../workflows/shared/vocabulary';
import { WebhookPayloadError, type PushedTrackingUpdate, type WebhookDelivery } from '../webhooks/webhook-delivery';
import { normalizeFedexTrackResult, pickFedexTrackResult } from './fedex.normalize';
import { fedexCompleteTrackResultSchema, type FedexCompleteTrackResult } from './fedex.schemas';

/*
 * FedEx Advanced Integrated Visibility pushes. FedEx says the payload "mirrors Track API
 * trackResults" but does not publish the wrapper's field names (carriers.md §2.7, unverified).
 * Waybill's documented choice (docs/carriers/fedex.md) is the Track API answer itself:
 * `{"transactionId", "output": {"completeTrackResults": [{"trackingNumber", "trackResults": [...]}]}}`.
 * Because the wrapper is a guess, the two nearest shapes are accepted too: `output`'s content at the
 * top level, and a single `{"trackingNumber", "trackResults"}`.
 *
 * Each trackResult is the parcel's whole record, so it is normalised by the same code as a poll:
 * the same scan has the same fingerprint whichever way it arrives, and scans on the return leg are
 * read in the context of the RS scan before them. FedEx warns that payloads arrive out of order and
 * repeat earlier scans (a later payload may only add proof of delivery); nothing here depends on
 * order, and the shipment workflow drops scans it has seen by fingerprint.
 */
const completeTrackResults = z.array(fedexCompleteTrackResultSchema);
const aivPayloadSchema = z.union([
  z.object({ output: z.object({ completeTrackResults }) }),
  z.object({ completeTrackResults }),
  fedexCompleteTrackResultSchema,
]);

/** FedEx numbers are digits (12 to 34 of them); letters are tolerated, as in the Track API's own field. */
const TRACKING_NUMBER = /^[0-9A-Z]{7,40}$/;

export function parseFedexWebhook(rawBody: string): WebhookDelivery {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new WebhookPayloadError('FedEx webhook body is not JSON');
  }
  const parsed = aivPayloadSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new WebhookPayloadError(
      `FedEx webhook body is not an AIV tracking payload: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
    );
  }
  const payload = parsed.data;
  const entries =
    'output' in payload
      ? payload.output.completeTrackResults
      : 'completeTrackResults' in payload
        ? payload.completeTrackResults
        : [payload];
  return { updates: entries.flatMap(toUpdate) };
}

/** A number FedEx pushes without a record (only an error) carries no news and is skipped. */
function toUpdate(entry: FedexCompleteTrackResult): PushedTrackingUpdate[] {
  const result = pickFedexTrackResult(entry.trackResults);
  if (!result) return [];
  const trackingNumber = entry.trackingNumber.replace(/\s+/g, '').toUpperCase();
  if (!TRACKING_NUMBER.test(trackingNumber)) throw new WebhookPayloadError('FedEx webhook names something that is not a tracking number');
  const snapshot = normalizeFedexTrackResult(result, trackingNumber);
  const update: PushedTrackingUpdate = { carrier: Carrier.FEDEX, trackingNumber, events: snapshot.events };
  if (snapshot.estimatedDelivery) update.estimatedDelivery = snapshot.estimatedDelivery;
  if (snapshot.proofOfDelivery) update.proofOfDelivery = snapshot.proofOfDelivery;
  if (snapshot.pickup) update.pickup = snapshot.pickup;
  return [update];
}
