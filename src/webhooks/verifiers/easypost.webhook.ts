import { parseEasypostEvent } from '../../../activities/carriers/easypost/easypost.webhook';
import type { CarrierWebhook, WebhookHeaders } from '../carrier-webhook';
import { constantTimeEquals, hmacSha256, singleHeader } from '../signatures';

const SIGNATURE_PREFIX = 'hmac-sha256-hex=';

/**
 * EasyPost signs every webhook: `X-Hmac-Signature: hmac-sha256-hex=<hex HMAC-SHA256 of the raw
 * body>`, keyed by the webhook secret after Unicode NFKD normalisation (carriers.md §5.5). The key is
 * normalised because EasyPost normalises it on its side: a secret typed with a composed "é" and one
 * pasted with "e" + a combining accent must verify the same. The raw bytes are hashed as received,
 * which also sidesteps easypost-node's rewriting of integer weights as floats before it hashes.
 */
export class EasypostWebhook implements CarrierWebhook {
  readonly source = 'easypost' as const;
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(secret.normalize('NFKD'), 'utf8');
  }

  verify(headers: WebhookHeaders, rawBody: Buffer): boolean {
    return constantTimeEquals(singleHeader(headers, 'x-hmac-signature'), `${SIGNATURE_PREFIX}${hmacSha256(this.key, rawBody, 'hex')}`);
  }

  parse(rawBody: Buffer) {
    return parseEasypostEvent(rawBody.toString('utf8'));
  }
}
