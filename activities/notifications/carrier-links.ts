import { Carrier } from '../../workflows/shared/vocabulary';

/** Where a customer arranges a new delivery after a missed one, when the carrier gave no next step. */
export interface RescheduleLink {
  /** The carrier's own name for the service, shown to the customer. */
  service: string;
  /** One sentence: how to get there from the link. */
  how: string;
  url: string;
}

/**
 * The carriers' public pages for rescheduling a missed delivery. Sources (checked when written;
 * listed in docs/notifications.md too):
 *
 * - UPS: UPS My Choice is reached from the parcel's tracking page ("Change My Delivery"), per
 *   https://www.ups.com/us/en/track/change-delivery (UPS "Change a delivery" help). Same tracking URL
 *   as `trackingUrl('ups', …)` in activities/carriers/tracking-numbers.ts.
 * - FedEx: FedEx Delivery Manager's delivery options ("Manage delivery") show on the parcel's
 *   tracking page, https://www.fedex.com/fedextrack/?trknbr=… (FedEx public tracking).
 * - USPS: the Redelivery scheduler, https://tools.usps.com/redelivery.htm ("Schedule a Redelivery" in
 *   usps.com's Track & Manage menu; see https://faq.usps.com, "What is Redelivery?"). It asks for the
 *   tracking number or the PS Form 3849 barcode, so it takes no number in the URL.
 * - DHL: DHL Express On Demand Delivery is offered from the parcel's tracking page,
 *   https://www.dhl.com/global-en/home/tracking.html?tracking-id=… (DHL global tracking; ODD terms at
 *   https://del.dhl.com/terms-of-use.xhtml).
 */
const RESCHEDULE: Record<Carrier, (encodedNumber: string) => RescheduleLink> = {
  [Carrier.UPS]: (n) => ({
    service: 'UPS My Choice',
    how: 'To arrange a new delivery, open the UPS tracking page and choose a new date or place with UPS My Choice.',
    url: `https://www.ups.com/track?tracknum=${n}`,
  }),
  [Carrier.FEDEX]: (n) => ({
    service: 'FedEx Delivery Manager',
    how: 'To arrange a new delivery, open the FedEx tracking page and choose a new date or place with FedEx Delivery Manager.',
    url: `https://www.fedex.com/fedextrack/?trknbr=${n}`,
  }),
  [Carrier.USPS]: () => ({
    service: 'USPS Redelivery',
    how: 'To arrange a new delivery, schedule a USPS Redelivery with your tracking number.',
    url: 'https://tools.usps.com/redelivery.htm',
  }),
  [Carrier.DHL]: (n) => ({
    service: 'DHL On Demand Delivery',
    how: 'To arrange a new delivery, open the DHL tracking page and choose a new date or place with DHL On Demand Delivery.',
    url: `https://www.dhl.com/global-en/home/tracking.html?tracking-id=${n}`,
  }),
};

/** The reschedule page for a parcel; undefined for a carrier Waybill does not know. */
export function rescheduleLink(carrier: Carrier, trackingNumber: string): RescheduleLink | undefined {
  return (RESCHEDULE as Partial<Record<string, (n: string) => RescheduleLink>>)[carrier]?.(encodeURIComponent(trackingNumber));
}
