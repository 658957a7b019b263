import { Milestone } from '../../../workflows/shared/vocabulary';
import type { MessageFacts } from './facts';
import type { Messages, SmsFact } from './messages';

const parcelOf = (f: MessageFacts): string => `your parcel from order ${f.orderId}`;
/** The fact with its detail wordings, most complete first; empty ones are left out. */
const withDetail = (fact: string, ...details: Array<string | undefined | false>): SmsFact => {
  const given = details.filter((d): d is string => Boolean(d));
  return given.length ? { fact, details: given } : { fact };
};

/** English. Subjects are part of the API of sorts: tests and inbox filters match them, so keep them stable. */
export const en: Messages = {
  defaultLocale: 'en-US',
  htmlLang: 'en',
  theCarrier: (carrier, position) => carrier || (position === 'start' ? 'The carrier' : 'the carrier'),

  subject: {
    [Milestone.ORDER_RECEIVED]: (id) => `We've received your order ${id}`,
    [Milestone.SHIPPED]: (id) => `Your order ${id} has shipped`,
    [Milestone.OUT_FOR_DELIVERY]: (id) => `Your order ${id} is out for delivery`,
    [Milestone.DELIVERED]: (id) => `Your order ${id} has been delivered`,
    [Milestone.DELAYED]: (id) => `Your order ${id} is delayed`,
    [Milestone.DELIVERY_ATTEMPTED]: (id) => `We couldn't deliver your order ${id}`,
    [Milestone.AVAILABLE_FOR_PICKUP]: (id) => `Your order ${id} is ready for pickup`,
    [Milestone.RETURNING]: (id) => `Your order ${id} is being returned to the sender`,
    [Milestone.RETURNED]: (id) => `Your order ${id} was returned to the sender`,
    [Milestone.LOST]: (id) => `Your order ${id} was lost in transit`,
    [Milestone.DISPUTE_OPENED]: (id) => `We've received your report about order ${id}`,
    [Milestone.DISPUTE_RESOLVED]: (id) => `Update on your report about order ${id}`,
  },

  email: {
    greeting: (name) => `Hello ${name},`,
    signature: (brand) => `— ${brand}`,
    headline: {
      [Milestone.ORDER_RECEIVED]: () => 'Thank you for your order.',
      [Milestone.SHIPPED]: (f) => `Your order ${f.orderId} is on its way.`,
      [Milestone.OUT_FOR_DELIVERY]: (f) => `Your parcel from order ${f.orderId} is out for delivery today.`,
      [Milestone.DELIVERED]: (f) => `Your parcel from order ${f.orderId} has been delivered.`,
      [Milestone.DELAYED]: (f) =>
        f.delayReason === 'promise_missed'
          ? `Your parcel from order ${f.orderId} did not arrive on the day we promised. We're sorry for the wait.`
          : f.delayReason === 'estimate_slipped'
            ? `${en.theCarrier(f.carrier, 'start')} has pushed back the delivery of ${parcelOf(f)}.`
            : `Your parcel from order ${f.orderId} is delayed.`,
      [Milestone.DELIVERY_ATTEMPTED]: (f) => `${en.theCarrier(f.carrier, 'start')} tried to deliver ${parcelOf(f)}, but couldn't.`,
      [Milestone.AVAILABLE_FOR_PICKUP]: (f) => `Your parcel from order ${f.orderId} is ready for pickup.`,
      [Milestone.RETURNING]: (f) => `Your parcel from order ${f.orderId} is on its way back to the sender.`,
      [Milestone.RETURNED]: (f) => `Your parcel from order ${f.orderId} has been returned to the sender.`,
      [Milestone.LOST]: (f) => `We're sorry: ${en.theCarrier(f.carrier, 'inner')} has lost ${parcelOf(f)}.`,
      [Milestone.DISPUTE_OPENED]: (f) =>
        `We've received your report that ${f.hasParcel ? 'your parcel from order' : 'order'} ${f.orderId} did not arrive.`,
      [Milestone.DISPUTE_RESOLVED]: (f) =>
        f.disputeResolution === 'refunded'
          ? `We've closed your report about order ${f.orderId} with a refund.`
          : `We've closed your report about order ${f.orderId}.`,
    },
    carrier: (name) => `Carrier: ${name}`,
    trackingNumber: (n) => `Tracking number: ${n}`,
    estimateBetween: (from, to) => `Estimated delivery: between ${from} and ${to}`,
    estimateOn: (day) => `Estimated delivery: ${day}`,
    orderReceived: (id) => `We have received order ${id} and will let you know as soon as it ships.`,
    deliveredAt: (when) => `Delivered: ${when}`,
    signedBy: (name) => `Signed for by: ${name}`,
    leftAt: (place) => `Left at: ${place}`,
    newDate: (day) => `It is now expected on ${day}.`,
    noNewDate: (carrier) =>
      `${en.theCarrier(carrier, 'start')} has not given a new delivery date yet; we'll let you know the new date as soon as we have it.`,
    attempt: (n) => `This was delivery attempt ${n}.`,
    finalAttempt: (n) => `This was the final delivery attempt (attempt ${n}).`,
    reattempt: (carrier, day) => `${en.theCarrier(carrier, 'start')} will try again on ${day}.`,
    takenToPickup: (carrier) => `${en.theCarrier(carrier, 'start')} has taken your parcel to a pickup point, where you can collect it.`,
    pickupLocation: (name) => `Pickup location: ${name}`,
    address: (address) => `Address: ${address}`,
    heldUntil: (day) => `It will be held there until ${day}.`,
    // carrier-links.ts words these in English already.
    rescheduleHow: (link) => link.how,
    rescheduleLabel: (service) => `Reschedule with ${service}`,
    returnUnlessRedelivered: "If it isn't redelivered or collected in time, it will be returned to the sender.",
    returnUnlessCollectedBy: (day) => `If it isn't collected by ${day}, it will be returned to the sender.`,
    returnUnlessCollected: "If it isn't collected in time, it will be returned to the sender.",
    pickupPlaceUnknown: (carrier) => `${en.theCarrier(carrier, 'start')} is holding it at a pickup point; the tracking page shows where.`,
    collectBy: (day) => `Please collect it by ${day}.`,
    returningNotice: "We'll let you know when it has arrived back.",
    refund: (amount) => `Refund: ${amount}`,
    disputeSupport: 'Our support team will look into it and get back to you.',
    disputeOnHold: 'Your payment is on hold until the report is settled.',
    disputeReleased: 'The payment that was on hold has been released.',
    stillNeedHelp: 'If you still need help, please contact our support team.',
    trackYourParcel: 'Track your parcel',
    seeYourOrder: 'See your order',
    supportPrompt: 'Questions? Write to us at',
    footerReason: (brand) => `You're receiving this email because you placed an order with ${brand}.`,
    unsubscribe: 'Unsubscribe',
  },

  sms: {
    text: {
      [Milestone.ORDER_RECEIVED]: (f) => ({ fact: `We've received order ${f.orderId}. We'll let you know when it ships.` }),
      [Milestone.SHIPPED]: (f) =>
        withDetail(`Order ${f.orderId} has shipped with ${en.theCarrier(f.carrier, 'inner')}.`, f.estimate && 'day' in f.estimate && `Expected ${f.estimate.day}.`),
      [Milestone.OUT_FOR_DELIVERY]: (f) => ({ fact: `Order ${f.orderId} is out for delivery today.` }),
      [Milestone.DELIVERED]: (f) =>
        withDetail(`Order ${f.orderId} was delivered${f.deliveredAt ? ` on ${f.deliveredAt}` : ''}.`, f.signer && `Signed for by ${f.signer}.`),
      [Milestone.DELAYED]: (f) => ({
        fact: f.newDate ? `Order ${f.orderId} is delayed. New delivery date: ${f.newDate}.` : `Order ${f.orderId} is delayed. We'll send the new date when we have it.`,
      }),
      [Milestone.DELIVERY_ATTEMPTED]: (f) => {
        const carrier = en.theCarrier(f.carrier, 'start');
        const fact = f.attempt?.final
          ? `${carrier} couldn't deliver order ${f.orderId} on its final attempt.`
          : `${carrier} couldn't deliver order ${f.orderId}${f.attempt ? ` (attempt ${f.attempt.number})` : ''}.`;
        const next = f.next;
        if (next?.kind === 'reattempt') return withDetail(fact, `Next try: ${next.day}.`);
        if (next?.kind === 'pickup') {
          const by = next.pickup.holdUntil ? ` by ${next.pickup.holdUntil}` : '';
          return withDetail(fact, next.pickup.name && `Collect it at ${next.pickup.name}${by}.`, `Collect it at the pickup point${by}.`);
        }
        if (next?.kind === 'reschedule') {
          return withDetail(
            fact,
            next.link.url !== f.trackingLink && `Arrange a new delivery: ${next.link.url}`,
            'Arrange a new delivery from the tracking link.',
          );
        }
        return { fact };
      },
      [Milestone.AVAILABLE_FOR_PICKUP]: (f) => {
        const by = f.pickup?.holdUntil ? ` by ${f.pickup.holdUntil}` : '';
        return withDetail(`Order ${f.orderId} is ready for pickup.`, f.pickup?.name && `Collect it at ${f.pickup.name}${by}.`, by && `Collect it${by}.`);
      },
      [Milestone.RETURNING]: (f) => ({ fact: `Order ${f.orderId} is being returned to the sender.` }),
      [Milestone.RETURNED]: (f) => ({ fact: `Order ${f.orderId} was returned to the sender.${f.refund ? ` Refund: ${f.refund}.` : ''}` }),
      [Milestone.LOST]: (f) => ({
        fact: `Sorry: ${en.theCarrier(f.carrier, 'inner')} lost order ${f.orderId}.${f.refund ? ` Refund: ${f.refund}.` : ''}`,
      }),
      [Milestone.DISPUTE_OPENED]: (f) =>
        withDetail(`We've received your report about order ${f.orderId}. Our support team will get back to you.`, 'Your payment is on hold meanwhile.'),
      [Milestone.DISPUTE_RESOLVED]: (f) => ({
        fact:
          f.disputeResolution === 'refunded'
            ? `We've closed your report about order ${f.orderId} with a refund${f.refund ? ` of ${f.refund}` : ''}.`
            : `We've closed your report about order ${f.orderId}.${f.disputeResolution === 'released' ? ' The payment on hold has been released.' : ''}`,
      }),
    },
    track: (url) => `Track: ${url}`,
    trackingPage: (url) => `Your order: ${url}`,
    optOut: 'Reply STOP to opt out',
  },
};
