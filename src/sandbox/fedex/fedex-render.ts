import { utcOffsetMinutes, type Place } from '../places';
import type { ScenarioDefinition, StepKind } from '../scenario.types';
import type { Timeline, VisibleStep } from '../timeline';
import { fedexCodesFor, type FedexStepCodes } from './fedex-status';
import { fedexLocalDate, fedexLocalDateTime, fedexLocalDayStart } from './fedex-time';
import type {
  FedexAddress,
  FedexCompleteTrackResult,
  FedexDateAndTime,
  FedexDeliveryDetails,
  FedexHoldAtLocation,
  FedexPartyInformation,
  FedexScanEvent,
  FedexServiceCommitMessage,
  FedexTimeWindow,
  FedexTrackResult,
} from './fedex-track.types';

/** How FedEx says it does not know a number: an error inside the 200, for that number only. */
export const FEDEX_NOT_FOUND_ERROR = {
  code: 'TRACKING.TRACKINGNUMBER.NOTFOUND',
  message: 'Tracking number cannot be found. Please correct the tracking number and try again.',
} as const;

const DELIVERY_KINDS: ReadonlySet<StepKind> = new Set<StepKind>([
  'delivered',
  'delivered_signed',
  'picked_up_by_customer',
  'returned_to_sender',
]);
const ESTIMATE_WINDOW_MS = 2 * 60 * 60_000;
const COUNTRY_NAMES: Readonly<Record<string, string>> = { US: 'United States' };

/** Where FedEx says a parcel was left, per kind of delivery (DeliveryDetails.locationType enum). */
const DELIVERY_PLACES: Readonly<Partial<Record<StepKind, { locationType: string; locationDescription: string }>>> = {
  delivered: { locationType: 'RESIDENCE', locationDescription: 'Residence' },
  delivered_signed: { locationType: 'RESIDENCE', locationDescription: 'Residence' },
  picked_up_by_customer: { locationType: 'FEDEX_LOCATION', locationDescription: 'FedEx location' },
  returned_to_sender: { locationType: 'SHIPPING_RECEIVING', locationDescription: 'Shipping/Receiving' },
};
/** A delivery left at a FedEx location for collection (`accessPoint` steps). */
const ACCESS_POINT_PLACE = { locationType: 'FEDEX_LOCATION', locationDescription: 'FedEx location' };
/** FedEx shows street lines only in the secured flow; the sandbox's pickup points all get this one. */
const PICKUP_POINT_STREET = '100 MAIN ST';
const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export interface FedexRenderInput {
  trackingNumber: string;
  scenario: ScenarioDefinition;
  timeline: Timeline;
  /** `false` asks FedEx for the latest status only: one scan instead of the history. */
  includeDetailedScans: boolean;
  /**
   * Push only: the delivery is known but not yet who took it. FedEx's first delivery notice can
   * lack the proof of delivery, which a later notice adds.
   */
  proofOfDeliveryPending?: boolean;
}

interface RenderedScan {
  step: VisibleStep;
  codes: FedexStepCodes;
  event: FedexScanEvent;
}

export function renderFedexNotFound(requestedNumber: string): FedexCompleteTrackResult {
  return {
    trackingNumber: requestedNumber,
    trackResults: [
      {
        trackingNumberInfo: { trackingNumber: requestedNumber, carrierCode: '', trackingNumberUniqueId: '' },
        error: { ...FEDEX_NOT_FOUND_ERROR },
      },
    ],
  };
}

/** One entry of `output.completeTrackResults`, echoing the number as the client sent it. */
export function renderFedexCompleteTrackResult(requestedNumber: string, input: FedexRenderInput): FedexCompleteTrackResult {
  const result = renderFedexTrackResult(input);
  return result ? { trackingNumber: requestedNumber, trackResults: [result] } : renderFedexNotFound(requestedNumber);
}

