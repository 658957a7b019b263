import { normalizeDhlShipment } from '../../../activities/carriers/dhl/dhl.normalize';
import { dhlShipmentSchema } from '../../../activities/carriers/dhl/dhl.schemas';
import { parseDhlPush } from '../../../activities/carriers/dhl/dhl.webhook';
import { WebhookPayloadError } from '../../../activities/carriers/webhooks/webhook-delivery';
import type { CarrierWebhook } from '../../../src/webhooks/carrier-webhook';
import { DhlWebhook } from '../../../src/webhooks/verifiers/dhl.webhook';
import { express, rawShipment, TN } from '../../fixtures/dhl/dhl-payloads';

const HEADER = 'X-Waybill-DHL-Token';
const TOKEN = 'dhl-push-token-0123456789abcdef';

const shipment = rawShipment(TN, [express.pickup, express.arrived, express.withCourier], {
  statusCode: 'transit',
  extra: { estimatedTimeOfDelivery: '2026-04-22T18:00:00-04:00' },
});
const body = Buffer.from(JSON.stringify({ shipments: [shipment] }));

describe(DhlWebhook.name, () => {
  // Through the interface, as the webhooks service calls it.
  const sut: CarrierWebhook = new DhlWebhook(HEADER, TOKEN);

  it('should accept the configured header carrying the token, whatever the header case', () => {
    // Node lower-cases incoming header names.
    expect(sut.verify({ 'x-waybill-dhl-token': TOKEN }, body)).toBe(true);
  });

  it('should refuse a forged token', () => {
    expect(sut.verify({ 'x-waybill-dhl-token': 'dhl-push-token-0123456789abcdeX' }, body)).toBe(false);
    expect(sut.verify({ 'x-waybill-dhl-token': `${TOKEN} ` }, body)).toBe(false);
    expect(sut.verify({ 'x-waybill-dhl-token': '' }, body)).toBe(false);
  });

  it('should refuse an unauthenticated push, or the token under another header', () => {
    expect(sut.verify({}, body)).toBe(false);
    expect(sut.verify({ 'dhl-api-key': TOKEN, authorization: `Bearer ${TOKEN}` }, body)).toBe(false);
  });

  it('should refuse the header sent twice rather than guess', () => {
    expect(sut.verify({ 'x-waybill-dhl-token': [TOKEN, TOKEN] }, body)).toBe(false);
  });

  it('should leave a tampered body to the parser: DHL signs nothing, the token is the whole check', () => {
    const tampered = Buffer.from(body.toString('utf8').replace('"transit"', '"delivered"'));
    expect(sut.verify({ 'x-waybill-dhl-token': TOKEN }, tampered)).toBe(true);
    const garbage = Buffer.from('{"shipments":[{"id":');
    expect(sut.verify({ 'x-waybill-dhl-token': TOKEN }, garbage)).toBe(true);
    expect(() => sut.parse(garbage)).toThrow(WebhookPayloadError);
  });

  it('should parse with the DHL push parser', () => {
    expect(sut.parse(body).updates[0]).toMatchObject({ carrier: 'dhl', trackingNumber: TN });
  });
});

describe('parseDhlPush', () => {
  const poll = normalizeDhlShipment(dhlShipmentSchema.parse(shipment), TN);

  it('should give each scan the fingerprint a poll gives it', () => {
    const [update] = parseDhlPush(body.toString('utf8')).updates;
    expect(update.events).toEqual(poll.events);
    expect(update.estimatedDelivery).toEqual({ date: '2026-04-22' });
    expect(update).not.toHaveProperty('proofOfDelivery');
  });

  it('should accept a bare shipment object too', () => {
    const { updates } = parseDhlPush(JSON.stringify(shipment));
    expect(updates).toHaveLength(1);
    expect(updates[0].events.map((e) => e.fingerprint)).toEqual(poll.events.map((e) => e.fingerprint));
  });

  it('should give one update per shipment, with the tracking number in canonical form', () => {
    const delivered = rawShipment('8487135506', [express.pickup, express.delivered], {
      statusCode: 'delivered',
      extra: { details: { proofOfDelivery: { documentUrl: 'https://webpod.test/x', signed: { name: 'ANA' } } } },
    });
    const spaced = { ...rawShipment('3318 8100 25', [express.pickup]) };
    const { updates, eventId } = parseDhlPush(JSON.stringify({ shipments: [delivered, spaced] }));
    expect(eventId).toBeUndefined();
    expect(updates.map((u) => u.trackingNumber)).toEqual(['8487135506', TN]);
    expect(updates[0].proofOfDelivery).toEqual({ signedBy: 'ANA', hasSignature: true, hasProofOfDelivery: true });
  });

  it.each([
    ['not JSON', 'shipments=1'],
    ['an empty shipment list', '{"shipments":[]}'],
    ['a shipment without an id', JSON.stringify({ events: [] })],
    ['an event without a time', JSON.stringify({ shipments: [{ id: TN, events: [{ description: 'Delivered' }] }] })],
    ['an array', '[]'],
  ])('should refuse %s with a WebhookPayloadError', (_case, raw) => {
    expect(() => parseDhlPush(raw)).toThrow(WebhookPayloadError);
  });
});

describe('parseDhlPush: pickup and access points', () => {
  const servicePoint = { url: 'https://x.test/sp', label: 'DHL Service Point 42' };
  const awaiting = { ...express.withCourier, timestamp: '2026-04-22T12:00:00', description: 'Shipment is awaiting collection at DHL Service Point' };

  it('carries the service point of a parcel waiting for collection, as a poll reads it', () => {
    const waiting = rawShipment(TN, [express.pickup, awaiting], { statusCode: 'transit', extra: { destination: { servicePoint } } });
    const [update] = parseDhlPush(JSON.stringify({ shipments: [waiting] })).updates;
    expect(update.pickup).toEqual(normalizeDhlShipment(dhlShipmentSchema.parse(waiting), TN).pickup);
    expect(update.pickup).toMatchObject({ locationName: 'DHL Service Point 42' });
  });

  it('keeps atAccessPoint on a pushed locker delivery', () => {
    const inLocker = rawShipment(TN, [express.pickup, { ...express.delivered, description: 'Delivered - Left in DHL Locker' }], { statusCode: 'delivered' });
    const [update] = parseDhlPush(JSON.stringify(inLocker)).updates;
    expect(update.events.at(-1)?.atAccessPoint).toBe(true);
    expect(update).not.toHaveProperty('pickup');
  });
});
