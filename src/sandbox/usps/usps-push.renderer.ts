import { createHash, createHmac } from 'node:crypto';
import type { CarrierPushRenderer, PushMessage, PushRenderInput } from '../push/carrier-push-renderer';
import { renderUspsTrackingDetails } from './usps-render';

/** The subscription the sandbox pretends Waybill created (`POST /subscriptions`, carriers.md §4.7). */
export const USPS_SANDBOX_SUBSCRIPTION_ID = 'waybill-sandbox-tracking';

/**
 * USPS Subscriptions – Tracking, as Waybill models it (unverified, docs/carriers/usps.md): one JSON
 * notification per push holding the DETAIL tracking answer as of now (full history, newest first)
 * plus `notificationId` and `subscriptionId`, signed with `X-HMAC` = base64 HMAC-SHA256 of the body
 * keyed with the subscription secret. The answer is rendered by the Tracking code, so a push and a
 * poll describe every scan identically.
 */
export class UspsPushRenderer implements CarrierPushRenderer {
  readonly carrier = 'usps' as const;

  constructor(private readonly secret: string) {}

  render({ parcel, scenario, timeline }: PushRenderInput): PushMessage[] {
    const details = renderUspsTrackingDetails({ trackingNumber: parcel.trackingNumber, scenario, timeline });
    if (!details) return [];
    const notification = {
      notificationId: notificationId(parcel.trackingNumber, timeline.steps.length),
      subscriptionId: USPS_SANDBOX_SUBSCRIPTION_ID,
      ...details,
    };
    const body = JSON.stringify(notification);
    const signature = createHmac('sha256', this.secret).update(body, 'utf8').digest('base64');
    return [{ headers: { 'content-type': 'application/json', 'X-HMAC': signature }, body }];
  }
}

/**
 * The same notification re-sent after a failed delivery keeps its id, so the receiver can tell a
 * retry from news; a UUID-shaped digest of the parcel and how far its history reaches.
 */
function notificationId(trackingNumber: string, visibleSteps: number): string {
  const hex = createHash('sha256').update(`${trackingNumber}:${visibleSteps}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
