import { utcOffsetMinutes, type Place } from '../places';
import type { ScenarioDefinition, StepKind } from '../scenario.types';
import type { Timeline, VisibleStep } from '../timeline';
import { DHL_STATUS_WORDS, dhlLocality, dhlStatusFor, type DhlStepText } from './dhl-status';
import { dhlOffsetTimestamp, startOfLocalDay } from './dhl-time';
import { dhlPieceId } from './dhl-tracking-numbers';
import type { DhlAddress, DhlEvent, DhlPlace, DhlProofOfDelivery, DhlShipment, DhlTrackResponse } from './dhl-track.types';

/** Steps after which DHL shows a proof of delivery, the sender's included (Express does). */
const DELIVERY_KINDS: ReadonlySet<StepKind> = new Set<StepKind>([
  'delivered',
  'delivered_signed',
  'picked_up_by_customer',
  'returned_to_sender',
]);
const SIGNED_KINDS: ReadonlySet<StepKind> = new Set<StepKind>(['delivered_signed', 'picked_up_by_customer', 'returned_to_sender']);
const AT_SERVICE_POINT: ReadonlySet<StepKind> = new Set<StepKind>(['held_for_pickup', 'picked_up_by_customer']);
const ESTIMATE_WINDOW_MS = 2 * 60 * 60_000;

export interface DhlRenderInput {
  trackingNumber: string;
  scenario: ScenarioDefinition;
  timeline: Timeline;
}

/** One scan as DHL reports it, with the step it came from. */
interface RenderedScan {
  step: VisibleStep;
  text: DhlStepText;
  event: DhlEvent;
}

/** The response for a sandbox parcel at the moment its timeline was played; null when DHL has nothing (a 404). */
export function renderDhlTrackResponse(input: DhlRenderInput): DhlTrackResponse | null {
  const shipment = renderDhlShipment(input);
  return shipment ? { shipments: [shipment] } : null;
}

/** The `shipments[]` entry for a sandbox parcel; also the push payload's shape. */
export function renderDhlShipment(input: DhlRenderInput): DhlShipment | null {
  const { trackingNumber, scenario, timeline } = input;
  if (!timeline.knownToCarrier) return null;
  const scans = renderScans(timeline.steps);
  const current = scans.at(-1);
  if (!current) return null;
  const delivery = [...scans].reverse().find((scan) => DELIVERY_KINDS.has(scan.step.kind));
  const returning = timeline.steps.some((step) => step.kind === 'return_to_sender');
  const shipment: DhlShipment = {
    id: trackingNumber,
    service: 'express',
    origin: { address: address(scenario.origin) },
    destination: destination(scenario.destination, current.step),
    status: {
      ...current.event,
      statusCode: current.text.statusCode,
      status: DHL_STATUS_WORDS[current.text.statusCode],
      ...(current.text.remark ? { remark: current.text.remark } : {}),
    },
    ...estimates(timeline, scenario.destination, current.step),
    serviceUrl: `https://www.dhl.com/us-en/home/tracking/tracking-express.html?submit=1&tracking-id=${trackingNumber}`,
    returnFlag: returning,
    details: {
      product: { productName: 'EXPRESS DOMESTIC' },
      proofOfDeliverySignedAvailable: delivery !== undefined && SIGNED_KINDS.has(delivery.step.kind),
      totalNumberOfPieces: 1,
      pieceIds: [dhlPieceId(trackingNumber)],
      weight: { value: sandboxWeight(trackingNumber), unitText: 'kg' },
    },
    events: scans.map((scan) => scan.event).reverse(),
  };
  if (delivery) shipment.details.proofOfDelivery = proofOfDelivery(trackingNumber, delivery.step);
  return shipment;
}

/**
 * Oldest first; steps DHL reports without a scan of their own are left out. Times carry the
 * place's offset, unlike live Express scans: sandbox time runs faster than real time, so bare
 * local times from places in different zones would come out of order by hours of offset.
 */
function renderScans(steps: readonly VisibleStep[]): RenderedScan[] {
  return steps.flatMap((step) => {
    const text = dhlStatusFor(step);
    if (!text) return [];
    const event: DhlEvent = {
      timestamp: dhlOffsetTimestamp(step.occurredAt, utcOffsetMinutes(step)),
      location: { address: { addressLocality: dhlLocality(step) } },
      description: text.description,
    };
    return [{ step, text, event }];
  });
}

/** The destination, and the service point while the parcel waits there or once it was collected. */
function destination(place: Place, current: VisibleStep): DhlPlace {
  const result: DhlPlace = { address: address(place) };
  const inLocker = current.kind === 'delivered' && current.accessPoint === true;
  if (AT_SERVICE_POINT.has(current.kind) || inLocker) {
    const id = `US${current.postalCode ?? '00000'}-001`;
    result.servicePoint = {
      url: `https://www.dhl.com/us-en/home/location-finder.html?servicePointId=${id}`,
      label: `${inLocker ? 'DHL Locker' : 'DHL Service Point'} ${current.city.toUpperCase()}`,
    };
  }
  return result;
}

/**
 * The estimate in the destination's time: the whole day ("By End of Day"), narrowed to a two-hour
 * window once the courier is on the way. Gone once the parcel is delivered or stopped.
 */
function estimates(timeline: Timeline, destinationPlace: Place, current: VisibleStep): Partial<DhlShipment> {
  const eta = timeline.estimatedDelivery;
  if (!eta) return {};
  const offset = utcOffsetMinutes(destinationPlace);
  const dayStart = startOfLocalDay(eta, offset);
  const onBoard = current.kind === 'out_for_delivery';
  const from = onBoard ? new Date(Math.max(dayStart.getTime(), eta.getTime() - ESTIMATE_WINDOW_MS)) : dayStart;
  return {
    estimatedTimeOfDelivery: dhlOffsetTimestamp(eta, offset),
    estimatedDeliveryTimeFrame: { estimatedFrom: dhlOffsetTimestamp(from, offset), estimatedThrough: dhlOffsetTimestamp(eta, offset) },
    ...(onBoard ? {} : { estimatedTimeOfDeliveryRemark: 'By End of Day' }),
  };
}

/** Express names the signer "Delivered" when nobody signed (seen in a live answer). */
function proofOfDelivery(trackingNumber: string, step: VisibleStep): DhlProofOfDelivery {
  const signed = SIGNED_KINDS.has(step.kind);
  const link = `https://webpod.dhl.com/webPOD/DHLePODRequest?hwb=${trackingNumber}&language=en`;
  return {
    timestamp: dhlOffsetTimestamp(step.occurredAt, utcOffsetMinutes(step)),
    documentUrl: link,
    ...(signed ? { signatureUrl: `${link}&signature=true` } : {}),
    signed: { '@type': 'Person', name: signed ? (step.receivedBy ?? 'RECEIVER') : 'Delivered' },
  };
}

function address(place: Place): DhlAddress {
  const result: DhlAddress = { addressLocality: dhlLocality(place), countryCode: place.countryCode };
  if (place.postalCode) result.postalCode = place.postalCode;
  return result;
}

/** A stable weight per tracking number, so repeated polls agree. */
function sandboxWeight(trackingNumber: string): number {
  let sum = 0;
  for (const ch of trackingNumber) sum += ch.charCodeAt(0);
  return (sum % 20) + 0.5;
}
