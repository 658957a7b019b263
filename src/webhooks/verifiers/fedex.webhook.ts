import { parseFedexWebhook } from '../../../activities/carriers/fedex/fedex.webhook';
import type { CarrierWebhook, WebhookHeaders } from '../carrier-webhook';
import { constantTimeEquals, hmacSha256, singleHeader } from '../signatures';

/**
 * FedEx Advanced Integrated Visibility signs every push: `fdx-signature` is the Base64 HMAC-SHA256
 * of the raw body, keyed by the security token set on the webhook project (carriers.md §2.7). The
 * raw bytes are what FedEx signed, so the body is verified before anything parses it.
 */
export class FedexWebhook implements CarrierWebhook {
  readonly source = 'fedex' as const;

  constructor(private readonly securityToken: string) {}

  verify(headers: WebhookHeaders, rawBody: Buffer): boolean {
    return constantTimeEquals(singleHeader(headers, 'fdx-signature'), hmacSha256(this.securityToken, rawBody, 'base64'));
  }

  parse(rawBody: Buffer) {
    return parseFedexWebhook(rawBody.toString('utf8'));
  }
}
