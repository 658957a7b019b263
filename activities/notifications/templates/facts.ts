import type { Carrier } from '../../../workflows/shared/vocabulary';
import { rescheduleLink, type RescheduleLink } from '../carrier-links';
import { formatCalendarDay, formatForCustomer, formatMoney, formatPlace, type DateStyle } from '../customer-format';
import type { NotificationRequest } from '../notification.types';
import { httpsUrl } from './brand';
import { formattingLocale, type Language } from './locale';

/**
 * The facts one milestone message states, already formatted for the customer (dates in their time
 * zone and the message's language, money in the order's currency). Every template, in every language
 * and on every channel, words the same facts.
 */
export interface MessageFacts {
  orderId: string;
  /** The carrier's display name ("UPS"); empty before there is a parcel. */
  carrier: string;
  /** The order has a parcel, so the message names its carrier and tracking number. */
  hasParcel: boolean;
  trackingNumber?: string;
  /** The carrier's tracking page, when it is an `https:` URL. */
  trackingLink?: string;
  estimate?: { from: string; to: string } | { day: string };
  deliveredAt?: string;
  /** Who signed for or received the parcel, when the carrier says. */
  signer?: string;
  leftAt?: string;
  delayReason?: 'estimate_slipped' | 'promise_missed';
  newDate?: string;
  attempt?: { number: number; final: boolean };
  /** After a missed delivery: what happens next, the first of these the carrier gave. */
  next?: NextStep;
  /** `available_for_pickup`. */
  pickup?: PickupFacts;
  refund?: string;
  disputeResolution?: 'released' | 'refunded';
}

export interface PickupFacts {
  name?: string;
  address?: string;
  holdUntil?: string;
}

export type NextStep =
  | { kind: 'reattempt'; day: string }
  | { kind: 'pickup'; pickup: PickupFacts }
  | { kind: 'reschedule'; carrier: Carrier; link: RescheduleLink };

const CARRIER_NAMES: Record<string, string> = { ups: 'UPS', fedex: 'FedEx', dhl: 'DHL', usps: 'USPS' };

export function buildFacts(request: NotificationRequest, language: Language, defaultLocale: string, style: DateStyle): MessageFacts {
  const { shipment, details } = request;
  // Formatting follows the message's language: an English message never shows a German month.
  const format = { customer: { ...request.customer, locale: formattingLocale(request.customer.locale, language, defaultLocale) } };
  const day = (ymd: string): string => formatCalendarDay(ymd, format, style);
  const instant = (iso: string): string => formatForCustomer(iso, format, style);
  const pickupFacts = (pickup: NonNullable<NotificationRequest['details']>['pickup']): PickupFacts | undefined =>
    pickup && {
      name: pickup.locationName || undefined,
      address: pickup.location ? formatPlace(pickup.location, format) : undefined,
      holdUntil: pickup.holdUntil ? day(pickup.holdUntil) : undefined,
    };

  const estimate = shipment?.estimatedDelivery;
  const pod = shipment?.proofOfDelivery;
  const attempt = details?.attempt;
  let next: NextStep | undefined;
  if (attempt?.reattemptDate) next = { kind: 'reattempt', day: day(attempt.reattemptDate) };
  else if (attempt?.pickup) next = { kind: 'pickup', pickup: pickupFacts(attempt.pickup) ?? {} };
  else if (shipment) {
    const link = rescheduleLink(shipment.carrier, shipment.trackingNumber);
    if (link) next = { kind: 'reschedule', carrier: shipment.carrier, link };
  }

  return {
    orderId: request.orderId,
    carrier: shipment ? (CARRIER_NAMES[shipment.carrier] ?? shipment.carrier) : '',
    hasParcel: Boolean(shipment),
    trackingNumber: shipment?.trackingNumber,
    trackingLink: httpsUrl(shipment?.trackingUrl),
    estimate:
      estimate?.from && estimate.to
        ? { from: instant(estimate.from), to: instant(estimate.to) }
        : estimate?.date
          ? { day: day(estimate.date) }
          : undefined,
    deliveredAt: shipment?.deliveredAt ? instant(shipment.deliveredAt) : undefined,
    signer: pod?.signedBy || pod?.receivedBy || undefined,
    leftAt: pod?.place || undefined,
    delayReason: details?.delayReason,
    newDate: details?.newDeliveryDate ? day(details.newDeliveryDate) : undefined,
    attempt: attempt && { number: attempt.number, final: attempt.final },
    next,
    pickup: pickupFacts(details?.pickup),
    refund: details?.refund ? formatMoney(details.refund.amount, details.refund.currency, format) : undefined,
    disputeResolution: details?.disputeResolution,
  };
}
