import { parseDhlPush } from '../../../activities/carriers/dhl/dhl.webhook';
import type { CarrierWebhook, WebhookHeaders } from '../carrier-webhook';
import { constantTimeEquals, singleHeader } from '../signatures';

/**
 * DHL Shipment Tracking Push authenticates to the hook with the header name and token chosen at
 * subscription (`"authentication":{"type":"ApiKeyAuthentication","header":…,"token":…}`); no HMAC
 * is documented (carriers.md §3.7), so the body is not signed and only the token is checked.
 */
export class DhlWebhook implements CarrierWebhook {
  readonly source = 'dhl' as const;

  constructor(
    private readonly header: string,
    private readonly token: string,
  ) {}

  verify(headers: WebhookHeaders): boolean {
    return constantTimeEquals(singleHeader(headers, this.header), this.token);
  }

  parse(rawBody: Buffer) {
    return parseDhlPush(rawBody.toString('utf8'));
  }
}
