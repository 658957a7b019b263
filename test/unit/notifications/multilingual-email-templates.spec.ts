import { trackingUrl } from '../../../activities/carriers/tracking-numbers';
import { renderMilestoneEmail as renderFromOldPath } from '../../../activities/notifications/email-templates';
import type { NotificationDetails, NotificationRequest } from '../../../activities/notifications/notification.types';
import { renderMilestoneEmail, resolveLanguage, type Brand, type MessageLinks } from '../../../activities/notifications/templates';
import { Carrier, Milestone, type Milestone as MilestoneName } from '../../../workflows/shared/vocabulary';

const BRAND: Brand = { name: 'Northwind Outfitters', logoUrl: 'https://cdn.northwind.example/logo.png', primaryColor: '#0B6E4F', supportEmail: 'help@northwind.example' };
const TN = '1Z5R89390357567127';
const UPS_URL = trackingUrl(Carrier.UPS, TN);
const LINKS: MessageLinks = { trackingPage: 'https://track.northwind.example/t/abc123', unsubscribeEmail: 'https://track.northwind.example/u/abc123' };
/** 19:05 UTC: 14:05 in New York, 20:05 in Madrid, 13:05 in Mexico City. */
const DELIVERED_AT = '2026-11-26T19:05:00Z';
const PICKUP = {
  locationName: 'The UPS Store #4521',
  location: { city: 'Springfield', region: 'IL', postalCode: '62701', countryCode: 'US' },
  holdUntil: '2026-12-08',
};

type Customer = NotificationRequest['customer'];
const EN: Customer = { name: 'Ana Lima', email: 'ana@example.com', locale: 'en-US', timeZone: 'America/New_York' };
const ES: Customer = { name: 'María José', email: 'mj@example.com', locale: 'es-ES', timeZone: 'Europe/Madrid' };

const request = (milestone: MilestoneName, customer: Customer, details?: NotificationDetails, patch: Partial<NotificationRequest> = {}): NotificationRequest => ({
  orderId: 'A-1001',
  milestone,
  channel: 'email',
  shipmentId: milestone === Milestone.ORDER_RECEIVED ? undefined : 'shp_1',
  customer,
  shipment:
    milestone === Milestone.ORDER_RECEIVED
      ? undefined
      : {
          carrier: Carrier.UPS,
          trackingNumber: TN,
          trackingUrl: UPS_URL,
          deliveredAt: DELIVERED_AT,
          proofOfDelivery: { signedBy: 'MORGAN', place: 'Front Door', hasSignature: true, hasProofOfDelivery: true },
          estimatedDelivery: { date: '2026-11-27' },
        },
  details,
  ...patch,
});