/** The trackResult of a sandbox parcel as its timeline stands; undefined while FedEx has never heard of it. */
export function renderFedexTrackResult(input: FedexRenderInput): FedexTrackResult | undefined {
  const { trackingNumber, scenario, timeline } = input;
  if (!timeline.knownToCarrier) return undefined;
  const scans = renderScans(timeline.steps);
  const current = scans.at(-1);
  if (!current) return undefined;
  const steps = timeline.steps;
  const delivery = [...steps].reverse().find((step) => DELIVERY_KINDS.has(step.kind));
  const attempts = steps.filter((step) => step.kind === 'delivery_attempted').length;
  const returning = steps.some((step) => step.kind === 'return_to_sender');
  const eta = delivery ? null : timeline.estimatedDelivery;
  const newestFirst = scans.map((scan) => scan.event).reverse();

  const result: FedexTrackResult = {
    trackingNumberInfo: { trackingNumber, carrierCode: 'FDXG', trackingNumberUniqueId: uniqueId(trackingNumber, scans[0].step.occurredAt) },
    additionalTrackingInfo: { nickname: '', hasAssociatedShipments: false },
    shipperInformation: party(scenario.origin),
    recipientInformation: party(scenario.destination),
    latestStatusDetail: { ...current.codes.latest, scanLocation: scanAddress(current.step) },
    dateAndTimes: datesAndTimes(steps, delivery, eta, scenario.destination),
    availableImages: delivery && !input.proofOfDeliveryPending ? [{ type: 'SIGNATURE_PROOF_OF_DELIVERY' }] : [],
    specialHandlings: scenario.steps.some((step) => step.kind === 'delivered_signed')
      ? [{ type: 'DIRECT_SIGNATURE_REQUIRED', description: 'Direct Signature Required', paymentType: 'OTHER' }]
      : [],
    packageDetails: {
      packagingDescription: { type: 'YOUR_PACKAGING', description: 'Your Packaging' },
      count: '1',
      weightAndDimensions: { weight: [{ value: sandboxWeight(trackingNumber), unit: 'LB' }] },
    },
    scanEvents: input.includeDetailedScans ? newestFirst : newestFirst.slice(0, 1),
    deliveryDetails: deliveryDetails(attempts, input.proofOfDeliveryPending ? undefined : delivery),
    originLocation: { locationContactAndAddress: { address: cityAddress(scenario.origin) } },
    destinationLocation: { locationContactAndAddress: { address: cityAddress(scenario.destination) } },
    serviceDetail: { type: 'FEDEX_GROUND', description: 'FedEx Ground', shortDescription: 'FG' },
    estimatedDeliveryTimeWindow: estimatedWindow(current.step, eta, scenario.destination),
    returnDetail: {},
  };
  const commitMessage = serviceCommitMessage(current.step, attempts, returning, eta, delivery);
  if (commitMessage) result.serviceCommitMessage = commitMessage;
  if (current.step.kind === 'held_for_pickup') {
    result.holdAtLocation = holdAtLocation(current.step);
    result.customDeliveryOptions = [{ type: 'REDIRECT_TO_HOLD_AT_LOCATION', status: 'HELD' }];
  }
  return result;
}

/** Oldest first, FedEx scans only (an estimate change is not a scan). */
function renderScans(steps: readonly VisibleStep[]): RenderedScan[] {
  return steps.flatMap((step): RenderedScan[] => {
    const codes = fedexCodesFor(step.kind, step.accessPoint === true);
    if (!codes) return [];
    const event: FedexScanEvent = {
      date: fedexLocalDateTime(step.occurredAt, utcOffsetMinutes(step)),
      eventType: codes.eventType,
      eventDescription: codes.eventDescription,
      exceptionCode: codes.exceptionCode,
      exceptionDescription: codes.exceptionDescription,
      scanLocation: scanAddress(step),
      locationType: codes.locationType,
      derivedStatusCode: codes.derivedStatusCode,
      derivedStatus: codes.derivedStatus,
    };
    if (step.kind !== 'label_created') event.locationId = locationId(step);
    if (codes.delayDetail) event.delayDetail = { ...codes.delayDetail };
    return [{ step, codes, event }];
  });
}

function datesAndTimes(
  steps: readonly VisibleStep[],
  delivery: VisibleStep | undefined,
  eta: Date | null,
  destination: Place,
): FedexDateAndTime[] {
  const dates: FedexDateAndTime[] = [];
  if (delivery) dates.push({ type: 'ACTUAL_DELIVERY', dateTime: fedexLocalDateTime(delivery.occurredAt, utcOffsetMinutes(delivery)) });
  const pickup = steps.find((step) => step.kind === 'picked_up');
  if (pickup) {
    const at = fedexLocalDateTime(pickup.occurredAt, utcOffsetMinutes(pickup));
    dates.push({ type: 'ACTUAL_PICKUP', dateTime: at }, { type: 'ACTUAL_TENDER', dateTime: at });
  }
  const shipped = pickup ?? steps[0];
  dates.push({ type: 'SHIP', dateTime: fedexLocalDayStart(shipped.occurredAt, utcOffsetMinutes(shipped)) });
  // FedEx writes a delivery day as local midnight with the destination's offset.
  if (eta) dates.push({ type: 'ESTIMATED_DELIVERY', dateTime: fedexLocalDayStart(eta, utcOffsetMinutes(destination)) });
  return dates;
}

/** A two-hour window ending at the estimate once the parcel is on the van, kept within the local day; `{}` otherwise. */
function estimatedWindow(current: VisibleStep, eta: Date | null, destination: Place): FedexTimeWindow {
  if (!eta || current.kind !== 'out_for_delivery') return { window: {} };
  const offset = utcOffsetMinutes(destination);
  const start = new Date(eta.getTime() - ESTIMATE_WINDOW_MS);
  const begins =
    fedexLocalDate(start, offset) === fedexLocalDate(eta, offset) ? fedexLocalDateTime(start, offset) : fedexLocalDayStart(eta, offset);
  return { type: 'ESTIMATED_DELIVERY', window: { begins, ends: fedexLocalDateTime(eta, offset) } };
}

