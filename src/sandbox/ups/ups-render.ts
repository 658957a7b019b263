import { utcOffsetMinutes, type Place } from '../places';
import type { ScenarioDefinition, StepKind } from '../scenario.types';
import type { Timeline, VisibleStep } from '../timeline';
import { upsStatusFor, type UpsStepContext } from './ups-status';
import { upsActivityTimes, upsLocalDate, upsLocalTime } from './ups-time';
import type {
  UpsActivity,
  UpsAddress,
  UpsDeliveryDate,
  UpsDeliveryInformation,
  UpsDeliveryTime,
  UpsPackage,
  UpsTrackResponse,
} from './ups-track.types';

/** An 8×2 greyscale PNG: enough for clients to decode and store a "signature". */
export const SANDBOX_SIGNATURE_PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAgAAAACCAAAAABA/8IxAAAAEElEQVR42mNg+P8fjGD0fwBctQr2p7UPXgAAAABJRU5ErkJggg==';

export const UPS_NOT_FOUND_WARNING = { code: 'TW0001', message: 'Tracking Information Not Found' } as const;

const DELIVERY_KINDS: ReadonlySet<StepKind> = new Set<StepKind>([
  'delivered',
  'delivered_signed',
  'picked_up_by_customer',
]);
const INFORMATIONAL_KINDS: ReadonlySet<StepKind> = new Set<StepKind>(['eta_updated']);
const ESTIMATE_WINDOW_MS = 2 * 60 * 60_000;

export interface UpsRenderInput {
  /** The number as the client sent it; UPS echoes it verbatim. */
  inquiryNumber: string;
  trackingNumber: string;
  scenario: ScenarioDefinition;
  timeline: Timeline;
  /** UPS returns the signature image only when asked (`returnSignature=true`). */
  includeSignature: boolean;
}

/**
 * UPS answers an unknown number with HTTP 200 and a warning instead of a package (the spec says 404;
 * live servers do this: UPS-API/api-documentation issues #102, #166).
 */
export function renderUpsNotFound(inquiryNumber: string): UpsTrackResponse {
  return { trackResponse: { shipment: [{ inquiryNumber, warnings: [{ ...UPS_NOT_FOUND_WARNING }] }] } };
}

/** The UPS Track API response for a sandbox parcel at the moment its timeline was played. */
export function renderUpsTrackResponse(input: UpsRenderInput): UpsTrackResponse {
  const { inquiryNumber, timeline } = input;
  if (!timeline.knownToCarrier || timeline.steps.length === 0) return renderUpsNotFound(inquiryNumber);
  return { trackResponse: { shipment: [{ inquiryNumber, package: [renderPackage(input)] }] } };
}

function renderPackage(input: UpsRenderInput): UpsPackage {
  const { trackingNumber, scenario, timeline } = input;
  const chronological = renderActivities(timeline.steps);
  // A date change is news, not a new state: the status it leaves current is the one before it.
  const statusIndex = findLastIndex(timeline.steps, (s) => !INFORMATIONAL_KINDS.has(s.kind));
  const currentIndex = statusIndex >= 0 ? statusIndex : timeline.steps.length - 1;
  const current = timeline.steps[currentIndex];
  const deliveryIndex = findLastIndex(timeline.steps, (s) => DELIVERY_KINDS.has(s.kind));
  const delivery = deliveryIndex >= 0 ? timeline.steps[deliveryIndex] : undefined;
  const pkg: UpsPackage = {
    trackingNumber,
    ...deliveryDateAndTime(input, current, delivery),
    activity: [...chronological].reverse(),
    currentStatus: { ...chronological[currentIndex].status },
    packageAddress: [
      { type: 'ORIGIN', address: upsAddress(scenario.origin) },
      { type: 'DESTINATION', address: upsAddress(scenario.destination) },
    ],
    weight: { unitOfMeasurement: 'LBS', weight: sandboxWeight(trackingNumber) },
    service: { code: '003', levelCode: '003', description: 'UPS Ground' },
    packageCount: 1,
  };
  if (delivery) pkg.deliveryInformation = deliveryInformation(delivery, input.includeSignature);
  const awaitingPickup = current.kind === 'held_for_pickup' ? current : undefined;
  if (awaitingPickup?.holdUntil) {
    pkg.accessPointInformation = {
      pickupByDate: upsLocalDate(awaitingPickup.holdUntil, utcOffsetMinutes(awaitingPickup)),
    };
  }
  return pkg;
}

