import { rescheduleLink } from '../../../activities/notifications/carrier-links';
import { formatCalendarDay, formatMoney } from '../../../activities/notifications/customer-format';
import { renderMilestoneEmail } from '../../../activities/notifications/email-templates';
import type { NotificationDetails, NotificationRequest } from '../../../activities/notifications/notification.types';
import { trackingUrl } from '../../../activities/carriers/tracking-numbers';
import type { PickupDetails } from '../../../workflows/shared/tracking';
import { Carrier, Milestone, type Milestone as MilestoneName } from '../../../workflows/shared/vocabulary';

const BRAND = { name: 'Waybill Shop' };
const TRACKING_NUMBERS: Record<Carrier, string> = {
  ups: '1Z5R89390357567127',
  fedex: '123456789012',
  usps: '9400111899223197428490',
  dhl: 'JD014600006281230901',
};

const LIFECYCLE: MilestoneName[] = [
  Milestone.DELAYED,
  Milestone.DELIVERY_ATTEMPTED,
  Milestone.AVAILABLE_FOR_PICKUP,
  Milestone.RETURNING,
  Milestone.RETURNED,
  Milestone.LOST,
  Milestone.DISPUTE_OPENED,
  Milestone.DISPUTE_RESOLVED,
];

const PICKUP: PickupDetails = {
  locationName: 'The UPS Store #4521',
  location: { city: 'Springfield', region: 'IL', postalCode: '62701', countryCode: 'US' },
  holdUntil: '2026-12-08',
};

const request = (
  milestone: MilestoneName,
  details?: NotificationDetails,
  options: { carrier?: Carrier; customer?: Partial<NotificationRequest['customer']> } = {},
): NotificationRequest => {
  const carrier = options.carrier ?? Carrier.UPS;
  const trackingNumber = TRACKING_NUMBERS[carrier];
  return {
    orderId: 'A-1001',
    milestone,
    channel: 'email',
    shipmentId: 'shp_1',
    customer: { name: 'Ana Lima', email: 'ana@example.com', locale: 'en-US', timeZone: 'America/New_York', ...options.customer },
    shipment: { carrier, trackingNumber, trackingUrl: trackingUrl(carrier, trackingNumber) },
    details,
  };
};

const render = (...args: Parameters<typeof request>) => renderMilestoneEmail(request(...args), BRAND);
const escapedHref = (url: string) => `href="${url.replace(/&/g, '&amp;')}"`;
/** An `<a>` to the URL (other attributes, such as inline styles, allowed) with exactly this label. */
const anchorTo = (url: string, label: string) =>
  new RegExp(`<a ${escapedHref(url).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[^>]*>${label}</a>`);

