import { formatForCustomer, renderMilestoneEmail } from '../../../activities/notifications/email-templates';
import type { NotificationRequest } from '../../../activities/notifications/notification.types';
import { trackingUrl } from '../../../activities/carriers/tracking-numbers';
import { Milestone, type Milestone as MilestoneName } from '../../../workflows/shared/vocabulary';

const BRAND = { name: 'Waybill Shop' };
const TN = '1Z5R89390357567127';
const UPS_URL = trackingUrl('ups', TN);
const DHL_URL = trackingUrl('dhl', 'JD014600006281230901'); // has a query string with `&`

/** 19:05 UTC: 14:05 in New York (EST), 04:05 the next day in Tokyo. */
const DELIVERED_AT = '2026-11-26T19:05:00Z';

const request = (milestone: MilestoneName, patch: Partial<NotificationRequest> = {}): NotificationRequest => ({
  orderId: 'A-1001',
  milestone,
  channel: 'email',
  shipmentId: milestone === Milestone.ORDER_RECEIVED ? undefined : 'shp_1',
  customer: { name: 'Ana Lima', email: 'ana@example.com', locale: 'en-US', timeZone: 'America/New_York' },
  shipment:
    milestone === Milestone.ORDER_RECEIVED
      ? undefined
      : { carrier: 'ups', trackingNumber: TN, trackingUrl: UPS_URL },
  ...patch,
});

const ALL_MILESTONES = Object.values(Milestone);

