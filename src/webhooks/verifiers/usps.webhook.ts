import { parseUspsTrackingNotification } from '../../../activities/carriers/usps/usps.webhook';
import type { CarrierWebhook, WebhookHeaders } from '../carrier-webhook';
import { constantTimeEquals, hmacSha256, singleHeader } from '../signatures';

/** The header and encoding of the signature; see docs/carriers/usps.md for why base64. */
export const USPS_SIGNATURE_HEADER = 'x-hmac';
export const USPS_SIGNATURE_ENCODING = 'base64' as const;

/**
 * USPS Subscriptions – Tracking signs each notification with `X-HMAC`: HMAC-SHA256 of the raw body,
 * keyed with the secret chosen at subscription (carriers.md §4.7, unverified; base64 is Waybill's
 * choice until USPS documents it). The digest covers the exact bytes received, so it is computed
 * before anything parses them.
 */
export class UspsWebhook implements CarrierWebhook {
  readonly source = 'usps' as const;

  constructor(private readonly secret: string) {}

  verify(headers: WebhookHeaders, rawBody: Buffer): boolean {
    const presented = singleHeader(headers, USPS_SIGNATURE_HEADER)?.trim();
    return constantTimeEquals(presented, hmacSha256(this.secret, rawBody, USPS_SIGNATURE_ENCODING));
  }

  parse(rawBody: Buffer) {
    return parseUspsTrackingNotification(rawBody.toString('utf8'));
  }
}
