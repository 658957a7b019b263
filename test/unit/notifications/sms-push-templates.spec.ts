import { SegmentedMessage } from 'sms-segments-calculator';
import { trackingUrl } from '../../../activities/carriers/tracking-numbers';
import type { NotificationDetails, NotificationRequest } from '../../../activities/notifications/notification.types';
import {
  PUSH_BODY_MAX,
  PUSH_TITLE_MAX,
  renderMilestonePush,
  renderMilestoneSms,
  SMS_SEGMENT_BUDGET,
  type Brand,
  type MessageLinks,
} from '../../../activities/notifications/templates';
import { Carrier, Milestone, type Milestone as MilestoneName } from '../../../workflows/shared/vocabulary';

/** Realistic but long: DHL's tracking URL is the longest of the four, the pickup name a real-world mouthful. */
const BRAND: Brand = { name: 'Northwind Outfitters' };
const ORDER_ID = 'NW-2026-00012345';
const DHL_TN = 'JD014600006281230901';
const DHL_URL = trackingUrl(Carrier.DHL, DHL_TN);
/** As long as a real short link: a compact customer token for an order ID of twelve characters. */
const SHORT_PAGE = 'https://track.northwind.example/t/k2026~T1JELTEwMDEtMjAyNg~tkq2xb~AbCdEfGhIjKlMnOpQrStUv';
/** A real customer-token link is a JWT: far too long to fit beside everything else. */
const JWT_PAGE = `https://track.northwind.example/t/${'eyJhbGciOiJIUzI1NiJ9'.repeat(10)}.sig`;
const LONG_PICKUP = {
  locationName: 'DHL ServicePoint Farmacias Guadalajara Sucursal Centro Histórico',
  location: { city: 'Guadalajara', region: 'JAL', postalCode: '44100', countryCode: 'MX' },
  holdUntil: '2026-12-12',
};

const DETAILS: Record<MilestoneName, NotificationDetails | undefined> = {
  [Milestone.ORDER_RECEIVED]: undefined,
  [Milestone.SHIPPED]: undefined,
  [Milestone.OUT_FOR_DELIVERY]: undefined,
  [Milestone.DELIVERED]: undefined,
  [Milestone.DELAYED]: { newDeliveryDate: '2026-12-05', delayReason: 'estimate_slipped' },
  [Milestone.DELIVERY_ATTEMPTED]: { attempt: { number: 3, final: true, pickup: LONG_PICKUP } },
  [Milestone.AVAILABLE_FOR_PICKUP]: { pickup: LONG_PICKUP },
  [Milestone.RETURNING]: undefined,
  [Milestone.RETURNED]: { refund: { amount: 124999, currency: 'MXN' } },
  [Milestone.LOST]: { refund: { amount: 124999, currency: 'MXN' } },
  [Milestone.DISPUTE_OPENED]: undefined,
  [Milestone.DISPUTE_RESOLVED]: { disputeResolution: 'refunded', refund: { amount: 124999, currency: 'MXN' } },
};

const CUSTOMERS = {
  en: { name: 'Ana Lima', email: 'ana@example.com', phone: '+15555550123', locale: 'en-US', timeZone: 'America/New_York' },
  es: { name: 'María José', email: 'mj@example.com', phone: '+525555550123', locale: 'es-MX', timeZone: 'America/Mexico_City' },
} as const;

const request = (milestone: MilestoneName, language: keyof typeof CUSTOMERS, patch: Partial<NotificationRequest> = {}): NotificationRequest => ({
  orderId: ORDER_ID,
  milestone,
  channel: 'email',
  customer: CUSTOMERS[language],
  shipment:
    milestone === Milestone.ORDER_RECEIVED
      ? undefined
      : {
          carrier: Carrier.DHL,
          trackingNumber: DHL_TN,
          trackingUrl: DHL_URL,
          deliveredAt: '2026-11-26T19:05:00Z',
          proofOfDelivery: { signedBy: 'GUADALUPE HERNANDEZ RODRIGUEZ', hasSignature: true, hasProofOfDelivery: true },
          estimatedDelivery: { date: '2026-11-28' },
        },
  details: DETAILS[milestone],
  ...patch,
});

const segments = (text: string): number => new SegmentedMessage(text).segmentsCount;
const OPT_OUT = { en: 'Reply STOP to opt out', es: 'Responde STOP para darte de baja' };
const ALL = Object.values(Milestone);

