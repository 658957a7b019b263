import { createHash } from 'node:crypto';

/**
 * A shipment's ID is derived from its business key, so repeating "add this tracking number to
 * this order" always names the same shipment and the same workflow. The hash keeps the tracking
 * number itself out of workflow IDs.
 */
export function shipmentIdFor(orderId: string, carrier: string, trackingNumber: string): string {
  const digest = createHash('sha256').update([orderId, carrier, trackingNumber].join('\n')).digest('hex');
  return `shp_${digest.slice(0, 24)}`;
}
