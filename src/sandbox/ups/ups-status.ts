import type { StepKind } from '../scenario.types';
import type { UpsStatus } from './ups-track.types';

/**
 * Customer-facing text of the 3-digit status codes the emulator uses, from the UPS appendix
 * "Status/Description Codes" (carrier-specs/ups/Tracking-status-description-codes.html). UPS puts
 * this text in `simplifiedTextDescription`.
 */
const STATUS_CODE_TEXT: Readonly<Record<string, string>> = {
  '003': 'Shipment Ready for UPS',
  '005': 'On the Way',
  '011': 'Delivered',
  '021': 'Out for Delivery',
  '022': 'First Attempt Made',
  '023': 'Second Delivery Attempted',
  '024': 'Final Attempt Made',
  '034': 'Returned to Sender',
  '035': 'Returning to Sender',
  '036': 'Returning to Sender: In Transit',
  '038': 'Picked Up by UPS',
  '040': 'Ready for Customer Pickup',
  '143': 'Delivered to Agent',
  '048': 'Delay',
  '059': 'Damage Reported',
  '154': 'Updated Delivery Date',
};

/** Where in its life the parcel is when a step happens; some steps read differently in context. */
export interface UpsStepContext {
  /** 1 for the first delivery attempt, 2 for the second, … (only meaningful for attempts). */
  attempt: number;
  /** True once the parcel has started back to the shipper. */
  returning: boolean;
}

type StatusWithoutText = Omit<UpsStatus, 'simplifiedTextDescription'>;

// Activity codes seen in live responses or UPS sources: MP, AR, DP, OT, F4, ZP, EP and CC. The rest
// (PU, the attempt codes 48/49, damage 45, ETA update 79, RS) are best guesses; the 3-digit status
// codes all come from the UPS table, and clients should key on type + statusCode.
// Trailing spaces on some descriptions are deliberate: live UPS responses carry them ("DELIVERED "),
// and client code must cope.
const FIXED: Readonly<Partial<Record<StepKind, StatusWithoutText>>> = {
  label_created: {
    type: 'M',
    code: 'MP',
    statusCode: '003',
    description: 'Shipper created a label, UPS has not received the package yet. ',
  },
  picked_up: { type: 'I', code: 'PU', statusCode: '038', description: 'Pickup Scan' },
  arrived_at_facility: { type: 'I', code: 'AR', statusCode: '005', description: 'Arrived at Facility' },
  departed_facility: { type: 'I', code: 'DP', statusCode: '005', description: 'Departed from Facility' },
  out_for_delivery: { type: 'I', code: 'OT', statusCode: '021', description: 'Out For Delivery Today' },
  delivered: { type: 'D', code: 'F4', statusCode: '011', description: 'DELIVERED ' },
  delivered_signed: { type: 'D', code: 'F4', statusCode: '011', description: 'DELIVERED ' },
  picked_up_by_customer: { type: 'D', code: 'F4', statusCode: '011', description: 'DELIVERED ' },
  // Activity code ZP with status 040, type D: UPS-API/api-documentation issue #7.
  held_for_pickup: {
    type: 'D',
    code: 'ZP',
    statusCode: '040',
    description: 'Delivered to UPS Access Point™ Awaiting Customer Pickup',
  },
  return_to_sender: { type: 'X', code: 'RS', statusCode: '035', description: 'Returning to Sender' },
  // UPS's 034 "Returned to Sender" means the parcel has turned back; the return ends with a delivery
  // scan at the original sender (activity B0), which is what this step is.
  returned_to_sender: { type: 'D', code: 'B0', statusCode: '011', description: 'DELIVERED TO ORIGINAL SENDER' },
  exception_damaged: {
    type: 'X',
    code: '45',
    statusCode: '059',
    description: 'Your package was damaged in transit. We will notify the sender with details.',
  },
  eta_updated: {
    type: 'I',
    code: '79',
    statusCode: '154',
    description: 'We updated the delivery information for your package.',
  },
  delay: {
    type: 'X',
    code: 'CC',
    statusCode: '048',
    description: 'Your package is delayed. Check back later for delivery updates.',
  },
};

function attemptStatus(attempt: number): StatusWithoutText {
  if (attempt <= 1) {
    return {
      type: 'X',
      code: '48',
      statusCode: '022',
      description: "The receiver was not available for delivery. We'll make a second attempt the next business day.",
    };
  }
  if (attempt === 2) {
    return {
      type: 'X',
      code: '48',
      statusCode: '023',
      description: "The receiver was not available for delivery. We'll make a final attempt the next business day.",
    };
  }
  return {
    type: 'X',
    code: '49',
    statusCode: '024',
    description: 'The receiver was not available at the time of the final delivery attempt.',
  };
}

function inTransitStatus(returning: boolean): StatusWithoutText {
  return returning
    ? { type: 'X', code: 'RS', statusCode: '036', description: 'Returning to Sender: In Transit' }
    : { type: 'I', code: 'EP', statusCode: '005', description: 'In Transit' };
}

function withoutText(kind: StepKind, context: UpsStepContext): StatusWithoutText {
  if (kind === 'delivery_attempted') return attemptStatus(context.attempt);
  if (kind === 'in_transit') return inTransitStatus(context.returning);
  const fixed = FIXED[kind];
  if (!fixed) throw new Error(`No UPS status for step kind ${kind}`);
  return fixed;
}

/**
 * A delivery UPS still calls delivered although the parcel was left with an agent / access point:
 * type D, status 143 "Delivered to Agent" (Status/Description Codes appendix). The activity code is
 * a best guess (UPS publishes none for 143); UPS's own access-point drops (ZP/040, 2Q, 1N) read as
 * "awaiting pickup" instead and are what held_for_pickup renders.
 */
const DELIVERED_TO_AGENT: StatusWithoutText = { type: 'D', code: 'F4', statusCode: '143', description: 'DELIVERED TO AGENT ' };

/** The UPS activity status for a scenario step. */
export function upsStatusFor(kind: StepKind, context: UpsStepContext, accessPoint = false): UpsStatus {
  const status = kind === 'delivered' && accessPoint ? DELIVERED_TO_AGENT : withoutText(kind, context);
  return { ...status, simplifiedTextDescription: STATUS_CODE_TEXT[status.statusCode] ?? status.description.trim() };
}