describe('milestone SMS', () => {
  describe.each(['en', 'es'] as const)('%s', (language) => {
    it.each(ALL)('%s fits the segment budget with long values, and keeps the carrier link and opt-out', (milestone) => {
      const links: MessageLinks = { trackingPage: SHORT_PAGE };
      const sms = renderMilestoneSms(request(milestone, language), BRAND, links);
      expect(segments(sms)).toBeLessThanOrEqual(SMS_SEGMENT_BUDGET);
      expect(sms.startsWith(`${BRAND.name}: `)).toBe(true);
      expect(sms).toContain(ORDER_ID);
      expect(sms.endsWith(`\n${OPT_OUT[language]}`)).toBe(true);
      if (milestone !== Milestone.ORDER_RECEIVED) expect(sms).toContain(DHL_URL);
      expect(sms).not.toMatch(/undefined|NaN|\[object/);
      // No-break spaces from Intl would force UCS-2.
      expect(sms).not.toMatch(/[\u00a0\u202f]/);
    });

    it.each(ALL)('%s links the tracking page (a short link fits the budget)', (milestone) => {
      const ups = { carrier: Carrier.UPS, trackingNumber: '1Z5R89390357567127', trackingUrl: trackingUrl(Carrier.UPS, '1Z5R89390357567127') };
      const sms = renderMilestoneSms(request(milestone, language, { shipment: ups }), BRAND, { trackingPage: SHORT_PAGE });
      expect(sms).toContain(SHORT_PAGE);
      expect(segments(sms)).toBeLessThanOrEqual(SMS_SEGMENT_BUDGET);
    });

    it('drops a tracking page too long for the budget, never the carrier link', () => {
      const sms = renderMilestoneSms(request(Milestone.DELIVERED, language), BRAND, { trackingPage: JWT_PAGE });
      expect(sms).not.toContain(JWT_PAGE);
      expect(sms).toContain(DHL_URL);
      expect(segments(sms)).toBeLessThanOrEqual(SMS_SEGMENT_BUDGET);
      // The detail (the signer) survives when the page was enough.
      expect(sms).toContain('GUADALUPE HERNANDEZ RODRIGUEZ');
    });

    it('shortens the pickup detail before dropping it', () => {
      const sms = renderMilestoneSms(request(Milestone.DELIVERY_ATTEMPTED, language), BRAND);
      expect(segments(sms)).toBeLessThanOrEqual(SMS_SEGMENT_BUDGET);
      expect(sms).toMatch(language === 'en' ? /Dec 12/ : /12 dic/);
    });

    it('keeps the carrier link and opt-out even when nothing fits (a UCS-2 brand)', () => {
      const sms = renderMilestoneSms(request(Milestone.DELIVERED, language), { name: 'Tienda Ñandú 🦙 Orgánica Artesanal de Jalisco' }, { trackingPage: SHORT_PAGE });
      expect(sms).toContain(DHL_URL);
      expect(sms.endsWith(OPT_OUT[language])).toBe(true);
      expect(sms).not.toContain(SHORT_PAGE);
    });

    it('only links https tracking URLs', () => {
      const sms = renderMilestoneSms(
        request(Milestone.SHIPPED, language, { shipment: { carrier: Carrier.DHL, trackingNumber: DHL_TN, trackingUrl: 'javascript:alert(1)' } }),
        BRAND,
        { trackingPage: 'http://track.example/t/1' },
      );
      expect(sms).not.toMatch(/javascript|http:/);
    });
  });

  it('words each milestone in the customer language with short dates in their time zone', () => {
    expect(renderMilestoneSms(request(Milestone.DELIVERED, 'en'), BRAND)).toMatch(/was delivered on Nov 26, 2:05 PM EST\. Signed for by GUADALUPE/);
    expect(renderMilestoneSms(request(Milestone.DELIVERED, 'es'), BRAND)).toMatch(/fue entregado el 26 nov, 1:05 p\.\s?m\. GMT-6\. Firmado por GUADALUPE/);
    expect(renderMilestoneSms(request(Milestone.DELAYED, 'es'), BRAND)).toContain('Nueva fecha de entrega: 5 dic.');
    expect(renderMilestoneSms(request(Milestone.RETURNED, 'es'), BRAND)).toContain('Reembolso: $1,249.99.');
    expect(renderMilestoneSms(request(Milestone.RETURNED, 'en'), BRAND)).toContain('Refund: MX$1,249.99.');
  });

  it('keeps the Spanish wording in the GSM-7 alphabet, so a segment holds 153 characters, not 67', () => {
    for (const milestone of ALL) {
      const sms = renderMilestoneSms(request(milestone, 'es', { details: undefined }), BRAND);
      expect(new SegmentedMessage(sms).encodingName).toBe('GSM-7');
    }
  });
});

describe('milestone push', () => {
  describe.each(['en', 'es'] as const)('%s', (language) => {
    it.each(ALL)('%s stays within the title and body limits', (milestone) => {
      const push = renderMilestonePush(request(milestone, language), BRAND);
      expect(Array.from(push.title).length).toBeLessThanOrEqual(PUSH_TITLE_MAX);
      expect(Array.from(push.body).length).toBeLessThanOrEqual(PUSH_BODY_MAX);
      expect(push.title).toContain(ORDER_ID);
      expect(push.body).toContain(ORDER_ID);
      expect(push.body).not.toMatch(/https?:/);
    });

    it.each(ALL)('%s stays within the limits with absurdly long values', (milestone) => {
      const push = renderMilestonePush(
        request(milestone, language, {
          orderId: `ORDER-${'9'.repeat(80)}`,
          details: { ...DETAILS[milestone], pickup: { ...LONG_PICKUP, locationName: 'Ω'.repeat(300) } },
        }),
        { name: 'B'.repeat(100) },
      );
      expect(Array.from(push.title).length).toBeLessThanOrEqual(PUSH_TITLE_MAX);
      expect(Array.from(push.body).length).toBeLessThanOrEqual(PUSH_BODY_MAX);
    });
  });

  it('prefixes the brand when it fits, and states the fact in the body', () => {
    expect(renderMilestonePush(request(Milestone.DELAYED, 'en'), { name: 'Northwind' })).toEqual({
      title: `Northwind: Your order ${ORDER_ID} is delayed`,
      body: `Order ${ORDER_ID} is delayed. New delivery date: Dec 5.`,
    });
    expect(renderMilestonePush(request(Milestone.DELAYED, 'es'), { name: 'Northwind' })).toEqual({
      title: `Northwind: Tu pedido ${ORDER_ID} lleva retraso`,
      body: `Tu pedido ${ORDER_ID} llega con retraso. Nueva fecha de entrega: 5 dic.`,
    });
  });
});
