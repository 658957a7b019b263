import { createHash } from 'node:crypto';
import { utcOffsetMinutes, type Place } from '../places';
import type { ScenarioDefinition, StepKind } from '../scenario.types';
import type { Timeline, VisibleStep } from '../timeline';
import { uspsEventFor, type UspsEventDescriptor, type UspsStepContext } from './usps-events';
import {
  formatUspsOffset,
  uspsGmtTimestamp,
  uspsIntakeDate,
  uspsLocalClock,
  uspsLocalDate,
  uspsLocalTimestamp,
  uspsSpokenTime,
  uspsSummaryTime,
} from './usps-time';
import type { UspsTrackingDetails, UspsTrackingEvent, UspsTrackingSummary } from './usps-tracking.types';

const ESTIMATE_WINDOW_MS = 2 * 60 * 60_000;
/** As the karrio fixture spells it, markup included. */
const GROUND_ADVANTAGE = 'USPS Ground Advantage<SUP>&#153;</SUP>';
const SIGNATURE_CONFIRMATION = 'Signature Confirmation<SUP>&#8482;</SUP>';

export interface UspsRenderInput {
  trackingNumber: string;
  scenario: ScenarioDefinition;
  timeline: Timeline;
}

/** One rendered event with the descriptor it came from, oldest first. */
export interface RenderedUspsEvent {
  step: VisibleStep;
  descriptor: UspsEventDescriptor;
  event: UspsTrackingEvent;
}

/**
 * The DETAIL answer for a sandbox parcel at the moment its timeline was played, or null when USPS
 * would answer 404: the parcel is unknown to the carrier, or no scan is visible yet (USPS/api-examples
 * #102: third-party labels are not trackable for a while after creation).
 */
export function renderUspsTrackingDetails(input: UspsRenderInput): UspsTrackingDetails | null {
  const { trackingNumber, scenario, timeline } = input;
  if (!timeline.knownToCarrier || timeline.steps.length === 0) return null;
  const rendered = renderUspsEvents(timeline.steps);
  const newest = rendered[rendered.length - 1];
  const signature = scenario.steps.some((step) => step.kind === 'delivered_signed');
  const label = timeline.steps[0];
  const details: UspsTrackingDetails = {
    trackingNumber,
    destinationCity: scenario.destination.city.toUpperCase(),
    destinationState: scenario.destination.region,
    destinationZIP: scenario.destination.postalCode ?? '',
    emailEnabled: 'true',
    kahalaIndicator: 'false',
    mailClass: GROUND_ADVANTAGE,
    mailType: 'DM',
    originCity: scenario.origin.city.toUpperCase(),
    originState: scenario.origin.region,
    originZIP: scenario.origin.postalCode ?? '',
    proofOfDeliveryEnabled: signature ? 'true' : 'false',
    restoreEnabled: 'false',
    RRAMEnabled: 'false',
    RREEnabled: 'false',
    services: ['USPS Tracking<SUP>&#174;</SUP>', 'Up to $100 insurance included', ...(signature ? [SIGNATURE_CONFIRMATION] : [])],
    serviceTypeCode: trackingNumber.slice(2, 5),
    status: newest.descriptor.eventType,
    statusCategory: newest.descriptor.statusCategory,
    statusSummary: newest.descriptor.summary(uspsSpokenTime(newest.step.occurredAt, utcOffsetMinutes(newest.step)), placeText(newest)),
    tableCode: 'T',
    uniqueMailPieceID: mailPieceId(trackingNumber),
    mailPieceIntakeDate: uspsIntakeDate(label.occurredAt, utcOffsetMinutes(label)),
    ...estimate(input),
    trackingEvents: rendered.map((r) => r.event).reverse(),
  };
  if (newest.step.kind === 'held_for_pickup' && newest.step.holdUntil) {
    details.returnDateNotice = uspsLocalDate(newest.step.holdUntil, utcOffsetMinutes(newest.step));
  }
  return details;
}

/** The SUMMARY answer (the default `expand`): the status sentence, then one line per older event. */
export function renderUspsTrackingSummary(details: UspsTrackingDetails): UspsTrackingSummary {
  const [, ...older] = details.trackingEvents;
  const summary: UspsTrackingSummary = {
    trackingNumber: details.trackingNumber,
    eventSummaries: [details.statusSummary, ...older.map(summaryLine)],
  };
  if (details.predictedDeliveryDate) summary.expectedDeliveryDate = details.predictedDeliveryDate;
  if (details.predictedDeliveryWindowEndTime) summary.expectedDeliveryTime = details.predictedDeliveryWindowEndTime;
  return summary;
}

