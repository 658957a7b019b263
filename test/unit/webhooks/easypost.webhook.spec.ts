import { WebhookPayloadError } from '../../../activities/carriers/webhooks/webhook-delivery';
import { EasypostWebhook } from '../../../src/webhooks/verifiers/easypost.webhook';
import { body, JOURNEY, rawEvent, rawTracker } from '../../fixtures/easypost/easypost-payloads';

/*
 * Signatures computed outside Node, with Python's hmac over the exact bytes below and the key
 * unicodedata.normalize('NFKD', secret).encode('utf-8'), so the test does not check the code
 * against itself.
 */
const RAW = Buffer.from(
  '{"object":"Event","id":"evt_6f2b0c1d9e8a4b7c8d9e0f1a2b3c4d5e","description":"tracker.updated","result":{"object":"Tracker","weight":12.0}}',
  'utf8',
);
const COMPOSED_SECRET = 's\u00e9cret-webhook-key';
const DECOMPOSED_SECRET = 'se\u0301cret-webhook-key';
const SIGNATURE = 'hmac-sha256-hex=bd810d3ef4de9fbf48b523e0b143c9f1c9d4964823e4c4ff542a34b615cfed4b';
/** The same body keyed with the composed secret's UTF-8 bytes, not normalised: what EasyPost never sends. */
const SIGNATURE_WITHOUT_NFKD = 'hmac-sha256-hex=836c4d64bedd67a1ab7ca6512a149b52699aa4eae5fab29b9c44d1102f008a08';
/** Keyed with "sécret-ﬁle-key" after NFKD, which also folds the "ﬁ" ligature into "fi". */
const LIGATURE_SIGNATURE = 'hmac-sha256-hex=1f32636fa818666629054d1dc25cb82031e72c5843335cd2b53252014a13176c';

const signed = (signature: string | string[]) => ({ 'x-hmac-signature': signature, 'content-type': 'application/json' });

describe('EasypostWebhook', () => {
  const webhook = new EasypostWebhook(COMPOSED_SECRET);

  it('is the easypost source', () => {
    expect(webhook.source).toBe('easypost');
  });

  it('accepts the HMAC-SHA256 of the raw body in X-Hmac-Signature', () => {
    expect(webhook.verify(signed(SIGNATURE), RAW)).toBe(true);
  });

  it('refuses a forged signature of the right shape and length', () => {
    const forged = `hmac-sha256-hex=${'0123456789abcdef'.repeat(4)}`;
    expect(forged).toHaveLength(SIGNATURE.length);
    expect(webhook.verify(signed(forged), RAW)).toBe(false);
    expect(webhook.verify(signed(`${SIGNATURE.slice(0, -1)}c`), RAW)).toBe(false);
  });

  it('refuses a request without the header, or with it twice', () => {
    expect(webhook.verify({ 'content-type': 'application/json' }, RAW)).toBe(false);
    expect(webhook.verify(signed(''), RAW)).toBe(false);
    expect(webhook.verify(signed([SIGNATURE, SIGNATURE]), RAW)).toBe(false);
  });

  it.each([
    ['no prefix', SIGNATURE.replace('hmac-sha256-hex=', '')],
    ['another algorithm', SIGNATURE.replace('hmac-sha256-hex=', 'hmac-sha1-hex=')],
    ['another encoding', SIGNATURE.replace('hmac-sha256-hex=', 'hmac-sha256-base64=')],
    ['GitHub’s style', SIGNATURE.replace('hmac-sha256-hex=', 'sha256=')],
    ['a space after the prefix', SIGNATURE.replace('=', '= ')],
  ])('refuses the right digest with %s', (_what, signature) => {
    expect(webhook.verify(signed(signature), RAW)).toBe(false);
  });

  it('refuses a body changed by a single byte', () => {
    const tampered = Buffer.from(RAW);
    tampered[tampered.indexOf('12.0') + 1] = '3'.charCodeAt(0);
    expect(webhook.verify(signed(SIGNATURE), tampered)).toBe(false);
  });

  it('hashes the bytes as received: the same JSON re-serialised (12.0 becomes 12) no longer verifies', () => {
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(RAW.toString('utf8'))), 'utf8');
    expect(reserialised.toString('utf8')).toContain('"weight":12}');
    expect(webhook.verify(signed(SIGNATURE), reserialised)).toBe(false);
  });

  describe('NFKD normalisation of the secret', () => {
    it('verifies identically whether "é" was configured composed or as "e" + combining accent', () => {
      expect(COMPOSED_SECRET).not.toBe(DECOMPOSED_SECRET);
      const decomposed = new EasypostWebhook(DECOMPOSED_SECRET);
      expect(decomposed.verify(signed(SIGNATURE), RAW)).toBe(true);
      expect(webhook.verify(signed(SIGNATURE), RAW)).toBe(true);
    });

    it('does not accept a signature keyed with the unnormalised secret', () => {
      expect(webhook.verify(signed(SIGNATURE_WITHOUT_NFKD), RAW)).toBe(false);
    });

    it('applies compatibility decomposition too (NFKD, not NFD): a "ﬁ" ligature keys like "fi"', () => {
      expect(new EasypostWebhook('s\u00e9cret-\ufb01le-key').verify(signed(LIGATURE_SIGNATURE), RAW)).toBe(true);
      expect(new EasypostWebhook('sécret-file-key').verify(signed(LIGATURE_SIGNATURE), RAW)).toBe(true);
    });
  });

  it('parses a verified body into the tracker’s update, named by the event id', () => {
    const raw = Buffer.from(body(rawEvent(rawTracker({ carrier: 'FedEx', trackingCode: '986578788855', details: JOURNEY.inTransit }))), 'utf8');
    expect(webhook.parse(raw)).toEqual({
      eventId: 'evt_5e2b7c9d1a3f4e6b8c0d2f4a6b8c0e1f',
      updates: [expect.objectContaining({ carrier: 'fedex', trackingNumber: '986578788855' })],
    });
    expect(() => webhook.parse(Buffer.from('not json', 'utf8'))).toThrow(WebhookPayloadError);
  });
});
