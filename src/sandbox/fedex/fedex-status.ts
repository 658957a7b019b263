import type { StepKind } from '../scenario.types';
import type { FedexAncillaryDetail, FedexDelayDetail } from './fedex-track.types';

/** What one scenario step looks like in FedEx's codes: the scan, and the package status it leaves. */
export interface FedexStepCodes {
  eventType: string;
  eventDescription: string;
  /** The scan's derived code, which is coarser than (and sometimes contradicts) its event type. */
  derivedStatusCode: string;
  derivedStatus: string;
  exceptionCode: string;
  exceptionDescription: string;
  locationType: string;
  delayDetail?: FedexDelayDetail;
  latest: {
    code: string;
    derivedCode: string;
    statusByLocale: string;
    description: string;
    ancillaryDetails?: FedexAncillaryDetail[];
    delayDetail?: FedexDelayDetail;
  };
}

const NOT_AVAILABLE = 'Customer not available or business closed';
const RETURNING = 'Returning package to shipper';

/*
 * Codes and wording from live answers recorded in karrio's FedEx fixtures (OC/IN "Label created",
 * AR/DP/OD/HP with derived IT, DE 08 "Customer not available or business closed", DY A52
 * "Package delayed", DL), FedEx's status-code table, and carriers.md §2.4 for the FedEx sandbox
 * quirks: an RS scan carrying derived DL while the package status is DE with ancillary reason 060G,
 * and IN "Initiated" for a label. SE's reason code for damage is not published, so it is left empty.
 */
const FIXED: Readonly<Partial<Record<StepKind, FedexStepCodes>>> = {
  label_created: scan('OC', 'Shipment information sent to FedEx', 'IN', 'Label created', 'CUSTOMER', {
    statusByLocale: 'Initiated',
  }),
  picked_up: scan('PU', 'Picked up', 'PU', 'Picked up', 'PICKUP_LOCATION'),
  arrived_at_facility: scan('AR', 'Arrived at FedEx location', 'IT', 'In transit', 'FEDEX_FACILITY'),
  departed_facility: scan('DP', 'Departed FedEx location', 'IT', 'In transit', 'FEDEX_FACILITY'),
  out_for_delivery: scan('OD', 'On FedEx vehicle for delivery', 'IT', 'In transit', 'VEHICLE', {
    derivedCode: 'OD',
    statusByLocale: 'On FedEx vehicle for delivery',
  }),
  delivered: scan('DL', 'Delivered', 'DL', 'Delivered', 'DELIVERY_LOCATION'),
  delivered_signed: scan('DL', 'Delivered', 'DL', 'Delivered', 'DELIVERY_LOCATION'),
  picked_up_by_customer: scan('DL', 'Delivered', 'DL', 'Delivered', 'DESTINATION_FEDEX_FACILITY'),
  returned_to_sender: scan('DL', 'Delivered', 'DL', 'Delivered', 'DELIVERY_LOCATION'),
  held_for_pickup: {
    ...scan('HP', 'Ready for recipient pickup', 'IT', 'In transit', 'DESTINATION_FEDEX_FACILITY', {
      derivedCode: 'HL',
      statusByLocale: 'Ready for pickup',
    }),
    exceptionDescription: 'Package available for pickup at FedEx location',
  },
  return_to_sender: scan('RS', RETURNING, 'DL', 'Delivered', 'DESTINATION_FEDEX_FACILITY', {
    code: 'DE',
    derivedCode: 'DE',
    statusByLocale: 'Delivery exception',
    description: RETURNING,
    ancillaryDetails: [
      {
        reason: '060G',
        reasonDescription: RETURNING,
        action: 'No action is required. The package is being returned to the shipper.',
        actionDescription: 'Package being returned to shipper',
      },
    ],
  }),
  exception_damaged: {
    ...scan('SE', 'Shipment exception', 'SE', 'Shipment exception', 'FEDEX_FACILITY'),
    exceptionDescription: 'Package damaged',
  },
  delay: {
    ...scan('DY', 'Delay', 'DY', 'Delay', 'FEDEX_FACILITY', {
      delayDetail: { type: 'WEATHER', subType: 'SNOW', status: 'DELAYED' },
    }),
    exceptionCode: 'A52',
    exceptionDescription: 'Package delayed',
    delayDetail: { type: 'WEATHER', subType: 'SNOW' },
  },
};

function scan(
  eventType: string,
  eventDescription: string,
  derivedStatusCode: string,
  derivedStatus: string,
  locationType: string,
  latest: Partial<FedexStepCodes['latest']> = {},
): FedexStepCodes {
  return {
    eventType,
    eventDescription,
    derivedStatusCode,
    derivedStatus,
    exceptionCode: '',
    exceptionDescription: '',
    locationType,
    latest: { code: eventType, derivedCode: derivedStatusCode, statusByLocale: derivedStatus, description: eventDescription, ...latest },
  };
}

function attemptCodes(): FedexStepCodes {
  return {
    ...scan('DE', 'Delivery exception', 'DE', 'Delivery exception', 'DELIVERY_LOCATION', {
      description: NOT_AVAILABLE,
      ancillaryDetails: [
        {
          reason: '08',
          reasonDescription: NOT_AVAILABLE,
          action: 'We will attempt delivery again on the next business day.',
          actionDescription: 'Customer not Available or Business Closed',
        },
      ],
    }),
    exceptionCode: '08',
    exceptionDescription: NOT_AVAILABLE,
  };
}

/**
 * A delivery left at a FedEx retail point (FedEx Office / OnSite): still DL "Delivered", scanned at
 * a FEDEX_OFFICE_LOCATION (track.openapi.json ScanEvent.locationType); deliveryDetails says
 * FEDEX_LOCATION (see fedex-render.ts).
 */
const DELIVERED_TO_FEDEX_OFFICE = scan('DL', 'Delivered', 'DL', 'Delivered', 'FEDEX_OFFICE_LOCATION');

/** The informational steps that are not scans at FedEx: they only move dateAndTimes. */
export const FEDEX_INFORMATIONAL_KINDS: ReadonlySet<StepKind> = new Set<StepKind>(['eta_updated']);

/** The FedEx codes for a scenario step; undefined for steps FedEx does not scan (see FEDEX_INFORMATIONAL_KINDS). */
export function fedexCodesFor(kind: StepKind, accessPoint = false): FedexStepCodes | undefined {
  if (FEDEX_INFORMATIONAL_KINDS.has(kind)) return undefined;
  if (kind === 'delivered' && accessPoint) return DELIVERED_TO_FEDEX_OFFICE;
  if (kind === 'delivery_attempted') return attemptCodes();
  // FedEx does not mark the return leg on ordinary scans: they stay IT "On the way".
  if (kind === 'in_transit') return scan('IT', 'On the way', 'IT', 'In transit', 'ENROUTE');
  const fixed = FIXED[kind];
  if (!fixed) throw new Error(`No FedEx codes for step kind ${kind}`);
  return fixed;
}