/** Oldest first; an arrival's code depends on the arrivals before it. */
export function renderUspsEvents(steps: readonly VisibleStep[]): RenderedUspsEvent[] {
  const context: UspsStepContext = { arrivals: 0 };
  return steps.map((step) => {
    if (step.kind === 'arrived_at_facility') context.arrivals += 1;
    const descriptor = uspsEventFor(step.kind, context, step.accessPoint === true);
    return { step, descriptor, event: renderEvent(step, descriptor) };
  });
}

function renderEvent(step: VisibleStep, descriptor: UspsEventDescriptor): UspsTrackingEvent {
  const offset = utcOffsetMinutes(step);
  return {
    eventType: descriptor.eventType,
    eventTimestamp: uspsLocalTimestamp(step.occurredAt, offset),
    GMTTimestamp: uspsGmtTimestamp(step.occurredAt),
    GMTOffset: formatUspsOffset(offset),
    // Domestic scans carry no country (karrio fixture).
    eventCountry: descriptor.location === 'none' || step.countryCode === 'US' ? null : step.countryCode,
    ...eventPlace(step, descriptor),
    firm: descriptor.recipient === 'firm' ? (step.receivedBy ?? null) : null,
    name: descriptor.recipient === 'name' ? (step.receivedBy ?? null) : null,
    authorizedAgent: 'false',
    eventCode: descriptor.eventCode,
  };
}

/** Regional facilities are named, not addressed: "SALT LAKE CITY UT DISTRIBUTION CENTER", no state or ZIP. */
function eventPlace(place: Place, descriptor: UspsEventDescriptor): Pick<UspsTrackingEvent, 'eventCity' | 'eventState' | 'eventZIP'> {
  if (descriptor.location === 'none') return { eventCity: null, eventState: null, eventZIP: null };
  if (descriptor.location === 'facility') return { eventCity: facilityName(place), eventState: null, eventZIP: null };
  return { eventCity: place.city.toUpperCase(), eventState: place.region, eventZIP: place.postalCode ?? null };
}

function facilityName(place: Place): string {
  return `${place.city.toUpperCase()} ${place.region} DISTRIBUTION CENTER`;
}

function placeText({ step, descriptor }: RenderedUspsEvent): string {
  if (descriptor.location === 'facility') return facilityName(step);
  return `${step.city.toUpperCase()}, ${step.region}${step.postalCode ? ` ${step.postalCode}` : ''}`;
}

function summaryLine(event: UspsTrackingEvent): string {
  const at = new Date(event.GMTTimestamp);
  const offset = offsetMinutes(event.GMTOffset);
  const where = [event.eventCity, [event.eventState, event.eventZIP].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  return [event.eventType, uspsSummaryTime(at, offset), where].filter(Boolean).join(', ');
}

function offsetMinutes(gmtOffset: string): number {
  const [, sign, hours, minutes] = /^([+-])(\d{2}):(\d{2})$/.exec(gmtOffset) ?? ['', '+', '0', '0'];
  return (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes));
}

/**
 * The current estimate at the destination: an expected delivery day, and on the delivery day a
 * predicted two-hour window ending at the estimate. Both vanish once delivery is no longer pending.
 */
function estimate({ scenario, timeline }: UspsRenderInput): Partial<UspsTrackingDetails> {
  const eta = timeline.estimatedDelivery;
  if (!eta) return {};
  const offset = utcOffsetMinutes(scenario.destination);
  const date = uspsLocalDate(eta, offset);
  const fields: Partial<UspsTrackingDetails> = {
    expectedDeliveryTimeStamp: uspsLocalTimestamp(eta, offset),
    expectedDeliveryType: 'Expected Delivery by',
    predictedDeliveryDate: date,
  };
  if (currentKind(timeline) === 'out_for_delivery') {
    const start = new Date(eta.getTime() - ESTIMATE_WINDOW_MS);
    fields.predictedDeliveryWindowStartTime = uspsLocalDate(start, offset) === date ? uspsLocalClock(start, offset) : '00:00';
    fields.predictedDeliveryWindowEndTime = uspsLocalClock(eta, offset);
  }
  return fields;
}

/** The newest step that changed where the parcel is; a rescheduling does not take it off the truck. */
function currentKind(timeline: Timeline): StepKind | undefined {
  for (let i = timeline.steps.length - 1; i >= 0; i--) {
    const kind = timeline.steps[i].kind;
    if (kind !== 'eta_updated' && kind !== 'delay') return kind;
  }
  return undefined;
}

/** Stable per tracking number, so repeated polls agree; nine digits like the karrio fixture's. */
function mailPieceId(trackingNumber: string): string {
  const digest = createHash('sha256').update(trackingNumber).digest();
  return String(digest.readUInt32BE(0) % 1_000_000_000).padStart(9, '0');
}