/** The facts each milestone must state, per language. Regexes allow Intl's no-break spaces. */
const CASES: Array<{ milestone: MilestoneName; details?: NotificationDetails; en: Array<string | RegExp>; es: Array<string | RegExp> }> = [
  {
    milestone: Milestone.ORDER_RECEIVED,
    en: ["We've received your order A-1001 — Northwind Outfitters", 'We have received order A-1001'],
    es: ['Hemos recibido tu pedido A-1001 — Northwind Outfitters', 'te avisaremos en cuanto se envíe'],
  },
  {
    milestone: Milestone.SHIPPED,
    en: ['Your order A-1001 has shipped — Northwind Outfitters', 'Carrier: UPS', `Tracking number: ${TN}`, 'Estimated delivery: Friday, November 27'],
    es: ['Tu pedido A-1001 ya está en camino — Northwind Outfitters', 'Transportista: UPS', `Número de seguimiento: ${TN}`, 'Entrega estimada: viernes, 27 de noviembre'],
  },
  {
    milestone: Milestone.OUT_FOR_DELIVERY,
    en: ['Your order A-1001 is out for delivery — Northwind Outfitters', 'is out for delivery today', 'Carrier: UPS'],
    es: ['Tu pedido A-1001 está en reparto — Northwind Outfitters', 'está hoy en reparto', 'Transportista: UPS'],
  },
  {
    milestone: Milestone.DELIVERED,
    en: ['Your order A-1001 has been delivered — Northwind Outfitters', /Delivered: Thursday, November 26, 2026 at 2:05\sPM EST/, 'Signed for by: MORGAN', 'Left at: Front Door'],
    // Madrid is UTC+1 in November: 19:05 UTC is 20:05 there.
    es: ['Tu pedido A-1001 se ha entregado — Northwind Outfitters', /Entregado: jueves, 26 de noviembre de 2026, 20:05 CET/, 'Firmado por: MORGAN', 'Dejado en: Front Door'],
  },
  {
    milestone: Milestone.DELAYED,
    details: { newDeliveryDate: '2026-12-01', delayReason: 'estimate_slipped' },
    en: ['Your order A-1001 is delayed — Northwind Outfitters', 'UPS has pushed back the delivery', 'It is now expected on Tuesday, December 1.'],
    es: ['Tu pedido A-1001 lleva retraso — Northwind Outfitters', 'UPS ha retrasado la entrega', 'Ahora se espera para el martes, 1 de diciembre.'],
  },
  {
    milestone: Milestone.DELIVERY_ATTEMPTED,
    details: { attempt: { number: 2, final: false, reattemptDate: '2026-12-02' } },
    en: ["We couldn't deliver your order A-1001 — Northwind Outfitters", 'This was delivery attempt 2.', 'UPS will try again on Wednesday, December 2.'],
    es: ['No hemos podido entregar tu pedido A-1001 — Northwind Outfitters', 'Este fue el intento de entrega n.º 2.', 'UPS lo volverá a intentar el miércoles, 2 de diciembre.'],
  },
  {
    milestone: Milestone.AVAILABLE_FOR_PICKUP,
    details: { pickup: PICKUP },
    en: ['Your order A-1001 is ready for pickup — Northwind Outfitters', 'Pickup location: The UPS Store #4521', 'Address: Springfield, IL 62701, United States', 'Please collect it by Tuesday, December 8.'],
    es: ['Tu pedido A-1001 está listo para recoger — Northwind Outfitters', 'Punto de recogida: The UPS Store #4521', 'Dirección: Springfield, IL 62701, Estados Unidos', 'Recógelo a más tardar el martes, 8 de diciembre.'],
  },
  {
    milestone: Milestone.RETURNING,
    en: ['Your order A-1001 is being returned to the sender — Northwind Outfitters', 'on its way back to the sender'],
    es: ['Tu pedido A-1001 está volviendo al remitente — Northwind Outfitters', 'Te avisaremos cuando haya llegado de vuelta.'],
  },
  {
    milestone: Milestone.RETURNED,
    details: { refund: { amount: 4999, currency: 'USD' } },
    en: ['Your order A-1001 was returned to the sender — Northwind Outfitters', 'Refund: $49.99'],
    es: ['Tu pedido A-1001 se ha devuelto al remitente — Northwind Outfitters', /Reembolso: 49,99\sUS\$/],
  },
  {
    milestone: Milestone.LOST,
    details: { refund: { amount: 124999, currency: 'EUR' } },
    en: ['Your order A-1001 was lost in transit — Northwind Outfitters', "We're sorry: UPS has lost your parcel", 'Refund: €1,249.99'],
    es: ['Tu pedido A-1001 se ha perdido durante el transporte — Northwind Outfitters', 'Lo sentimos: UPS ha perdido tu paquete', /Reembolso: 1249,99\s€/],
  },
  {
    milestone: Milestone.DISPUTE_OPENED,
    en: ["We've received your report about order A-1001 — Northwind Outfitters", 'Your payment is on hold until the report is settled.'],
    es: ['Hemos recibido tu aviso sobre el pedido A-1001 — Northwind Outfitters', 'Tu pago queda retenido hasta que se resuelva el aviso.'],
  },
  {
    milestone: Milestone.DISPUTE_RESOLVED,
    details: { disputeResolution: 'refunded', refund: { amount: 4999, currency: 'USD' } },
    en: ['Update on your report about order A-1001 — Northwind Outfitters', 'with a refund', 'Refund: $49.99'],
    es: ['Novedades sobre tu aviso del pedido A-1001 — Northwind Outfitters', 'con un reembolso', /Reembolso: 49,99\sUS\$/],
  },
];

const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

