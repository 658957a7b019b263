import { createHmac } from 'node:crypto';
import { parseUspsTrackingNotification } from '../../../activities/carriers/usps/usps.webhook';
import { WebhookPayloadError } from '../../../activities/carriers/webhooks/webhook-delivery';
import { UspsWebhook } from '../../../src/webhooks/verifiers/usps.webhook';
import { rawUspsDetails, USPS_TN, uspsJourney } from '../../fixtures/usps/usps-payloads';

const SECRET = 'a-32-character-subscription-key!';
const notification = (extra: Record<string, unknown> = {}) => ({
  notificationId: '5f0c3a8e-2d7b-4e61-9c1f-0a4b7d2e9f13',
  subscriptionId: 'sub-1',
  ...rawUspsDetails(USPS_TN, [uspsJourney.label, uspsJourney.accepted, uspsJourney.originFacility], 'In Transit'),
  ...extra,
});
const sign = (body: string | Buffer, secret = SECRET, encoding: 'base64' | 'hex' = 'base64') =>
  createHmac('sha256', secret).update(body).digest(encoding);

describe(UspsWebhook.name, () => {
  const sut = new UspsWebhook(SECRET);
  const body = Buffer.from(JSON.stringify(notification()));

  describe('verify', () => {
    it('should accept the base64 HMAC-SHA256 of the raw body in X-HMAC', () => {
      expect(sut.verify({ 'x-hmac': sign(body) }, body)).toBe(true);
      expect(sut.verify({ 'x-hmac': ` ${sign(body)} ` }, body)).toBe(true);
    });

    it('should refuse a signature made with another secret', () => {
      expect(sut.verify({ 'x-hmac': sign(body, 'another-secret-of-32-characters!') }, body)).toBe(false);
    });

    it('should refuse an unsigned request and an empty signature', () => {
      expect(sut.verify({}, body)).toBe(false);
      expect(sut.verify({ 'x-hmac': '' }, body)).toBe(false);
    });

    it('should refuse a body changed after signing, even by one byte or by re-serialising', () => {
      const signature = sign(body);
      const tampered = Buffer.from(body.toString('utf8').replace('"In Transit"', '"Delivered"'));
      expect(sut.verify({ 'x-hmac': signature }, tampered)).toBe(false);
      const reformatted = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8')), null, 2));
      expect(sut.verify({ 'x-hmac': signature }, reformatted)).toBe(false);
    });

    it('should refuse the hex encoding and a repeated header rather than guess', () => {
      expect(sut.verify({ 'x-hmac': sign(body, SECRET, 'hex') }, body)).toBe(false);
      expect(sut.verify({ 'x-hmac': [sign(body), sign(body)] }, body)).toBe(false);
    });

    it('should not read the signature from another header', () => {
      expect(sut.verify({ 'x-hmac-signature': sign(body) }, body)).toBe(false);
    });
  });

  describe('parse', () => {
    it('should turn a notification into one update, keyed by its notification id', () => {
      const delivery = sut.parse(body);
      expect(delivery.eventId).toBe('5f0c3a8e-2d7b-4e61-9c1f-0a4b7d2e9f13');
      expect(delivery.updates).toHaveLength(1);
      const [update] = delivery.updates;
      expect(update).toMatchObject({ carrier: 'usps', trackingNumber: USPS_TN });
      expect(update.events.map((e) => e.carrierCodes.code)).toEqual(['GX', '03', '10']);
      expect(update.events.map((e) => e.status)).toEqual(['info_received', 'in_transit', 'in_transit']);
    });

    it('should carry the estimate and the proof of delivery', () => {
      const delivered = notification({
        ...rawUspsDetails(USPS_TN, [uspsJourney.label, uspsJourney.outForDelivery, { ...uspsJourney.delivered, name: 'MORGAN' }], 'Delivered'),
        proofOfDeliveryEnabled: 'true',
      });
      const [update] = parseUspsTrackingNotification(JSON.stringify(delivered)).updates;
      expect(update.proofOfDelivery).toMatchObject({ signedBy: 'MORGAN', hasSignature: true, hasProofOfDelivery: true });
      const planned = notification({ predictedDeliveryDate: '2026-11-20' });
      expect(parseUspsTrackingNotification(JSON.stringify(planned)).updates[0].estimatedDelivery).toEqual({ date: '2026-11-20' });
    });

    it.each([
      ['not JSON', 'trackingNumber=9400'],
      ['without a notification id', JSON.stringify({ ...notification(), notificationId: undefined })],
      ['with a tracking number that is not one', JSON.stringify(notification({ trackingNumber: '<script>' }))],
      ['without events', JSON.stringify({ ...notification(), trackingEvents: undefined })],
      ['with an event without a time', JSON.stringify(notification({ trackingEvents: [{ eventType: 'Delivered', eventCode: '01' }] }))],
      ['that is a bare array', JSON.stringify([notification()])],
    ])('should refuse a body %s with a WebhookPayloadError', (_case, raw) => {
      expect(() => sut.parse(Buffer.from(raw))).toThrow(WebhookPayloadError);
    });
  });
});

describe('parseUspsTrackingNotification: pickup', () => {
  const held = {
    ...uspsJourney.originFacility,
    eventType: 'Available for Pickup',
    eventCode: '16',
    eventTimestamp: '2026-11-21T10:00:00',
    GMTTimestamp: '2026-11-21T15:00:00Z',
    GMTOffset: '-05:00',
    eventCity: 'JAMAICA',
    eventState: 'NY',
    eventZIP: '11430',
  };

  it('carries returnDateNotice as the pickup deadline of a held item', () => {
    const payload = {
      notificationId: 'n-held',
      ...rawUspsDetails(USPS_TN, [uspsJourney.label, uspsJourney.accepted, held], 'Available for Pickup', { returnDateNotice: '2026-12-06' }),
    };
    const [update] = parseUspsTrackingNotification(JSON.stringify(payload)).updates;
    expect(update.pickup).toEqual({ holdUntil: '2026-12-06', location: { city: 'JAMAICA', region: 'NY', postalCode: '11430', countryCode: 'US' } });
  });

  it('carries no pickup for an item on its way', () => {
    expect(parseUspsTrackingNotification(JSON.stringify(notification())).updates[0]).not.toHaveProperty('pickup');
  });
});