describe('renderMilestoneEmail', () => {
  it.each(ALL_MILESTONES)('renders %s with a subject, text and HTML that name the order and brand', (milestone) => {
    const email = renderMilestoneEmail(request(milestone), BRAND);
    expect(email.subject).toContain('A-1001');
    expect(email.subject).toMatch(/Waybill Shop$/);
    expect(email.text).toContain('Hello Ana Lima,');
    expect(email.text).toContain('A-1001');
    expect(email.text).toContain('— Waybill Shop');
    expect(email.html).toMatch(/^<!doctype html><html lang="en">/);
    expect(email.html).toContain('</body></html>');
    expect(email.html).toContain('A-1001');
  });

  it('gives every milestone its own subject', () => {
    const subjects = ALL_MILESTONES.map((m) => renderMilestoneEmail(request(m), BRAND).subject);
    expect(new Set(subjects).size).toBe(ALL_MILESTONES.length);
    expect(subjects).toEqual([
      expect.stringMatching(/received your order/i),
      expect.stringMatching(/shipped/i),
      expect.stringMatching(/out for delivery/i),
      expect.stringMatching(/delivered/i),
      expect.stringMatching(/delayed/i),
      expect.stringMatching(/couldn't deliver/i),
      expect.stringMatching(/ready for pickup/i),
      expect.stringMatching(/being returned/i),
      expect.stringMatching(/was returned/i),
      expect.stringMatching(/lost/i),
      expect.stringMatching(/received your report/i),
      expect.stringMatching(/update on your report/i),
    ]);
  });

  it.each([Milestone.SHIPPED, Milestone.OUT_FOR_DELIVERY, Milestone.DELIVERED])(
    'puts the carrier tracking link in the text and as an href for %s',
    (milestone) => {
      const email = renderMilestoneEmail(request(milestone), BRAND);
      expect(email.text).toContain(`Track your parcel: ${UPS_URL}`);
      expect(email.html).toContain(`<a href="${UPS_URL}"`);
      expect(email.text).toContain(`Tracking number: ${TN}`);
      expect(email.text).toContain('Carrier: UPS');
    },
  );

  it('escapes the link inside the href attribute (query strings with &)', () => {
    const email = renderMilestoneEmail(
      request(Milestone.SHIPPED, { shipment: { carrier: 'dhl', trackingNumber: 'JD014600006281230901', trackingUrl: DHL_URL } }),
      BRAND,
    );
    expect(DHL_URL).toContain('&');
    expect(email.html).toContain(`href="${DHL_URL.replace(/&/g, '&amp;')}"`);
    expect(email.text).toContain(DHL_URL);
    expect(email.text).toContain('Carrier: DHL');
  });

  it('has no tracking link when the order has no parcel yet', () => {
    const email = renderMilestoneEmail(request(Milestone.ORDER_RECEIVED), BRAND);
    expect(email.text).not.toContain('Track your parcel');
    expect(email.html).not.toContain('<a ');
  });

  it('HTML-escapes customer-supplied text but leaves the plain text as written', () => {
    const name = '<script>alert("x")</script> & <b>Bob</b>';
    const email = renderMilestoneEmail(
      request(Milestone.DELIVERED, { customer: { name, email: 'bob@example.com', timeZone: 'UTC' } }),
      BRAND,
    );
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<b>Bob</b>');
    expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;Bob&lt;/b&gt;');
    expect(email.text).toContain(`Hello ${name},`);
  });

  it('HTML-escapes carrier-supplied proof-of-delivery text and the brand', () => {
    const email = renderMilestoneEmail(
      request(Milestone.DELIVERED, {
        shipment: {
          carrier: 'ups',
          trackingNumber: TN,
          trackingUrl: UPS_URL,
          proofOfDelivery: { receivedBy: '<img src=x onerror=alert(1)>', place: 'Porch "A"', hasSignature: false, hasProofOfDelivery: false },
        },
      }),
      { name: 'Shop <Inc>' },
    );
    expect(email.html).not.toMatch(/<img/);
    expect(email.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(email.html).toContain('Porch &quot;A&quot;');
    expect(email.html).toContain('Shop &lt;Inc&gt;');
  });

  describe('dates in the customer time zone', () => {
    const deliveredTo = (customer: NotificationRequest['customer']) =>
      renderMilestoneEmail(
        request(Milestone.DELIVERED, {
          customer,
          shipment: { carrier: 'ups', trackingNumber: TN, trackingUrl: UPS_URL, deliveredAt: DELIVERED_AT },
        }),
        BRAND,
      );
    const deliveredLine = (text: string): string => text.split('\n').find((line) => line.startsWith('Delivered: ')) ?? '';

    it('shows New York and Tokyo customers different local times for the same instant', () => {
      const newYork = deliveredLine(deliveredTo({ name: 'Ana', email: 'a@example.com', locale: 'en-US', timeZone: 'America/New_York' }).text);
      const tokyo = deliveredLine(deliveredTo({ name: 'Kei', email: 'k@example.com', locale: 'en-US', timeZone: 'Asia/Tokyo' }).text);
      expect(newYork).toMatch(/Thursday, November 26, 2026/);
      expect(newYork).toMatch(/2:05\sPM/);
      expect(newYork).toMatch(/EST/);
      expect(tokyo).toMatch(/Friday, November 27, 2026/);
      expect(tokyo).toMatch(/4:05\sAM/);
      expect(tokyo).toMatch(/GMT\+9/);
      expect(newYork).not.toBe(tokyo);
    });

    it('uses the same local time in the HTML', () => {
      const email = deliveredTo({ name: 'Kei', email: 'k@example.com', locale: 'en-US', timeZone: 'Asia/Tokyo' });
      expect(email.html).toMatch(/<li>Delivered: Friday, November 27, 2026[^<]*4:05\sAM/);
    });

    it('falls back to UTC for an invalid zone without throwing', () => {
      let text = '';
      expect(() => {
        text = deliveredTo({ name: 'Ana', email: 'a@example.com', locale: 'en-US', timeZone: 'Mars/Olympus_Mons' }).text;
      }).not.toThrow();
      const line = deliveredLine(text);
      expect(line).toMatch(/Thursday, November 26, 2026/);
      expect(line).toMatch(/7:05\sPM/);
      expect(line).toMatch(/UTC/);
    });

    it('uses UTC when the customer gave no zone', () => {
      expect(deliveredLine(deliveredTo({ name: 'Ana', email: 'a@example.com' }).text)).toMatch(/7:05\sPM UTC/);
    });

    it('survives an invalid locale too', () => {
      expect(() => formatForCustomer(DELIVERED_AT, request(Milestone.DELIVERED, { customer: { name: 'A', email: 'a@example.com', locale: 'not a locale!' } }))).not.toThrow();
    });

    it('formats the estimated delivery window in the customer zone on the shipped email', () => {
      const email = renderMilestoneEmail(
        request(Milestone.SHIPPED, {
          customer: { name: 'Kei', email: 'k@example.com', locale: 'en-US', timeZone: 'Asia/Tokyo' },
          shipment: {
            carrier: 'ups',
            trackingNumber: TN,
            trackingUrl: UPS_URL,
            estimatedDelivery: { date: '2026-11-27', from: '2026-11-27T09:00:00-05:00', to: '2026-11-27T11:00:00-05:00' },
          },
        }),
        BRAND,
      );
      // 09:00 and 11:00 in New York are 23:00 and 01:00 (next day) in Tokyo.
      expect(email.text).toMatch(/Estimated delivery: between Friday, November 27, 2026[^\n]*11:00\sPM[^\n]* and Saturday, November 28, 2026[^\n]*1:00\sAM/);
    });

    it('shows a date-only estimate as a calendar day', () => {
      const email = renderMilestoneEmail(
        request(Milestone.SHIPPED, {
          shipment: { carrier: 'ups', trackingNumber: TN, trackingUrl: UPS_URL, estimatedDelivery: { date: '2026-11-27' } },
        }),
        BRAND,
      );
      expect(email.text).toContain('Estimated delivery: Friday, November 27');
    });
  });

  describe('proof of delivery lines', () => {
    const delivered = (proofOfDelivery?: NonNullable<NotificationRequest['shipment']>['proofOfDelivery']) =>
      renderMilestoneEmail(
        request(Milestone.DELIVERED, { shipment: { carrier: 'ups', trackingNumber: TN, trackingUrl: UPS_URL, proofOfDelivery } }),
        BRAND,
      );

    it('shows who signed and where it was left when known', () => {
      const email = delivered({ signedBy: 'MORGAN', place: 'Front Door', hasSignature: true, hasProofOfDelivery: false });
      expect(email.text).toContain('Signed for by: MORGAN');
      expect(email.text).toContain('Left at: Front Door');
      expect(email.html).toContain('<li>Signed for by: MORGAN</li>');
      expect(email.html).toContain('<li>Left at: Front Door</li>');
    });

    it('falls back to receivedBy for the signer', () => {
      expect(delivered({ receivedBy: 'RILEY', hasSignature: false, hasProofOfDelivery: false }).text).toContain('Signed for by: RILEY');
    });

    it('prefers signedBy over receivedBy', () => {
      const text = delivered({ signedBy: 'MORGAN', receivedBy: 'RILEY', hasSignature: true, hasProofOfDelivery: false }).text;
      expect(text).toContain('Signed for by: MORGAN');
      expect(text).not.toContain('RILEY');
    });

    it('leaves both lines out when unknown', () => {
      for (const email of [delivered(undefined), delivered({ hasSignature: false, hasProofOfDelivery: false })]) {
        expect(email.text).not.toContain('Signed for by');
        expect(email.text).not.toContain('Left at');
        expect(email.text).not.toContain('Delivered: ');
        expect(email.text).not.toContain('undefined');
      }
    });
  });
});
