import type { StepKind } from '../scenario.types';

/** How an event names its place: a Post Office address, a regional facility, or nowhere. */
export type UspsLocationStyle = 'address' | 'facility' | 'none';

/** Who took the parcel, in the field USPS puts them in. */
export type UspsRecipientField = 'name' | 'firm' | null;

export interface UspsEventDescriptor {
  eventType: string;
  /** Pub 199 event code; null where the sources list none (see docs/carriers/usps.md). */
  eventCode: string | null;
  /** The `statusCategory` the answer carries while this is the newest event. */
  statusCategory: string;
  location: UspsLocationStyle;
  recipient: UspsRecipientField;
  /** The `statusSummary` sentence while this is the newest event; `when` is "1:58 pm on November 22, 2024". */
  summary: (when: string, where: string) => string;
}

/** Where in its life the parcel is when a step happens; some steps read differently in context. */
export interface UspsStepContext {
  /** Facility arrivals so far, this one included: the first is the regional origin facility. */
  arrivals: number;
}

const moving = (when: string, where: string): string =>
  `Your item arrived at our ${where} facility at ${when}. The item is currently in transit to the destination.`;

/*
 * Event texts and codes from the karrio fixture (GX, 03, 10, A1, T1, TL, OF, 01), the community
 * code table (02 and 52–56, 16, 43, 09, 71) and USPS's published scripting ("Delivered, Front
 * Door/Porch", "Delivered, Left with Individual", "Delivered, To Original Sender"). Damage and
 * "Arriving Late" have no code in any source, so the emulator sends none and clients must fall back
 * on the category, as they would for a code Pub 199 adds later.
 */
const FIXED: Readonly<Partial<Record<StepKind, UspsEventDescriptor>>> = {
  label_created: {
    eventType: 'Shipping Label Created, USPS Awaiting Item',
    eventCode: 'GX',
    statusCategory: 'Pre-Shipment',
    location: 'address',
    recipient: null,
    summary: (when, where) =>
      `A shipping label has been prepared for your item at ${when} in ${where}. ` +
      'This does not indicate receipt by the USPS or the actual mailing date.',
  },
  picked_up: {
    eventType: 'USPS in possession of item',
    eventCode: '03',
    statusCategory: 'Accepted',
    location: 'address',
    recipient: null,
    summary: (when, where) => `USPS is now in possession of your item as of ${when} in ${where}.`,
  },
  departed_facility: {
    eventType: 'Departed USPS Regional Facility',
    eventCode: 'T1',
    statusCategory: 'In Transit',
    location: 'facility',
    recipient: null,
    summary: (when, where) => `Your item departed our ${where} facility at ${when}. The item is currently in transit to the destination.`,
  },
  in_transit: {
    eventType: 'In Transit to Next Facility',
    eventCode: 'TL',
    statusCategory: 'In Transit',
    location: 'none',
    recipient: null,
    summary: () => 'Your item is in transit to the next facility.',
  },
  out_for_delivery: {
    eventType: 'Out for Delivery',
    eventCode: 'OF',
    statusCategory: 'Out for Delivery',
    location: 'address',
    recipient: null,
    summary: (when, where) => `Your item is out for delivery as of ${when} in ${where}.`,
  },
  delivered: {
    eventType: 'Delivered, Front Door/Porch',
    eventCode: '01',
    statusCategory: 'Delivered',
    location: 'address',
    recipient: null,
    summary: (when, where) => `Your item was delivered at the front door or porch at ${when} in ${where}.`,
  },
  delivered_signed: {
    eventType: 'Delivered, Left with Individual',
    eventCode: '01',
    statusCategory: 'Delivered',
    location: 'address',
    recipient: 'name',
    summary: (when, where) => `Your item was delivered to an individual at the address at ${when} in ${where}.`,
  },
  // Nobody home: the "No Authorized Recipient Available" variant of Notice Left.
  delivery_attempted: {
    eventType: 'Notice Left (No Authorized Recipient Available)',
    eventCode: '56',
    statusCategory: 'Delivery Attempt',
    location: 'address',
    recipient: null,
    summary: (when, where) =>
      `We attempted to deliver your item at ${when} in ${where} and a notice was left because an authorized recipient ` +
      'was not available. You may arrange redelivery.',
  },
  held_for_pickup: {
    eventType: 'Available for Pickup',
    eventCode: '16',
    statusCategory: 'Available for Pickup',
    location: 'address',
    recipient: null,
    summary: (when, where) => `Your item arrived at the ${where} Post Office at ${when} and is ready for pickup.`,
  },
  picked_up_by_customer: {
    eventType: 'Delivered, Individual Picked Up at Post Office',
    eventCode: '43',
    statusCategory: 'Delivered',
    location: 'address',
    recipient: 'name',
    summary: (when, where) => `Your item was picked up at the post office at ${when} in ${where}.`,
  },
  return_to_sender: {
    eventType: 'Return to Sender',
    eventCode: '09',
    statusCategory: 'Alert',
    location: 'address',
    recipient: null,
    summary: (when, where) => `Your item was returned to the sender on ${when} in ${where}.`,
  },
  returned_to_sender: {
    eventType: 'Delivered, To Original Sender',
    eventCode: '01',
    statusCategory: 'Delivered',
    location: 'address',
    recipient: 'firm',
    summary: (when, where) => `Your item was delivered to the original sender at ${when} in ${where}.`,
  },
  exception_damaged: {
    eventType: 'Item Damaged, Sender Notified',
    eventCode: null,
    statusCategory: 'Alert',
    location: 'facility',
    recipient: null,
    summary: (when, where) => `Your item was found damaged at our ${where} facility at ${when}. The sender has been notified.`,
  },
  eta_updated: {
    eventType: 'Rescheduled to Next Delivery Day',
    eventCode: '71',
    statusCategory: 'In Transit',
    location: 'address',
    recipient: null,
    summary: (when, where) => `Your item was rescheduled for delivery on the next delivery day at ${when} in ${where}.`,
  },
  delay: {
    eventType: 'Arriving Late',
    eventCode: null,
    statusCategory: 'In Transit',
    location: 'none',
    recipient: null,
    summary: () =>
      'Your package will arrive later than expected, but is still on its way. It is currently in transit to the next facility.',
  },
};

/** "Delivered, Parcel Locker" with code 01, as in the karrio fixture (carriers.md §4.3). */
const DELIVERED_TO_PARCEL_LOCKER: UspsEventDescriptor = {
  eventType: 'Delivered, Parcel Locker',
  eventCode: '01',
  statusCategory: 'Delivered',
  location: 'address',
  recipient: null,
  summary: (when, where) => `Your item was delivered to a parcel locker at ${when} in ${where}.`,
};

function arrival(context: UspsStepContext): UspsEventDescriptor {
  const origin = context.arrivals <= 1;
  return {
    eventType: origin ? 'Arrived at USPS Regional Origin Facility' : 'Arrived at USPS Regional Facility',
    eventCode: origin ? '10' : 'A1',
    statusCategory: 'In Transit',
    location: 'facility',
    recipient: null,
    summary: moving,
  };
}

/** The USPS event for a scenario step. */
export function uspsEventFor(kind: StepKind, context: UspsStepContext, accessPoint = false): UspsEventDescriptor {
  if (kind === 'arrived_at_facility') return arrival(context);
  if (kind === 'delivered' && accessPoint) return DELIVERED_TO_PARCEL_LOCKER;
  const fixed = FIXED[kind];
  if (!fixed) throw new Error(`No USPS event for step kind ${kind}`);
  return fixed;
}
