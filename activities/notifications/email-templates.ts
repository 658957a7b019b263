import escapeHtml from 'escape-html';
import { Milestone } from '../../workflows/shared/vocabulary';
import { rescheduleLink } from './carrier-links';
import { formatCalendarDay, formatForCustomer, formatMoney, pickupPlaceLines } from './customer-format';
import type { NotificationRequest } from './notification.types';

export { formatForCustomer } from './customer-format';

export interface Brand {
  name: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const CARRIER_NAMES: Record<string, string> = { ups: 'UPS', fedex: 'FedEx', dhl: 'DHL', usps: 'USPS' };

function estimateLine(request: NotificationRequest): string | undefined {
  const estimate = request.shipment?.estimatedDelivery;
  if (!estimate) return undefined;
  if (estimate.from && estimate.to) {
    return `Estimated delivery: between ${formatForCustomer(estimate.from, request)} and ${formatForCustomer(estimate.to, request)}`;
  }
  return estimate.date ? `Estimated delivery: ${estimate.date}` : undefined;
}

/** A link the customer acts on, besides the tracking link every parcel message carries. */
interface ActionLink {
  label: string;
  url: string;
}

interface Content {
  subject: string;
  headline: string;
  lines: string[];
  links?: ActionLink[];
}

function content(request: NotificationRequest): Content {
  const { orderId, shipment, details } = request;
  const carrier = shipment ? (CARRIER_NAMES[shipment.carrier] ?? shipment.carrier) : '';
  const theCarrier = carrier || 'The carrier';
  const parcelLines = shipment ? [`Carrier: ${carrier}`, `Tracking number: ${shipment.trackingNumber}`] : [];
  const day = (ymd: string): string => formatCalendarDay(ymd, request);
  const refundLines = details?.refund ? [`Refund: ${formatMoney(details.refund.amount, details.refund.currency, request)}`] : [];
  const milestone = request.milestone;
  switch (milestone) {
    case Milestone.ORDER_RECEIVED:
      return {
        subject: `We've received your order ${orderId}`,
        headline: 'Thank you for your order.',
        lines: [`We have received order ${orderId} and will let you know as soon as it ships.`],
      };
    case Milestone.SHIPPED:
      return {
        subject: `Your order ${orderId} has shipped`,
        headline: `Your order ${orderId} is on its way.`,
        lines: [...parcelLines, ...optional(estimateLine(request))],
      };
    case Milestone.OUT_FOR_DELIVERY:
      return {
        subject: `Your order ${orderId} is out for delivery`,
        headline: `Your parcel from order ${orderId} is out for delivery today.`,
        lines: parcelLines,
      };
    case Milestone.DELIVERED: {
      const pod = shipment?.proofOfDelivery;
      const signer = pod?.signedBy ?? pod?.receivedBy;
      return {
        subject: `Your order ${orderId} has been delivered`,
        headline: `Your parcel from order ${orderId} has been delivered.`,
        lines: [
          ...optional(shipment?.deliveredAt && `Delivered: ${formatForCustomer(shipment.deliveredAt, request)}`),
          ...optional(signer && `Signed for by: ${signer}`),
          ...optional(pod?.place && `Left at: ${pod.place}`),
          ...parcelLines,
        ],
      };
    }
    case Milestone.DELAYED: {
      const newDate = details?.newDeliveryDate;
      const headline =
        details?.delayReason === 'promise_missed'
          ? `Your parcel from order ${orderId} did not arrive on the day we promised. We're sorry for the wait.`
          : details?.delayReason === 'estimate_slipped'
            ? `${theCarrier} has pushed back the delivery of your parcel from order ${orderId}.`
            : `Your parcel from order ${orderId} is delayed.`;
      return {
        subject: `Your order ${orderId} is delayed`,
        headline,
        lines: [
          newDate
            ? `It is now expected on ${day(newDate)}.`
            : `${theCarrier} has not given a new delivery date yet; we'll let you know the new date as soon as we have it.`,
          ...parcelLines,
        ],
      };
    }
    case Milestone.DELIVERY_ATTEMPTED: {
      const attempt = details?.attempt;
      const pickup = attempt?.pickup;
      const lines: string[] = [];
      const links: ActionLink[] = [];
      if (attempt) {
        lines.push(attempt.final ? `This was the final delivery attempt (attempt ${attempt.number}).` : `This was delivery attempt ${attempt.number}.`);
      }
      if (attempt?.reattemptDate) {
        lines.push(`${theCarrier} will try again on ${day(attempt.reattemptDate)}.`);
      } else if (pickup) {
        lines.push(`${theCarrier} has taken your parcel to a pickup point, where you can collect it.`);
        lines.push(...pickupPlaceLines(pickup, request));
        if (pickup.holdUntil) lines.push(`It will be held there until ${day(pickup.holdUntil)}.`);
      } else if (shipment) {
        const reschedule = rescheduleLink(shipment.carrier, shipment.trackingNumber);
        if (reschedule) {
          lines.push(reschedule.how);
          links.push({ label: `Reschedule with ${reschedule.service}`, url: reschedule.url });
        }
      }
      if (attempt?.final) {
        const waitsAtPickup = pickup && !attempt.reattemptDate;
        const unless = !waitsAtPickup
          ? "isn't redelivered or collected in time"
          : pickup.holdUntil
            ? `isn't collected by ${day(pickup.holdUntil)}`
            : "isn't collected in time";
        lines.push(`If it ${unless}, it will be returned to the sender.`);
      }
      return {
        subject: `We couldn't deliver your order ${orderId}`,
        headline: `${theCarrier} tried to deliver your parcel from order ${orderId}, but couldn't.`,
        lines: [...lines, ...parcelLines],
        links,
      };
    }
    case Milestone.AVAILABLE_FOR_PICKUP: {
      const pickup = details?.pickup;
      const place = pickupPlaceLines(pickup, request);
      return {
        subject: `Your order ${orderId} is ready for pickup`,
        headline: `Your parcel from order ${orderId} is ready for pickup.`,
        lines: [
          ...(place.length ? place : [`${theCarrier} is holding it at a pickup point; the tracking page shows where.`]),
          ...optional(pickup?.holdUntil && `Please collect it by ${day(pickup.holdUntil)}.`),
          ...parcelLines,
        ],
      };
    }
    case Milestone.RETURNING:
      return {
        subject: `Your order ${orderId} is being returned to the sender`,
        headline: `Your parcel from order ${orderId} is on its way back to the sender.`,
        lines: ["We'll let you know when it has arrived back.", ...parcelLines],
      };
    case Milestone.RETURNED:
      return {
        subject: `Your order ${orderId} was returned to the sender`,
        headline: `Your parcel from order ${orderId} has been returned to the sender.`,
        lines: [...refundLines, ...parcelLines],
      };
    case Milestone.LOST:
      return {
        subject: `Your order ${orderId} was lost in transit`,
        headline: `We're sorry: ${carrier || 'the carrier'} has lost your parcel from order ${orderId}.`,
        lines: [...refundLines, ...parcelLines],
      };
    case Milestone.DISPUTE_OPENED:
      return {
        subject: `We've received your report about order ${orderId}`,
        headline: `We've received your report that ${shipment ? 'your parcel from order' : 'order'} ${orderId} did not arrive.`,
        lines: [
          'Our support team will look into it and get back to you.',
          'Your payment is on hold until the report is settled.',
          ...parcelLines,
        ],
      };
    case Milestone.DISPUTE_RESOLVED: {
      const refunded = details?.disputeResolution === 'refunded';
      const released = details?.disputeResolution === 'released';
      return {
        subject: `Update on your report about order ${orderId}`,
        headline: refunded
          ? `We've closed your report about order ${orderId} with a refund.`
          : `We've closed your report about order ${orderId}.`,
        lines: [
          ...(refunded ? refundLines : []),
          ...optional(released && 'The payment that was on hold has been released.'),
          'If you still need help, please contact our support team.',
          ...parcelLines,
        ],
      };
    }
    default: {
      // Exhaustive: a milestone added to the vocabulary without a message here fails to compile.
      const unhandled: never = milestone;
      throw new Error(`No email template for milestone ${String(unhandled)}`);
    }
  }
}

const optional = (line: string | undefined | false): string[] => (line ? [line] : []);

/** Plain text and HTML versions of one milestone message, carrying the carrier's tracking link. */
export function renderMilestoneEmail(request: NotificationRequest, brand: Brand): RenderedEmail {
  const { subject, headline, lines, links = [] } = content(request);
  const link = request.shipment?.trackingUrl;
  const greeting = `Hello ${request.customer.name},`;
  const text = [
    greeting,
    '',
    headline,
    '',
    ...lines,
    ...links.flatMap((l) => ['', `${l.label}: ${l.url}`]),
    ...(link ? ['', `Track your parcel: ${link}`] : []),
    '',
    `— ${brand.name}`,
  ].join('\n');
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif">',
    `<p>${escapeHtml(greeting)}</p>`,
    `<p><strong>${escapeHtml(headline)}</strong></p>`,
    lines.length ? `<ul>${lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>` : '',
    links.map((l) => `<p><a href="${escapeHtml(l.url)}">${escapeHtml(l.label)}</a></p>`).join(''),
    link ? `<p><a href="${escapeHtml(link)}">Track your parcel</a></p>` : '',
    `<p>— ${escapeHtml(brand.name)}</p>`,
    '</body></html>',
  ].join('');
  return { subject: `${subject} — ${brand.name}`, text, html };
}
