import { parseUpsTrackAlert } from '../../../activities/carriers/ups/ups.webhook';
import type { CarrierWebhook, WebhookHeaders } from '../carrier-webhook';
import { constantTimeEquals, singleHeader } from '../signatures';

/**
 * UPS Track Alert sends back the opaque credential set on the subscription in a `credential`
 * header; there is no HMAC (carriers.md §1.7).
 */
export class UpsWebhook implements CarrierWebhook {
  readonly source = 'ups' as const;

  constructor(private readonly credential: string) {}

  verify(headers: WebhookHeaders): boolean {
    return constantTimeEquals(singleHeader(headers, 'credential'), this.credential);
  }

  parse(rawBody: Buffer) {
    return parseUpsTrackAlert(rawBody.toString('utf8'));
  }
}
