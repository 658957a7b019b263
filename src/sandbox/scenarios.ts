import { z } from 'zod';
import { PLACES, type Place } from './places';
import type { ScenarioDefinition, ScenarioStep, StepKind } from './scenario.types';

export const SCENARIO_NAMES = [
  'delivered',
  'out_for_delivery_then_delivered',
  'delivered_with_signature',
  'failed_attempt_then_delivered',
  'available_for_pickup',
  'three_failed_attempts_then_returned',
  'returned_to_sender',
  'eta_slips',
  'stalled_then_lost',
  'exception_damaged',
  'not_found',
  'delivered_to_access_point',
] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];
export type Scenario = ScenarioDefinition<ScenarioName>;

export function isScenarioName(value: unknown): value is ScenarioName {
  return typeof value === 'string' && (SCENARIO_NAMES as readonly string[]).includes(value);
}

export const ScenarioNameSchema = z.enum(SCENARIO_NAMES, {
  error: (issue) =>
    issue.input === undefined
      ? `scenario is required; valid scenarios: ${SCENARIO_NAMES.join(', ')}`
      : `scenario ${JSON.stringify(issue.input)} is unknown; valid scenarios: ${SCENARIO_NAMES.join(', ')}`,
});

const HOURS = 60;

function step(at: number, kind: StepKind, place: Place, extra: Partial<ScenarioStep> = {}): ScenarioStep {
  return { at, kind, ...place, ...extra };
}

const NOT_HOME = 'The receiver was not available for delivery.';

/** Los Angeles area to Denver by ground, through the Ontario, Las Vegas and Salt Lake City hubs. */
const westboundUntilDestinationHub: readonly ScenarioStep[] = [
  step(0, 'label_created', PLACES.commerceCA, { detail: 'Shipper created a label' }),
  step(4 * HOURS, 'picked_up', PLACES.commerceCA),
  step(6 * HOURS, 'arrived_at_facility', PLACES.ontarioCA),
  step(8 * HOURS, 'departed_facility', PLACES.ontarioCA),
  step(14 * HOURS, 'arrived_at_facility', PLACES.lasVegasNV),
  step(15 * HOURS, 'departed_facility', PLACES.lasVegasNV),
  step(26 * HOURS, 'arrived_at_facility', PLACES.saltLakeCityUT),
  step(28 * HOURS, 'departed_facility', PLACES.saltLakeCityUT),
  step(36 * HOURS, 'in_transit', PLACES.saltLakeCityUT, { detail: 'On the way to the destination hub' }),
  step(43 * HOURS, 'arrived_at_facility', PLACES.denverHubCO),
];

/** New Jersey to Chicago by ground, through Parsippany, Harrisburg, Columbus and Hodgkins. */
function eastbound(offset: number): ScenarioStep[] {
  return [
    step(offset, 'label_created', PLACES.secaucusNJ, { detail: 'Shipper created a label' }),
    step(offset + 3 * HOURS, 'picked_up', PLACES.secaucusNJ),
    step(offset + 5 * HOURS, 'arrived_at_facility', PLACES.parsippanyNJ),
    step(offset + 7 * HOURS, 'departed_facility', PLACES.parsippanyNJ),
    step(offset + 15 * HOURS, 'arrived_at_facility', PLACES.harrisburgPA),
    step(offset + 17 * HOURS, 'departed_facility', PLACES.harrisburgPA),
    step(offset + 26 * HOURS, 'arrived_at_facility', PLACES.columbusOH),
    step(offset + 28 * HOURS, 'departed_facility', PLACES.columbusOH),
    step(offset + 38 * HOURS, 'arrived_at_facility', PLACES.hodgkinsIL),
    step(offset + 41 * HOURS, 'departed_facility', PLACES.hodgkinsIL),
  ];
}

const delivered: Scenario = {
  name: 'delivered',
  description: 'Ground parcel from Los Angeles to Denver, delivered about 52 simulated hours after the label.',
  knownToCarrier: true,
  origin: PLACES.commerceCA,
  destination: PLACES.denverCO,
  etaAt: 54 * HOURS,
  steps: [
    ...westboundUntilDestinationHub,
    step(47 * HOURS, 'out_for_delivery', PLACES.denverCO),
    step(52 * HOURS, 'delivered', PLACES.denverCO, { detail: 'Left at the front door' }),
  ],
};

const outForDeliveryThenDelivered: Scenario = {
  name: 'out_for_delivery_then_delivered',
  description: 'Already at the Chicago hub when created; out for delivery within minutes, delivered 4 hours later.',
  knownToCarrier: true,
  origin: PLACES.secaucusNJ,
  destination: PLACES.chicagoIL,
  etaAt: 6 * HOURS,
  steps: [
    ...eastbound(-42 * HOURS),
    step(20, 'out_for_delivery', PLACES.chicagoIL),
    step(20 + 4 * HOURS, 'delivered', PLACES.chicagoIL, { detail: 'Left at the front door' }),
  ],
};

