import type { CarrierPushRenderer, PushMessage, PushRenderInput } from '../push/carrier-push-renderer';
import { renderDhlShipment } from './dhl-render';

/**
 * DHL Shipment Tracking Push: DHL calls the hook with the header name and token chosen at
 * subscription, and no signature (carriers.md §3.7). DHL calls the payload "not unified"; the
 * sandbox sends the "Default" format as `{"shipments":[…]}` with the shipment exactly as the
 * tracking API renders it, all scans included, so a push and a poll describe each scan
 * identically and the receiver keeps the context (a return under way) that statuses depend on.
 * One message per push, whatever number of steps became visible.
 */
export class DhlPushRenderer implements CarrierPushRenderer {
  readonly carrier = 'dhl' as const;

  constructor(private readonly authentication: { header: string; token: string }) {}

  render({ parcel, scenario, timeline }: PushRenderInput): PushMessage[] {
    const shipment = renderDhlShipment({ trackingNumber: parcel.trackingNumber, scenario, timeline });
    if (!shipment) return [];
    return [
      {
        headers: { 'content-type': 'application/json', [this.authentication.header]: this.authentication.token },
        body: JSON.stringify({ shipments: [shipment] }),
      },
    ];
  }
}