function deliveryDetails(attempts: number, delivery: VisibleStep | undefined): FedexDeliveryDetails {
  const details: FedexDeliveryDetails = { deliveryAttempts: String(attempts) };
  if (!delivery) return details;
  if (delivery.receivedBy) details.receivedByName = delivery.receivedBy;
  if (delivery.kind === 'delivered_signed' && delivery.receivedBy) details.signedByName = delivery.receivedBy;
  return { ...details, ...(delivery.kind === 'delivered' && delivery.accessPoint ? ACCESS_POINT_PLACE : DELIVERY_PLACES[delivery.kind]) };
}

function serviceCommitMessage(
  current: VisibleStep,
  attempts: number,
  returning: boolean,
  eta: Date | null,
  delivery: VisibleStep | undefined,
): FedexServiceCommitMessage | undefined {
  if (current.kind === 'held_for_pickup') {
    return { type: 'HELD_PACKAGE_AVAILABLE_FOR_RECIPIENT_PICKUP', message: heldMessage(current) };
  }
  if (current.kind === 'delivery_attempted' && !returning) {
    const type = attempts <= 1 ? 'FIRST_DELIVERY_ATTEMPTED' : attempts === 2 ? 'SUBSEQUENT_DELIVERY_ATTEMPTED' : 'FINAL_DELIVERY_ATTEMPTED';
    return { type, message: 'Delivery was attempted.' };
  }
  if (!eta && !delivery)
    return { type: 'ESTIMATED_DELIVERY_DATE_UNAVAILABLE', message: 'No scheduled delivery date available at this time.' };
  return undefined;
}

/**
 * FedEx has no hold-until field; the period is in the commit message, worded like FedEx's sandbox
 * answer for a held parcel: "Shipment is available for pickup at FedEx Office: 2201 SHATTUCK AVE.
 * We'll hold the shipment for five business days starting from January 08, 2014." The count is the
 * business days from the hold's first local day to the scenario's keep-until day, both included.
 */
function heldMessage(step: VisibleStep): string {
  const offset = utcOffsetMinutes(step);
  const where = `Shipment is available for pickup at FedEx Office: ${PICKUP_POINT_STREET}.`;
  if (!step.holdUntil) return where;
  const first = new Date(`${fedexLocalDate(step.occurredAt, offset)}T00:00:00Z`);
  const last = fedexLocalDate(step.holdUntil, offset);
  let days = 0;
  for (const day = new Date(first); day.toISOString().slice(0, 10) <= last; day.setUTCDate(day.getUTCDate() + 1)) {
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) days += 1;
  }
  const count = NUMBER_WORDS[days] ?? String(days);
  const start = `${MONTHS[first.getUTCMonth()]} ${String(first.getUTCDate()).padStart(2, '0')}, ${first.getUTCFullYear()}`;
  return `${where} We'll hold the shipment for ${count} business days starting from ${start}.`;
}

/** The FedEx Office holding the parcel, as FedEx's sandbox answer for a held parcel shows it. */
function holdAtLocation(step: VisibleStep): FedexHoldAtLocation {
  const address: FedexAddress = { streetLines: [PICKUP_POINT_STREET], ...cityAddress(step) };
  if (step.postalCode) address.postalCode = step.postalCode;
  return { locationContactAndAddress: { address }, locationId: locationId(step), locationType: 'FEDEX_OFFICE' };
}

/** A label scan carries only the postal code and country: FedEx has not seen the parcel yet. */
function scanAddress(step: VisibleStep): FedexAddress {
  if (step.kind === 'label_created') {
    return {
      streetLines: [''],
      ...(step.postalCode ? { postalCode: step.postalCode } : {}),
      countryCode: step.countryCode,
      residential: false,
    };
  }
  const address: FedexAddress = { streetLines: [''], ...cityAddress(step) };
  if (step.postalCode) address.postalCode = step.postalCode;
  return address;
}

/** FedEx writes facility cities in capitals (CLOVIS, OAKLAND). */
function cityAddress(place: Place): FedexAddress {
  const address: FedexAddress = {
    city: place.city.toUpperCase(),
    stateOrProvinceCode: place.region,
    countryCode: place.countryCode,
    residential: false,
  };
  const countryName = COUNTRY_NAMES[place.countryCode];
  if (countryName) address.countryName = countryName;
  return address;
}

function party(place: Place): FedexPartyInformation {
  return { contact: {}, address: cityAddress(place) };
}

/** A stable four-letter station code per city, like FedEx's FATA or OAKH. */
function locationId(place: Place): string {
  return `${place.city
    .replace(/[^A-Za-z]/g, '')
    .slice(0, 3)
    .toUpperCase()}A`;
}

/** `<ship day>~<number>~FX`, like live answers ("2460425000~776094337676~FX"); stable for one parcel. */
function uniqueId(trackingNumber: string, firstScanAt: Date): string {
  return `${Math.floor(firstScanAt.getTime() / 86_400_000)}000~${trackingNumber}~FX`;
}

/** A stable weight per tracking number, so repeated polls agree. */
function sandboxWeight(trackingNumber: string): string {
  let sum = 0;
  for (const ch of trackingNumber) sum += ch.charCodeAt(0);
  return `${(sum % 20) + 1}.0`;
}