const deliveredWithSignature: Scenario = {
  name: 'delivered_with_signature',
  description: 'Ground parcel from New Jersey to Chicago, signed for on delivery (signature image available).',
  knownToCarrier: true,
  origin: PLACES.secaucusNJ,
  destination: PLACES.chicagoIL,
  etaAt: 51 * HOURS,
  steps: [
    ...eastbound(0),
    step(45 * HOURS, 'out_for_delivery', PLACES.chicagoIL),
    step(49 * HOURS, 'delivered_signed', PLACES.chicagoIL, { receivedBy: 'MORGAN', detail: 'Signed for by MORGAN' }),
  ],
};

const failedAttemptThenDelivered: Scenario = {
  name: 'failed_attempt_then_delivered',
  description: 'Nobody home on the first attempt; the delivery date moves to the next day and the retry succeeds.',
  knownToCarrier: true,
  origin: PLACES.commerceCA,
  destination: PLACES.denverCO,
  etaAt: 54 * HOURS,
  steps: [
    ...westboundUntilDestinationHub,
    step(47 * HOURS, 'out_for_delivery', PLACES.denverCO),
    step(51 * HOURS, 'delivery_attempted', PLACES.denverCO, { detail: NOT_HOME }),
    step(51 * HOURS + 5, 'eta_updated', PLACES.denverHubCO, {
      etaAt: 78 * HOURS,
      detail: 'Rescheduled to the next day',
    }),
    step(71 * HOURS, 'out_for_delivery', PLACES.denverCO),
    step(74 * HOURS, 'delivered', PLACES.denverCO, { detail: 'Left at the front door' }),
  ],
};

const availableForPickup: Scenario = {
  name: 'available_for_pickup',
  description: 'Delivered to a UPS Access Point-style pickup location; the customer collects it a day later.',
  knownToCarrier: true,
  origin: PLACES.commerceCA,
  destination: PLACES.denverCO,
  etaAt: 54 * HOURS,
  steps: [
    ...westboundUntilDestinationHub,
    step(47 * HOURS, 'out_for_delivery', PLACES.denverCO),
    step(50 * HOURS, 'held_for_pickup', PLACES.denverAccessPointCO, {
      holdUntilAt: 50 * HOURS + 7 * 24 * HOURS,
      detail: 'Waiting at the pickup location for 7 days',
    }),
    step(74 * HOURS, 'picked_up_by_customer', PLACES.denverAccessPointCO, { receivedBy: 'RILEY' }),
  ],
};

const deliveredToAccessPoint: Scenario = {
  name: 'delivered_to_access_point',
  description:
    'Left in a locker at an access point (the carrier calls it delivered, at an access point); the customer collects it a day later.',
  knownToCarrier: true,
  origin: PLACES.commerceCA,
  destination: PLACES.denverCO,
  etaAt: 54 * HOURS,
  steps: [
    ...westboundUntilDestinationHub,
    step(47 * HOURS, 'out_for_delivery', PLACES.denverCO),
    step(50 * HOURS, 'delivered', PLACES.denverAccessPointCO, {
      accessPoint: true,
      detail: 'Left in a parcel locker at the access point',
    }),
    step(74 * HOURS, 'picked_up_by_customer', PLACES.denverAccessPointCO, { receivedBy: 'RILEY' }),
  ],
};

const threeFailedAttemptsThenReturned: Scenario = {
  name: 'three_failed_attempts_then_returned',
  description: 'Three failed delivery attempts, then the parcel travels back and is returned to the shipper.',
  knownToCarrier: true,
  origin: PLACES.commerceCA,
  destination: PLACES.denverCO,
  etaAt: 54 * HOURS,
  steps: [
    ...westboundUntilDestinationHub,
    step(47 * HOURS, 'out_for_delivery', PLACES.denverCO),
    step(51 * HOURS, 'delivery_attempted', PLACES.denverCO, { detail: NOT_HOME }),
    step(51 * HOURS + 5, 'eta_updated', PLACES.denverHubCO, { etaAt: 78 * HOURS }),
    step(71 * HOURS, 'out_for_delivery', PLACES.denverCO),
    step(75 * HOURS, 'delivery_attempted', PLACES.denverCO, { detail: NOT_HOME }),
    step(75 * HOURS + 5, 'eta_updated', PLACES.denverHubCO, { etaAt: 102 * HOURS }),
    step(95 * HOURS, 'out_for_delivery', PLACES.denverCO),
    step(99 * HOURS, 'delivery_attempted', PLACES.denverCO, { detail: `${NOT_HOME} Final attempt.` }),
    step(100 * HOURS, 'return_to_sender', PLACES.denverHubCO, { detail: 'Returning to the shipper' }),
    step(112 * HOURS, 'in_transit', PLACES.saltLakeCityUT),
    step(126 * HOURS, 'in_transit', PLACES.lasVegasNV),
    step(150 * HOURS, 'returned_to_sender', PLACES.commerceCA, { receivedBy: 'SHIPPING DOCK' }),
  ],
};

