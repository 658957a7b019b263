import escapeHtml from 'escape-html';
import { Milestone } from '../../workflows/shared/vocabulary';
import type { NotificationRequest } from './notification.types';

export interface Brand {
  name: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const CARRIER_NAMES: Record<string, string> = { ups: 'UPS', fedex: 'FedEx', dhl: 'DHL', usps: 'USPS' };

/** A date-time in the customer's own time zone, falling back to UTC when theirs is unknown or invalid. */
export function formatForCustomer(iso: string, request: NotificationRequest): string {
  const options: Intl.DateTimeFormatOptions = {
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  };
  const date = new Date(iso);
  try {
    return new Intl.DateTimeFormat(request.customer.locale ?? 'en-US', { ...options, timeZone: request.customer.timeZone ?? 'UTC' }).format(date);
  } catch {
    return new Intl.DateTimeFormat('en-US', { ...options, timeZone: 'UTC' }).format(date);
  }
}

function estimateLine(request: NotificationRequest): string | undefined {
  const estimate = request.shipment?.estimatedDelivery;
  if (!estimate) return undefined;
  if (estimate.from && estimate.to) {
    return `Estimated delivery: between ${formatForCustomer(estimate.from, request)} and ${formatForCustomer(estimate.to, request)}`;
  }
  return estimate.date ? `Estimated delivery: ${estimate.date}` : undefined;
}

interface Content {
  subject: string;
  headline: string;
  lines: string[];
}

function content(request: NotificationRequest): Content {
  const { orderId, shipment } = request;
  const carrier = shipment ? (CARRIER_NAMES[shipment.carrier] ?? shipment.carrier) : '';
  const parcelLines = shipment ? [`Carrier: ${carrier}`, `Tracking number: ${shipment.trackingNumber}`] : [];
  switch (request.milestone) {
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
  }
}

const optional = (line: string | undefined | false): string[] => (line ? [line] : []);

/** Plain text and HTML versions of one milestone message, carrying the carrier's tracking link. */
export function renderMilestoneEmail(request: NotificationRequest, brand: Brand): RenderedEmail {
  const { subject, headline, lines } = content(request);
  const link = request.shipment?.trackingUrl;
  const greeting = `Hello ${request.customer.name},`;
  const text = [greeting, '', headline, '', ...lines, ...(link ? ['', `Track your parcel: ${link}`] : []), '', `— ${brand.name}`].join('\n');
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif">',
    `<p>${escapeHtml(greeting)}</p>`,
    `<p><strong>${escapeHtml(headline)}</strong></p>`,
    lines.length ? `<ul>${lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>` : '',
    link ? `<p><a href="${escapeHtml(link)}">Track your parcel</a></p>` : '',
    `<p>— ${escapeHtml(brand.name)}</p>`,
    '</body></html>',
  ].join('');
  return { subject: `${subject} — ${brand.name}`, text, html };
}
