import type { StepKind } from '../scenario.types';
import type { VisibleStep } from '../timeline';
import type { DhlStatusCode } from './dhl-track.types';

/** What DHL says about one scan. */
export interface DhlStepText {
  statusCode: DhlStatusCode;
  description: string;
  /** Only on the shipment's current status, as DHL Express gives it. */
  remark?: string;
}

/**
 * The shipment-level `status` word. Express answers "delivered" and "exception" (for failure) in
 * a live response (carriers.md §3 sources); the others are assumed to echo the code.
 */
export const DHL_STATUS_WORDS: Readonly<Record<DhlStatusCode, string>> = {
  'pre-transit': 'pre-transit',
  transit: 'transit',
  delivered: 'delivered',
  failure: 'exception',
  unknown: 'unknown',
};

/** "DENVER, CO - USA", the way DHL Express names US places. */
export function dhlLocality(place: { city: string; region: string; countryCode: string }): string {
  const country = place.countryCode === 'US' ? 'USA' : place.countryCode;
  return `${place.city.toUpperCase()}, ${place.region} - ${country}`;
}

/** "DENVER - USA", the shorter form Express uses inside descriptions. */
function inText(step: VisibleStep): string {
  return `${step.city.toUpperCase()} - ${step.countryCode === 'US' ? 'USA' : step.countryCode}`;
}

/**
 * The wording of DHL Express checkpoints as the Unified API returns them ("Shipment picked up",
 * "Processed at …", "Shipment is out with courier for delivery", "Delivered - Signed for by: …",
 * "Returned to shipper"). Texts for attempts, service points and damage are modelled on those.
 */
const FIXED: Readonly<Partial<Record<StepKind, (step: VisibleStep) => DhlStepText>>> = {
  label_created: () => ({ statusCode: 'pre-transit', description: 'Shipment information received' }),
  picked_up: () => ({ statusCode: 'transit', description: 'Shipment picked up' }),
  arrived_at_facility: (step) => ({ statusCode: 'transit', description: `Arrived at DHL Sort Facility ${inText(step)}` }),
  departed_facility: (step) => ({ statusCode: 'transit', description: `Shipment has departed from a DHL facility ${inText(step)}` }),
  in_transit: () => ({ statusCode: 'transit', description: 'Shipment is in transit to destination' }),
  out_for_delivery: () => ({ statusCode: 'transit', description: 'Shipment is out with courier for delivery' }),
  delivered: () => ({ statusCode: 'delivered', description: 'Delivered' }),
  delivered_signed: (step) => ({
    statusCode: 'delivered',
    description: `Delivered - Signed for by: ${step.receivedBy ?? 'RECEIVER'}`,
  }),
  delivery_attempted: (step) => ({
    statusCode: 'failure',
    description: `Delivery attempted. ${step.detail ?? 'The receiver was not available for delivery.'}`,
  }),
  held_for_pickup: () => ({
    statusCode: 'transit',
    description: 'Shipment is awaiting collection at DHL Service Point',
    remark: 'The shipment can be collected at the DHL Service Point with a photo ID.',
  }),
  picked_up_by_customer: (step) => ({
    statusCode: 'delivered',
    description: `Delivered - Collected from DHL Service Point by: ${step.receivedBy ?? 'RECEIVER'}`,
  }),
  return_to_sender: (step) => ({ statusCode: 'failure', description: 'Returned to shipper', remark: step.detail }),
  returned_to_sender: (step) => ({
    statusCode: 'delivered',
    description: `Delivered - Returned to shipper, signed for by: ${step.receivedBy ?? 'SHIPPER'}`,
  }),
  exception_damaged: (step) => ({ statusCode: 'failure', description: 'Shipment is damaged', remark: step.detail }),
  delay: (step) => ({ statusCode: 'transit', description: 'Shipment is on hold', remark: step.detail }),
};

/**
 * The DHL text for a scenario step; null for a step DHL reports with no scan of its own (a new
 * estimate only changes `estimatedTimeOfDelivery`). On the way back Express keeps its ordinary
 * wording ("Shipment is in transit to destination"); only `returnFlag` tells the direction.
 */
export function dhlStatusFor(step: VisibleStep): DhlStepText | null {
  if (step.kind === 'eta_updated') return null;
  // Left in a locker: still "delivered" (a text naming a service point or parcel locker would read
  // as waiting for pickup; see the adapter's dhl.status-mapping).
  if (step.kind === 'delivered' && step.accessPoint) return { statusCode: 'delivered', description: 'Delivered - Left in DHL Locker' };
  const render = FIXED[step.kind];
  if (!render) throw new Error(`No DHL status for step kind ${step.kind}`);
  return render(step);
}