const returnedToSender: Scenario = {
  name: 'returned_to_sender',
  description: 'The receiver refuses the parcel at the door; it travels back and is returned to the shipper.',
  knownToCarrier: true,
  origin: PLACES.commerceCA,
  destination: PLACES.denverCO,
  etaAt: 54 * HOURS,
  steps: [
    ...westboundUntilDestinationHub,
    step(47 * HOURS, 'out_for_delivery', PLACES.denverCO),
    step(50 * HOURS, 'delivery_attempted', PLACES.denverCO, { detail: 'The receiver refused the delivery.' }),
    step(51 * HOURS, 'return_to_sender', PLACES.denverHubCO, { detail: 'Refused by the receiver; returning to the shipper' }),
    step(63 * HOURS, 'in_transit', PLACES.saltLakeCityUT),
    step(77 * HOURS, 'in_transit', PLACES.lasVegasNV),
    step(100 * HOURS, 'returned_to_sender', PLACES.commerceCA, { receivedBy: 'SHIPPING DOCK' }),
  ],
};

const etaSlips: Scenario = {
  name: 'eta_slips',
  description: 'Weather holds the parcel at Salt Lake City; the estimate slips twice, by a day each, before delivery.',
  knownToCarrier: true,
  origin: PLACES.commerceCA,
  destination: PLACES.denverCO,
  etaAt: 54 * HOURS,
  steps: [
    ...westboundUntilDestinationHub.filter((s) => s.at <= 26 * HOURS),
    step(30 * HOURS, 'delay', PLACES.saltLakeCityUT, { detail: 'Weather delay at the hub' }),
    step(30 * HOURS + 5, 'eta_updated', PLACES.saltLakeCityUT, { etaAt: 78 * HOURS, detail: 'New delivery date after weather delay' }),
    step(52 * HOURS, 'delay', PLACES.saltLakeCityUT, { detail: 'Severe weather continues' }),
    step(52 * HOURS + 5, 'eta_updated', PLACES.saltLakeCityUT, { etaAt: 102 * HOURS, detail: 'Delivery date moved again' }),
    step(76 * HOURS, 'departed_facility', PLACES.saltLakeCityUT),
    step(90 * HOURS, 'arrived_at_facility', PLACES.denverHubCO),
    step(95 * HOURS, 'out_for_delivery', PLACES.denverCO),
    step(99 * HOURS, 'delivered', PLACES.denverCO, { detail: 'Left at the front door' }),
  ],
};

const stalledThenLost: Scenario = {
  name: 'stalled_then_lost',
  description: 'Scanned into Las Vegas, then never again: the carrier falls silent and the estimate passes.',
  knownToCarrier: true,
  origin: PLACES.commerceCA,
  destination: PLACES.denverCO,
  etaAt: 54 * HOURS,
  steps: westboundUntilDestinationHub.filter((s) => s.at <= 14 * HOURS),
};

const exceptionDamaged: Scenario = {
  name: 'exception_damaged',
  description: 'The parcel is damaged at the Salt Lake City hub and stops there in exception.',
  knownToCarrier: true,
  origin: PLACES.commerceCA,
  destination: PLACES.denverCO,
  etaAt: 54 * HOURS,
  steps: [
    ...westboundUntilDestinationHub.filter((s) => s.at <= 26 * HOURS),
    step(27 * HOURS, 'exception_damaged', PLACES.saltLakeCityUT, {
      detail: 'Damage reported; the shipper will be notified',
    }),
  ],
};

const notFound: Scenario = {
  name: 'not_found',
  description: 'A valid-looking tracking number the carrier has never heard of.',
  knownToCarrier: false,
  origin: PLACES.commerceCA,
  destination: PLACES.denverCO,
  etaAt: null,
  steps: [],
};

export const SCENARIOS: Readonly<Record<ScenarioName, Scenario>> = {
  delivered,
  out_for_delivery_then_delivered: outForDeliveryThenDelivered,
  delivered_with_signature: deliveredWithSignature,
  failed_attempt_then_delivered: failedAttemptThenDelivered,
  available_for_pickup: availableForPickup,
  three_failed_attempts_then_returned: threeFailedAttemptsThenReturned,
  returned_to_sender: returnedToSender,
  eta_slips: etaSlips,
  stalled_then_lost: stalledThenLost,
  exception_damaged: exceptionDamaged,
  not_found: notFound,
  delivered_to_access_point: deliveredToAccessPoint,
};
