import type { TrackingLocation } from '../../workflows/shared/tracking';
import type { Carrier } from '../../workflows/shared/vocabulary';
import type { OrderDetail } from '../orders/orders.responses';

/** One line of an order's timeline: something the order's workflow recorded, or a carrier scan. */
export type TimelineEntry =
  | { kind: 'order'; at: string; type: string; actor?: string; detail?: string }
  | {
      kind: 'scan';
      at: string;
      status: string;
      description: string;
      location?: string;
      shipmentId: string;
      carrier: Carrier;
      trackingNumber: string;
    };

const place = (location: TrackingLocation | undefined): string | undefined => {
  const parts = [location?.city, location?.region, location?.postalCode, location?.countryCode].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : undefined;
};

const instant = (iso: string): number => {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? 0 : ms;
};

/**
 * The order's history and every parcel's carrier scans, merged, newest first. Times are instants
 * (carriers report local time with an offset), so scans from two time zones interleave correctly;
 * at the same instant, the order's own entry comes after the scan that caused it.
 */
export function buildTimeline(order: Pick<OrderDetail, 'history' | 'shipments'>): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    ...order.history.map(
      (entry): TimelineEntry => ({
        kind: 'order',
        at: entry.at,
        type: entry.type,
        actor: entry.actor && [entry.actor.role, entry.actor.keyId].filter(Boolean).join(' · '),
        detail: entry.detail,
      }),
    ),
    ...order.shipments.flatMap((shipment) =>
      shipment.events.map(
        (event): TimelineEntry => ({
          kind: 'scan',
          at: event.occurredAt,
          status: event.status,
          description: event.description,
          location: place(event.location),
          shipmentId: shipment.shipmentId,
          carrier: shipment.carrier,
          trackingNumber: shipment.trackingNumber,
        }),
      ),
    ),
  ];
  const rank = (entry: TimelineEntry) => (entry.kind === 'order' ? 1 : 0);
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => instant(b.entry.at) - instant(a.entry.at) || rank(b.entry) - rank(a.entry) || b.index - a.index)
    .map(({ entry }) => entry);
}
