import { createHmac } from 'node:crypto';
import { WebhookPayloadError } from '../../../activities/carriers/webhooks/webhook-delivery';
import { FedexWebhook } from '../../../src/webhooks/verifiers/fedex.webhook';
import {
  delivered,
  journey,
  notAvailable,
  rawFound,
  rawNotFoundResult,
  rawTrackResponse,
  rawTrackResult,
  returningToShipper,
  TN,
  TN2,
} from '../../fixtures/fedex/fedex-payloads';

const SECURITY_TOKEN = 'fedex-aiv-security-token-for-tests';
const sign = (body: string | Buffer, key = SECURITY_TOKEN) => createHmac('sha256', key).update(body).digest('base64');

const { label, pickup, arrival, outForDelivery } = journey;

describe(FedexWebhook.name, () => {
  const sut = new FedexWebhook(SECURITY_TOKEN);
  const body = Buffer.from(JSON.stringify(rawFound(TN, [label, pickup, arrival])));

  it('should be the fedex source', () => {
    expect(sut.source).toBe('fedex');
  });

  describe('verify', () => {
    it('should accept the Base64 HMAC-SHA256 of the raw body under the security token', () => {
      expect(sut.verify({ 'fdx-signature': sign(body) }, body)).toBe(true);
    });

    it('should refuse a signature made with another key (forged)', () => {
      expect(sut.verify({ 'fdx-signature': sign(body, 'someone-elses-token') }, body)).toBe(false);
    });

    it('should refuse an unsigned request, an empty signature and a repeated header', () => {
      expect(sut.verify({}, body)).toBe(false);
      expect(sut.verify({ 'fdx-signature': '' }, body)).toBe(false);
      expect(sut.verify({ 'fdx-signature': [sign(body), sign(body)] }, body)).toBe(false);
    });

    it('should refuse a tampered body, even by one byte or one space', () => {
      const signature = sign(body);
      const tampered = Buffer.from(body.toString('utf8').replace(TN, TN2));
      const respaced = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8')), null, 1));
      expect(sut.verify({ 'fdx-signature': signature }, tampered)).toBe(false);
      expect(sut.verify({ 'fdx-signature': signature }, respaced)).toBe(false);
    });

    it('should refuse the right digest in the wrong encoding (hex)', () => {
      const hex = createHmac('sha256', SECURITY_TOKEN).update(body).digest('hex');
      expect(sut.verify({ 'fdx-signature': hex }, body)).toBe(false);
    });
  });

  describe('parse', () => {
    const parse = (payload: unknown) => sut.parse(Buffer.from(JSON.stringify(payload)));

    it('should read the Track API wrapper, one update per tracking number, with no event id of its own', () => {
      const delivery = parse(
        rawTrackResponse([
          { trackingNumber: TN, trackResults: [rawTrackResult(TN, [label, pickup, arrival])] },
          { trackingNumber: TN2, trackResults: [rawTrackResult(TN2, [label])] },
        ]),
      );
      expect(delivery.eventId).toBeUndefined();
      expect(delivery.updates.map((u) => [u.carrier, u.trackingNumber, u.events.length])).toEqual([
        ['fedex', TN, 3],
        ['fedex', TN2, 1],
      ]);
    });

    it('should also read the two nearest wrappers, since FedEx does not publish its own', () => {
      const entry = { trackingNumber: TN, trackResults: [rawTrackResult(TN, [label, pickup])] };
      const wrapped = parse(rawTrackResponse([entry]));
      expect(parse({ completeTrackResults: [entry] })).toEqual(wrapped);
      expect(parse(entry)).toEqual(wrapped);
    });

    it('should give pushed scans the same fingerprints and statuses as the same scans polled, in any order', () => {
      const scans = [label, pickup, arrival, outForDelivery, notAvailable];
      const full = parse(rawFound(TN, scans)).updates[0].events;
      const earlier = parse(rawFound(TN, scans.slice(0, 3))).updates[0].events;
      expect(earlier).toEqual(full.slice(0, 3));
      const shuffled = rawTrackResult(TN, []);
      shuffled.scanEvents = [...(rawTrackResult(TN, scans).scanEvents as unknown[])].reverse();
      expect(parse(rawTrackResponse([{ trackingNumber: TN, trackResults: [shuffled] }])).updates[0].events).toEqual(full);
    });

    it('should read a push that only repeats known scans and adds the proof of delivery', () => {
      const scans = [label, pickup, outForDelivery, delivered];
      const first = parse(rawFound(TN, scans)).updates[0];
      const second = parse(
        rawFound(TN, scans, {
          deliveryDetails: { deliveryAttempts: '0', receivedByName: 'D.HERRERA', locationDescription: 'Residence' },
          availableImages: [{ type: 'SIGNATURE_PROOF_OF_DELIVERY' }],
        }),
      ).updates[0];
      expect(second.events.map((e) => e.fingerprint)).toEqual(first.events.map((e) => e.fingerprint));
      expect(first.proofOfDelivery).toBeUndefined();
      expect(second.proofOfDelivery).toEqual({
        receivedBy: 'D.HERRERA',
        place: 'Residence',
        hasSignature: false,
        hasProofOfDelivery: true,
      });
    });

    it('should read the return leg in context, so the arrival back at the shipper is returned, not delivered', () => {
      const back = { ...delivered, date: '2026-11-27T10:15:00-06:00', city: 'MEMPHIS', stateOrProvinceCode: 'TN' };
      const { events } = parse(rawFound(TN, [label, pickup, notAvailable, returningToShipper, back])).updates[0];
      expect(events.slice(-2).map((e) => e.status)).toEqual(['returning', 'returned']);
    });

    it('should carry the estimate FedEx pushes', () => {
      const update = parse(
        rawFound(TN, [label, pickup], { dateAndTimes: [{ type: 'ESTIMATED_DELIVERY', dateTime: '2026-11-23T00:00:00-08:00' }] }),
      ).updates[0];
      expect(update.estimatedDelivery).toEqual({ date: '2026-11-23' });
    });

    it('should skip a number pushed with nothing but an error', () => {
      expect(parse(rawTrackResponse([{ trackingNumber: TN, trackResults: [rawNotFoundResult(TN)] }])).updates).toEqual([]);
    });

    it.each([
      ['not JSON', 'not json at all'],
      ['an unrelated JSON document', JSON.stringify({ hello: 'world' })],
      ['a scan with an impossible date', JSON.stringify(rawFound(TN, [{ ...pickup, date: '2026-13-01T00:00:00Z' }]))],
      ['something that is not a tracking number', JSON.stringify(rawFound('<script>', [label]))],
    ])('should refuse %s with a WebhookPayloadError', (_case, raw) => {
      expect(() => sut.parse(Buffer.from(raw))).toThrow(WebhookPayloadError);
    });
  });
});