/** Oldest first; codes depend on what happened before (attempt number, return leg). */
export function renderActivities(steps: readonly VisibleStep[]): UpsActivity[] {
  const context: UpsStepContext = { attempt: 0, returning: false };
  return steps.map((step): UpsActivity => {
    if (step.kind === 'delivery_attempted') context.attempt += 1;
    if (step.kind === 'return_to_sender') context.returning = true;
    return {
      ...upsActivityTimes(step.occurredAt, utcOffsetMinutes(step)),
      location: { address: activityAddress(step) },
      status: upsStatusFor(step.kind, context, step.accessPoint === true),
    };
  });
}

function deliveryDateAndTime(
  input: UpsRenderInput,
  current: VisibleStep,
  delivery: VisibleStep | undefined,
): { deliveryDate?: UpsDeliveryDate[]; deliveryTime?: UpsDeliveryTime } {
  if (delivery) {
    const offset = utcOffsetMinutes(delivery);
    return {
      deliveryDate: [{ type: 'DEL', date: upsLocalDate(delivery.occurredAt, offset) }],
      deliveryTime: { type: 'DEL', endTime: upsLocalTime(delivery.occurredAt, offset) },
    };
  }
  const eta = input.timeline.estimatedDelivery;
  if (!eta) return {};
  const offset = utcOffsetMinutes(input.scenario.destination);
  const deliveryDate: UpsDeliveryDate[] = [
    { type: input.timeline.etaRescheduled ? 'RDD' : 'SDD', date: upsLocalDate(eta, offset) },
  ];
  if (current.kind !== 'out_for_delivery') return { deliveryDate, deliveryTime: { type: 'EOD' } };
  return { deliveryDate, deliveryTime: estimatedWindow(eta, offset) };
}

/** A two-hour window ending at the estimate, kept within the estimate's local day. */
function estimatedWindow(eta: Date, offset: number): UpsDeliveryTime {
  const start = new Date(eta.getTime() - ESTIMATE_WINDOW_MS);
  const sameDay = upsLocalDate(start, offset) === upsLocalDate(eta, offset);
  return {
    type: 'EDW',
    startTime: sameDay ? upsLocalTime(start, offset) : '000000',
    endTime: upsLocalTime(eta, offset),
  };
}

function deliveryInformation(delivery: VisibleStep, includeSignature: boolean): UpsDeliveryInformation {
  const info: UpsDeliveryInformation = {
    receivedBy: delivery.receivedBy ?? '',
    location: delivery.kind === 'picked_up_by_customer' || delivery.accessPoint ? 'UPS Access Point™' : 'Front Door',
  };
  if (delivery.kind === 'delivered_signed' && includeSignature) {
    info.signature = { image: SANDBOX_SIGNATURE_PNG_BASE64 };
  }
  return info;
}

/** Label scans carry only the country: UPS has not seen the parcel yet. */
function activityAddress(step: VisibleStep): UpsAddress {
  if (step.kind === 'label_created') return { country: step.countryCode, countryCode: step.countryCode };
  return upsAddress(step);
}

function upsAddress(place: Place): UpsAddress {
  const address: UpsAddress = {
    city: place.city,
    stateProvince: place.region,
    country: place.countryCode,
    countryCode: place.countryCode,
  };
  if (place.postalCode) address.postalCode = place.postalCode;
  return address;
}

/** A stable weight per tracking number, so repeated polls agree. */
function sandboxWeight(trackingNumber: string): string {
  let sum = 0;
  for (const ch of trackingNumber) sum += ch.charCodeAt(0);
  return `${(sum % 20) + 1}.00`;
}

/** -1 when nothing matches (ES2022 has no Array#findLastIndex). */
function findLastIndex<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (predicate(items[i])) return i;
  return -1;
}