describe('milestone emails in English and Spanish', () => {
  it('covers every milestone', () => {
    expect(CASES.map((c) => c.milestone).sort()).toEqual([...Object.values(Milestone)].sort());
  });

  describe.each([
    ['en', EN],
    ['es', ES],
  ] as const)('%s', (language, customer) => {
    it.each(CASES)('$milestone: states its facts in the subject, text and HTML', ({ milestone, details, ...expected }) => {
      const email = renderMilestoneEmail(request(milestone, customer, details), BRAND, LINKS);
      const [subject, ...facts] = expected[language];
      expect(email.subject).toBe(subject);
      for (const fact of facts) {
        expect(email.text).toMatch(fact);
        if (typeof fact === 'string') expect(email.html).toContain(escape(fact));
        else expect(email.html.replace(/&#39;/g, "'")).toMatch(fact);
      }
      expect(email.html).toContain(`<html lang="${language}">`);
      expect(email.text).not.toMatch(/undefined|NaN|\[object/);
      expect(email.html).not.toMatch(/undefined|NaN|\[object/);
    });

    it.each(CASES.filter((c) => c.milestone !== Milestone.ORDER_RECEIVED))('$milestone: carries the carrier and Waybill tracking links', ({ milestone, details }) => {
      const email = renderMilestoneEmail(request(milestone, customer, details), BRAND, LINKS);
      const [track, page] = language === 'en' ? ['Track your parcel', 'See your order'] : ['Sigue tu paquete', 'Ver tu pedido'];
      expect(email.text).toContain(`${track}: ${UPS_URL}`);
      expect(email.text).toContain(`${page}: ${LINKS.trackingPage}`);
      expect(email.html).toMatch(new RegExp(`<a href="${UPS_URL.replace(/[.?]/g, '\\$&')}"[^>]*>${track}</a>`));
      expect(email.html).toMatch(new RegExp(`<a href="${LINKS.trackingPage!.replace(/[.?]/g, '\\$&')}"[^>]*>${page}</a>`));
    });
  });

  it('keeps every English subject as it was before Spanish existed', () => {
    const subjects = Object.values(Milestone).map((m) => renderMilestoneEmail(request(m, EN), { name: 'Waybill' }).subject);
    expect(subjects).toEqual([
      "We've received your order A-1001 — Waybill",
      'Your order A-1001 has shipped — Waybill',
      'Your order A-1001 is out for delivery — Waybill',
      'Your order A-1001 has been delivered — Waybill',
      'Your order A-1001 is delayed — Waybill',
      "We couldn't deliver your order A-1001 — Waybill",
      'Your order A-1001 is ready for pickup — Waybill',
      'Your order A-1001 is being returned to the sender — Waybill',
      'Your order A-1001 was returned to the sender — Waybill',
      'Your order A-1001 was lost in transit — Waybill',
      "We've received your report about order A-1001 — Waybill",
      'Update on your report about order A-1001 — Waybill',
    ]);
  });

  it('gives every milestone its own Spanish subject', () => {
    const subjects = Object.values(Milestone).map((m) => renderMilestoneEmail(request(m, ES), BRAND).subject);
    expect(new Set(subjects).size).toBe(subjects.length);
  });

  describe('Spanish delivery attempts and pickups', () => {
    const render = (details: NotificationDetails) => renderMilestoneEmail(request(Milestone.DELIVERY_ATTEMPTED, ES, details), BRAND).text;

    it('names the final attempt, the pickup point and the hold-until day', () => {
      const text = render({ attempt: { number: 3, final: true, pickup: PICKUP } });
      expect(text).toContain('Este fue el último intento de entrega (intento n.º 3).');
      expect(text).toContain('UPS ha llevado tu paquete a un punto de recogida');
      expect(text).toContain('Punto de recogida: The UPS Store #4521');
      expect(text).toContain('Lo guardarán allí hasta el martes, 8 de diciembre.');
      expect(text).toContain('Si no se recoge a más tardar el martes, 8 de diciembre, se devolverá al remitente.');
    });

    it.each([
      [Carrier.UPS, 'Reprogramar con UPS My Choice', 'abre la página de seguimiento de UPS'],
      [Carrier.FEDEX, 'Reprogramar con FedEx Delivery Manager', 'abre la página de seguimiento de FedEx'],
      [Carrier.USPS, 'Reprogramar con USPS Redelivery', 'solicita USPS Redelivery con tu número de seguimiento'],
    ])('offers %s rescheduling in Spanish', (carrier, label, how) => {
      const email = renderMilestoneEmail(
        request(Milestone.DELIVERY_ATTEMPTED, ES, { attempt: { number: 1, final: false } }, {
          shipment: { carrier, trackingNumber: TN, trackingUrl: trackingUrl(carrier, TN) },
        }),
        BRAND,
      );
      expect(email.text).toContain(how);
      expect(email.text).toMatch(new RegExp(`${label}: https://`));
      expect(email.html).toContain(`>${label}</a>`);
    });
  });

  describe('language and dates', () => {
    it.each([
      ['es', 'es'],
      ['es-MX', 'es'],
      ['es-ES', 'es'],
      ['ES-es', 'es'],
      ['es_419', 'es'],
      ['en-US', 'en'],
      ['en-GB', 'en'],
      ['fr-FR', 'en'],
      ['est', 'en'],
      ['', 'en'],
      [undefined, 'en'],
      ['not a locale!', 'en'],
    ])('resolves %p to %s', (locale, language) => {
      expect(resolveLanguage(locale)).toBe(language);
    });

    it('shows a Mexican customer Mexican formats in their own time zone', () => {
      const customer: Customer = { name: 'Lupe', email: 'l@example.com', locale: 'es-MX', timeZone: 'America/Mexico_City' };
      const delivered = renderMilestoneEmail(request(Milestone.DELIVERED, customer), BRAND).text;
      expect(delivered).toMatch(/Entregado: jueves, 26 de noviembre de 2026, 1:05\sp\.\s?m\./);
      const refund = renderMilestoneEmail(request(Milestone.RETURNED, customer, { refund: { amount: 124999, currency: 'MXN' } }), BRAND).text;
      expect(refund).toContain('Reembolso: $1,249.99');
    });

    it('writes dates in the language of the message, not a third one', () => {
      // de-DE reads English (no German templates): English words and formats, their own time zone.
      const customer: Customer = { name: 'Jonas', email: 'j@example.com', locale: 'de-DE', timeZone: 'Europe/Berlin' };
      const text = renderMilestoneEmail(request(Milestone.DELAYED, customer, { newDeliveryDate: '2026-12-01' }), BRAND).text;
      expect(text).toContain('It is now expected on Tuesday, December 1.');
      expect(renderMilestoneEmail(request(Milestone.DELIVERED, customer), BRAND).text).toMatch(/Delivered: Thursday, November 26, 2026 at 8:05\sPM GMT\+1/);
    });

    it('keeps the calendar day of a delay for a Spanish customer far from UTC', () => {
      const customer: Customer = { name: 'Kai', email: 'k@example.com', locale: 'es', timeZone: 'Pacific/Kiritimati' };
      expect(renderMilestoneEmail(request(Milestone.DELAYED, customer, { newDeliveryDate: '2026-12-01' }), BRAND).text).toContain('martes, 1 de diciembre');
    });
  });

  describe('branding', () => {
    it('shows the logo, name and colours, and the support address in both parts', () => {
      const email = renderMilestoneEmail(request(Milestone.SHIPPED, EN), { ...BRAND, accentColor: '#AA3300' }, LINKS);
      expect(email.html).toContain('<img src="https://cdn.northwind.example/logo.png" alt="Northwind Outfitters"');
      expect(email.html).toContain('background-color:#0b6e4f');
      expect(email.html).toContain('color:#aa3300');
      expect(email.html).toContain('<a href="mailto:help@northwind.example"');
      expect(email.text).toContain('Questions? Write to us at help@northwind.example');
      expect(email.text).toContain('— Northwind Outfitters');
    });

    it('picks dark text on a light primary colour and white on a dark one', () => {
      const light = renderMilestoneEmail(request(Milestone.SHIPPED, EN), { name: 'Sun', primaryColor: '#ffcc00' }).html;
      const dark = renderMilestoneEmail(request(Milestone.SHIPPED, EN), { name: 'Night', primaryColor: '#101820' }).html;
      expect(light).toMatch(/color:#111111;text-decoration:none;[^"]*">Track your parcel/);
      expect(dark).toMatch(/color:#ffffff;text-decoration:none;[^"]*">Track your parcel/);
    });

    it('falls back to safe defaults for invalid colours and a non-https logo', () => {
      const email = renderMilestoneEmail(request(Milestone.SHIPPED, EN), {
        name: 'Shop',
        primaryColor: 'red;background:url(javascript:alert(1))',
        accentColor: '#12345',
        logoUrl: 'javascript:alert(1)',
        supportEmail: 'not an email <x@y>',
      });
      expect(email.html).not.toContain('javascript');
      expect(email.html).not.toContain('<img');
      expect(email.html).not.toContain('#12345;');
      expect(email.html).not.toContain('mailto:');
      expect(email.html).toContain('background-color:#1d4ed8');
      expect(email.html).toContain('>Shop</span>');
    });
  });

  describe('HTML escaping and links', () => {
    const hostile = request(Milestone.DELIVERED, { ...EN, name: '<script>alert("x")</script> & Co' }, undefined, {
      shipment: {
        carrier: Carrier.UPS,
        trackingNumber: '<b>1Z</b>',
        trackingUrl: 'javascript:alert(document.cookie)',
        proofOfDelivery: { signedBy: '"><img src=x onerror=alert(1)>', hasSignature: true, hasProofOfDelivery: false },
      },
    });

    it('escapes every interpolated value', () => {
      const email = renderMilestoneEmail(hostile, { name: 'Shop <Inc> "&"' }, LINKS);
      expect(email.html).not.toMatch(/<script|<img|<b>/i);
      expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
      expect(email.html).toContain('Signed for by: &quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
      expect(email.html).toContain('Tracking number: &lt;b&gt;1Z&lt;/b&gt;');
      expect(email.html).toContain('Shop &lt;Inc&gt; &quot;&amp;&quot;');
      expect(email.text).toContain('Hello <script>alert("x")</script> & Co,');
    });

    it('links only https: URLs, in the HTML and the text', () => {
      const email = renderMilestoneEmail(hostile, BRAND, { trackingPage: 'http://track.example/t/1', unsubscribeEmail: 'data:text/html,hi' });
      expect(email.html).not.toMatch(/javascript:|data:|http:\/\//);
      expect(email.text).not.toMatch(/javascript:|data:|http:\/\//);
      expect(email.text).not.toContain('Track your parcel');
      expect(email.text).not.toContain('See your order');
      expect(email.headers).toBeUndefined();
      for (const [, href] of email.html.matchAll(/href="([^"]*)"/g)) expect(href).toMatch(/^(https:\/\/|mailto:)/);
    });

    it('keeps quotes and angle brackets in an https URL out of the markup', () => {
      const email = renderMilestoneEmail(
        request(Milestone.SHIPPED, EN, undefined, {
          shipment: { carrier: Carrier.UPS, trackingNumber: TN, trackingUrl: 'https://evil.example/"><script>alert(1)</script>?a=1&b=2' },
        }),
        BRAND,
      );
      expect(email.html).not.toContain('<script>');
      expect(email.html).toContain('href="https://evil.example/%22%3E%3Cscript%3Ealert(1)%3C/script%3E?a=1&amp;b=2"');
    });
  });

  describe('List-Unsubscribe', () => {
    it('sets the one-click headers and a footer link when given an https unsubscribe URL', () => {
      const email = renderMilestoneEmail(request(Milestone.SHIPPED, ES), BRAND, LINKS);
      expect(email.headers).toEqual({
        'List-Unsubscribe': '<https://track.northwind.example/u/abc123>',
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      });
      expect(email.text).toContain('Darse de baja: https://track.northwind.example/u/abc123');
      expect(email.html).toMatch(/<a href="https:\/\/track\.northwind\.example\/u\/abc123"[^>]*>Darse de baja<\/a>/);
    });

    it('has no headers key at all without one', () => {
      const email = renderMilestoneEmail(request(Milestone.SHIPPED, EN), BRAND);
      expect('headers' in email).toBe(false);
      expect(email.text).not.toContain('Unsubscribe');
    });
  });

  it('is still importable from the old path', () => {
    expect(renderFromOldPath).toBe(renderMilestoneEmail);
  });
});