/** Every line of the text body (bar the greeting and signature) appears, escaped, in the HTML. */
function expectHtmlCarriesText(email: { text: string; html: string }) {
  const body = email.text.split('\n').slice(2, -2).filter(Boolean);
  for (const line of body) {
    const match = /^(.*): (https:\/\/\S+)$/.exec(line);
    if (match) {
      expect(email.html).toContain(escapedHref(match[2]));
    } else {
      expect(email.html).toContain(line.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'));
    }
  }
}

describe('lifecycle milestone emails', () => {
  describe.each(LIFECYCLE)('%s', (milestone) => {
    it.each(Object.values(Carrier))('carries the %s tracking link in subject/text/HTML form', (carrier) => {
      const email = render(milestone, undefined, { carrier });
      const url = trackingUrl(carrier, TRACKING_NUMBERS[carrier]);
      expect(email.subject).toContain('A-1001');
      expect(email.subject).toMatch(/ — Waybill Shop$/);
      expect(email.text).toContain(`Track your parcel: ${url}`);
      expect(email.text).toContain(`Tracking number: ${TRACKING_NUMBERS[carrier]}`);
      expect(email.html).toMatch(anchorTo(url, 'Track your parcel'));
      expect(email.text).not.toMatch(/undefined|NaN|\[object/);
      expect(email.html).not.toMatch(/undefined|NaN|\[object/);
      expectHtmlCarriesText(email);
    });
  });

  describe('delayed', () => {
    it('gives the new date as a calendar day', () => {
      const email = render(Milestone.DELAYED, { newDeliveryDate: '2026-12-01', delayReason: 'estimate_slipped' });
      expect(email.subject).toBe('Your order A-1001 is delayed — Waybill Shop');
      expect(email.text).toContain('It is now expected on Tuesday, December 1.');
      expect(email.html).toContain('<li>It is now expected on Tuesday, December 1.</li>');
      expect(email.text).toContain('UPS has pushed back the delivery');
    });

    it("says we'll let the customer know when there is no date yet", () => {
      const email = render(Milestone.DELAYED, { delayReason: 'estimate_slipped' });
      expect(email.text).toContain("we'll let you know the new date");
      expect(email.text).not.toContain('now expected');
      expect(email.html).toContain('we&#39;ll let you know the new date');
    });

    it('words a missed promise differently from a slipped estimate', () => {
      const slipped = render(Milestone.DELAYED, { newDeliveryDate: '2026-12-01', delayReason: 'estimate_slipped' });
      const missed = render(Milestone.DELAYED, { newDeliveryDate: '2026-12-01', delayReason: 'promise_missed' });
      expect(missed.text).toContain('did not arrive on the day we promised');
      expect(missed.text).not.toContain('pushed back');
      expect(slipped.text).not.toContain('promised');
      expect(missed.text).toContain('Tuesday, December 1');
    });

    it('still reads well with no reason', () => {
      expect(render(Milestone.DELAYED).text).toContain('Your parcel from order A-1001 is delayed.');
    });
  });

  describe('delivery_attempted', () => {
    it('names the attempt and the reattempt date', () => {
      const email = render(Milestone.DELIVERY_ATTEMPTED, { attempt: { number: 1, final: false, reattemptDate: '2026-12-02' } });
      expect(email.subject).toBe("We couldn't deliver your order A-1001 — Waybill Shop");
      expect(email.text).toContain('This was delivery attempt 1.');
      expect(email.text).toContain('UPS will try again on Wednesday, December 2.');
      expect(email.text).not.toContain('Reschedule');
      expect(email.text).not.toContain('returned to the sender');
    });

    it('gives the pickup location with its address and hold-until date', () => {
      const email = render(Milestone.DELIVERY_ATTEMPTED, { attempt: { number: 2, final: false, pickup: PICKUP } });
      expect(email.text).toContain('This was delivery attempt 2.');
      expect(email.text).toContain('Pickup location: The UPS Store #4521');
      expect(email.text).toContain('Address: Springfield, IL 62701, United States');
      expect(email.text).toContain('It will be held there until Tuesday, December 8.');
      expect(email.text).not.toContain('Reschedule');
      expect(email.html).toContain('<li>Pickup location: The UPS Store #4521</li>');
    });

    it.each([
      [Carrier.UPS, 'UPS My Choice', 'https://www.ups.com/track?tracknum=1Z5R89390357567127'],
      [Carrier.FEDEX, 'FedEx Delivery Manager', 'https://www.fedex.com/fedextrack/?trknbr=123456789012'],
      [Carrier.USPS, 'USPS Redelivery', 'https://tools.usps.com/redelivery.htm'],
      [Carrier.DHL, 'DHL On Demand Delivery', 'https://www.dhl.com/global-en/home/tracking.html?tracking-id=JD014600006281230901'],
    ])('with neither, links to %s rescheduling (%s)', (carrier, service, url) => {
      const email = render(Milestone.DELIVERY_ATTEMPTED, { attempt: { number: 1, final: false } }, { carrier });
      expect(email.text).toContain(`Reschedule with ${service}: ${url}`);
      expect(email.text).toContain(service);
      expect(email.html).toMatch(anchorTo(url, `Reschedule with ${service}`));
      expect(email.text).toContain(`Track your parcel: ${trackingUrl(carrier, TRACKING_NUMBERS[carrier])}`);
      expect(email.text).not.toContain('will try again');
    });

    it('offers rescheduling even without attempt details', () => {
      const email = render(Milestone.DELIVERY_ATTEMPTED);
      expect(email.text).toContain('Reschedule with UPS My Choice: https://www.ups.com/track?tracknum=1Z5R89390357567127');
      expect(email.text).not.toContain('attempt ');
    });

    it('says a final attempt is followed by a return to the sender', () => {
      const redeliver = render(Milestone.DELIVERY_ATTEMPTED, { attempt: { number: 3, final: true } });
      expect(redeliver.text).toContain('This was the final delivery attempt (attempt 3).');
      expect(redeliver.text).toContain("If it isn't redelivered or collected in time, it will be returned to the sender.");
      expect(redeliver.text).toContain('Reschedule with UPS My Choice');

      const collect = render(Milestone.DELIVERY_ATTEMPTED, { attempt: { number: 3, final: true, pickup: PICKUP } });
      expect(collect.text).toContain("If it isn't collected by Tuesday, December 8, it will be returned to the sender.");

      const noHold = render(Milestone.DELIVERY_ATTEMPTED, { attempt: { number: 3, final: true, pickup: { locationName: 'Depot' } } });
      expect(noHold.text).toContain("If it isn't collected in time, it will be returned to the sender.");
      expect(noHold.text).not.toContain('held there until');
    });

    it('escapes a hostile pickup location name in the HTML, keeping it as written in the text', () => {
      const hostile = '<script>alert("pwned")</script> & Co';
      const email = render(Milestone.DELIVERY_ATTEMPTED, {
        attempt: { number: 1, final: false, pickup: { locationName: hostile, location: { city: '<b>Town</b>' } } },
      });
      expect(email.html).not.toContain('<script>');
      expect(email.html).not.toContain('<b>Town</b>');
      expect(email.html).toContain('Pickup location: &lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; &amp; Co');
      expect(email.html).toContain('Address: &lt;b&gt;Town&lt;/b&gt;');
      expect(email.text).toContain(`Pickup location: ${hostile}`);
    });
  });

  describe('available_for_pickup', () => {
    it('gives the location and the hold-until date', () => {
      const email = render(Milestone.AVAILABLE_FOR_PICKUP, { pickup: PICKUP });
      expect(email.subject).toBe('Your order A-1001 is ready for pickup — Waybill Shop');
      expect(email.text).toContain('Pickup location: The UPS Store #4521');
      expect(email.text).toContain('Address: Springfield, IL 62701, United States');
      expect(email.text).toContain('Please collect it by Tuesday, December 8.');
    });

    it('points to the tracking page when the carrier named no location', () => {
      const email = render(Milestone.AVAILABLE_FOR_PICKUP, { pickup: { holdUntil: '2026-12-08' } });
      expect(email.text).toContain('the tracking page shows where');
      expect(email.text).toContain('Please collect it by Tuesday, December 8.');
    });

    it('escapes a hostile location name', () => {
      const email = render(Milestone.AVAILABLE_FOR_PICKUP, { pickup: { locationName: '<script>x()</script>' } });
      expect(email.html).not.toContain('<script>');
      expect(email.html).toContain('&lt;script&gt;x()&lt;/script&gt;');
    });
  });

  describe('returns, losses and refunds', () => {
    it('says a returning parcel is on its way back', () => {
      expect(render(Milestone.RETURNING).text).toContain('is on its way back to the sender');
    });

    it.each([Milestone.RETURNED, Milestone.LOST])('%s shows a USD refund in dollars and cents', (milestone) => {
      const email = render(milestone, { refund: { amount: 4999, currency: 'USD' } });
      expect(email.text).toContain('Refund: $49.99');
      expect(email.html).toContain('<li>Refund: $49.99</li>');
    });

    it.each([Milestone.RETURNED, Milestone.LOST])('%s shows a JPY refund without a minor unit', (milestone) => {
      const email = render(milestone, { refund: { amount: 4999, currency: 'JPY' } }, { customer: { locale: 'ja-JP' } });
      expect(email.text).toMatch(/Refund: [¥￥]4,999$/m);
    });

    it.each([Milestone.RETURNED, Milestone.LOST])('%s has no refund line without a refund', (milestone) => {
      const email = render(milestone);
      expect(email.text).not.toContain('Refund');
      expect(email.html).not.toContain('Refund');
    });

    it('says which parcel was lost and by whom', () => {
      expect(render(Milestone.LOST, undefined, { carrier: Carrier.FEDEX }).text).toContain("We're sorry: FedEx has lost your parcel from order A-1001.");
    });
  });

  describe('disputes', () => {
    it('acknowledges a report, promises support and says the payment is on hold', () => {
      const email = render(Milestone.DISPUTE_OPENED);
      expect(email.text).toContain("We've received your report that your parcel from order A-1001 did not arrive.");
      expect(email.text).toContain('Our support team will look into it');
      expect(email.text).toContain('Your payment is on hold');
    });

    it('closes a released dispute neutrally, with no refund', () => {
      const email = render(Milestone.DISPUTE_RESOLVED, { disputeResolution: 'released' });
      expect(email.text).toContain("We've closed your report about order A-1001.");
      expect(email.text).toContain('The payment that was on hold has been released.');
      expect(email.text).not.toContain('Refund');
      expect(email.text).not.toMatch(/merchant|rejected|denied|favou?r/i);
    });

    it('closes a refunded dispute with the amount, formatted in the language of the message', () => {
      // A de-DE customer gets English (the only other language is Spanish), so English number formats.
      const email = render(Milestone.DISPUTE_RESOLVED, { disputeResolution: 'refunded', refund: { amount: 12050, currency: 'EUR' } }, { customer: { locale: 'de-DE' } });
      expect(email.text).toContain('with a refund');
      expect(email.text).toContain('Refund: €120.50');
      expect(email.text).not.toContain('has been released');
    });
  });

  describe('calendar days', () => {
    it.each(['Pacific/Honolulu', 'Pacific/Kiritimati', 'America/New_York', 'Asia/Tokyo', 'UTC'])(
      'keeps 2026-12-01 on December 1 for a customer in %s',
      (timeZone) => {
        const email = render(Milestone.DELAYED, { newDeliveryDate: '2026-12-01' }, { customer: { timeZone } });
        expect(email.text).toContain('now expected on Tuesday, December 1.');
      },
    );

    it('formats in the customer locale', () => {
      expect(formatCalendarDay('2026-12-01', { customer: { name: 'A', email: 'a@example.com', locale: 'de-DE' } })).toBe('Dienstag, 1. Dezember');
      expect(formatCalendarDay('2026-12-01', { customer: { name: 'A', email: 'a@example.com', locale: 'en-GB' } })).toBe('Tuesday 1 December');
    });

    it('falls back to en-US for an invalid locale and shows a malformed day as given', () => {
      const customer = { name: 'A', email: 'a@example.com', locale: 'not a locale!' };
      expect(formatCalendarDay('2026-12-01', { customer })).toBe('Tuesday, December 1');
      expect(formatCalendarDay('2026-02-31', { customer })).toBe('2026-02-31');
      expect(formatCalendarDay('soon', { customer })).toBe('soon');
    });
  });

  describe('formatMoney', () => {
    const customer = (locale?: string) => ({ customer: { name: 'A', email: 'a@example.com', locale } });

    it('scales by the currency minor unit', () => {
      expect(formatMoney(1999, 'USD', customer('en-US'))).toBe('$19.99');
      expect(formatMoney(1999, 'JPY', customer('en-US'))).toBe('¥1,999');
      expect(formatMoney(1999, 'KWD', customer('en-US'))).toMatch(/1\.999/); // three minor digits
      expect(formatMoney(0, 'USD', customer())).toBe('$0.00');
    });

    it('survives an invalid locale and a malformed currency', () => {
      expect(formatMoney(1999, 'USD', customer('not a locale!'))).toBe('$19.99');
      expect(formatMoney(1999, 'US$', customer('en-US'))).toBe('1999 US$ (minor units)');
    });
  });

  describe('reschedule links', () => {
    it('exists for every carrier and encodes the tracking number', () => {
      for (const carrier of Object.values(Carrier)) expect(rescheduleLink(carrier, 'A B')?.url).toMatch(/^https:\/\//);
      expect(rescheduleLink(Carrier.UPS, 'A B')?.url).toBe('https://www.ups.com/track?tracknum=A%20B');
    });
  });
});
