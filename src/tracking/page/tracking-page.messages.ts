import type { Carrier, OrderStatus, ShipmentStatus } from '../../../workflows/shared/vocabulary';
import type { StepKey } from './progress';

/**
 * Every word the tracking page shows, in one place. English only for now: the page does not know
 * the customer's language (the token carries nothing personal); a second catalogue of this shape,
 * picked by Accept-Language, is how another language would come.
 */
export const CARRIER_NAMES: Record<Carrier, string> = { ups: 'UPS', fedex: 'FedEx', dhl: 'DHL', usps: 'USPS' };

export const STEP_LABELS: Record<StepKey, string> = {
  order_received: 'Order received',
  processing: 'Processing',
  shipped: 'Shipped',
  in_transit: 'In transit',
  out_for_delivery: 'Out for delivery',
  delivered: 'Delivered',
};

export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  order_received: 'Order received',
  processing: 'Processing',
  partially_shipped: 'Partly shipped',
  shipped: 'Shipped',
  in_transit: 'In transit',
  out_for_delivery: 'Out for delivery',
  available_for_pickup: 'Ready for pickup',
  delivery_attempted: 'Delivery attempted',
  partially_delivered: 'Partly delivered',
  delivered: 'Delivered',
  returning: 'Returning to sender',
  returned: 'Returned to sender',
  lost: 'Lost in transit',
  cancelled: 'Cancelled',
};

export const ORDER_STATUS_LINES: Record<OrderStatus, string> = {
  order_received: 'We have your order.',
  processing: 'Your order is being prepared.',
  partially_shipped: 'Part of your order has shipped; the rest follows soon.',
  shipped: 'Your order has shipped.',
  in_transit: 'Your order is on its way.',
  out_for_delivery: 'Your order is out for delivery.',
  available_for_pickup: 'Your order is waiting for you at a pickup point.',
  delivery_attempted: 'The carrier tried to deliver your order.',
  partially_delivered: 'Part of your order has been delivered.',
  delivered: 'Your order has been delivered.',
  returning: 'Your order is on its way back to the sender.',
  returned: 'Your order went back to the sender.',
  lost: 'The carrier has lost track of your order.',
  cancelled: 'This order was cancelled.',
};

export const SHIPMENT_STATUS_LABELS: Record<ShipmentStatus, string> = {
  pending: 'Waiting for the carrier',
  info_received: 'Label created',
  in_transit: 'In transit',
  out_for_delivery: 'Out for delivery',
  available_for_pickup: 'Ready for pickup',
  attempt_failed: 'Delivery attempt failed',
  delivered: 'Delivered',
  exception: 'Held up by the carrier',
  returning: 'Returning to sender',
  returned: 'Returned to sender',
  lost: 'Lost in transit',
  expired: 'Never picked up by the carrier',
};

/** After a form was sent (the page is shown again with `?done=`). */
export const NOTICES = {
  'receipt-confirmed': 'Thanks for confirming. Enjoy your order!',
  'problem-reported': 'Thanks for telling us. Support will look into it and get back to you.',
} as const;
export type Notice = keyof typeof NOTICES;

/** Why an action was refused, by the `error` the order's workflow answered with; the workflow's own words stay internal. */
export const ACTION_REFUSALS: Record<string, string> = {
  OrderNotDelivered: 'Your order is not marked as delivered yet, so there is nothing to confirm or report.',
  DisputeOpen: 'You already reported a problem; support will resolve it first.',
  OrderClosed: 'This order is closed and can no longer be changed here.',
  OrderCancelled: 'This order was cancelled.',
  EscrowSettlementInProgress: 'Your payment is being settled right now. Please try again in a few minutes.',
};
export const ACTION_FAILED = 'That did not work. Please try again in a few minutes.';

export const TEXT = {
  order: (orderId: string) => `Order ${orderId}`,
  title: (orderId: string, brand: string) => `Order ${orderId} · ${brand}`,
  progress: 'Progress',
  delayed: 'Running late: the carrier expects it later than planned.',
  estimatedDelivery: 'Estimated delivery',
  parcels: (count: number) => (count === 1 ? 'Your parcel' : `Your ${count} parcels`),
  noParcels: 'Tracking details appear here once your order ships.',
  trackingNumber: 'Tracking number',
  trackWith: (carrier: string) => `Track with ${carrier}`,
  disputeOpen: (day: string) => `You reported a problem on ${day}. Support is looking into it.`,
  disputeRefunded: 'Your problem report was resolved: your payment is being refunded.',
  disputeReleased: 'Your problem report was resolved.',
  refunded: 'Your payment was refunded.',
  confirmHeading: 'Got everything?',
  confirmHelp: 'Let the shop know your order arrived.',
  confirmButton: 'Yes, I received my order',
  reportSummary: 'Something wrong with your delivery?',
  reportHelp: 'If your order is marked delivered but never reached you, tell us and support will look into it.',
  noteLabel: 'What happened? (optional)',
  reportButton: 'My order did not arrive',
  noteTooLong: 'Please keep your note under 1,000 characters.',
  wrongOrigin: 'That form was sent from another site, so nothing was changed. Open your tracking link and try again.',
  liveOn: 'Live: this page updates by itself.',
  liveReconnecting: 'Reconnecting for live updates…',
  liveOff: 'Live updates stopped. Reload the page for the latest.',
  expired: 'This link has expired. Use the link in your most recent message for the latest.',
  questions: 'Questions?',
} as const;

export interface ErrorText {
  title: string;
  body: string;
}

/** Error pages say what to do and nothing about the order: whoever holds a bad link learns nothing. */
export function errorText(status: number, expired: boolean): ErrorText {
  if (status === 401 && expired) {
    return { title: 'This link has expired', body: 'Tracking links stop working after a while to keep your order private. Use the link in your most recent message, or ask the shop for a new one.' };
  }
  if (status === 401) return { title: 'This link does not work', body: 'Check that you opened the whole link, or use the link in your most recent message.' };
  if (status === 404) return { title: 'We cannot find this order', body: 'Contact the shop if you need help with it.' };
  if (status === 403) return { title: 'Nothing was changed', body: TEXT.wrongOrigin };
  if (status === 429) return { title: 'Too many requests', body: 'Please wait a minute and try again.' };
  if (status >= 400 && status < 500) return { title: 'That request did not work', body: 'Open your tracking link again and retry.' };
  return { title: 'Something went wrong', body: 'Please try again in a few minutes.' };
}
