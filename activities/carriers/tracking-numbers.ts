import { Carrier } from '../../workflows/shared/vocabulary';
import { TRACKING_NUMBER_FORMATS, type FormatReading, type TrackingNumberFormat } from './tracking-number-formats';

/** Carriers whose tracking numbers Waybill accepts. */
export const SUPPORTED_CARRIERS: readonly Carrier[] = [Carrier.UPS, Carrier.FEDEX, Carrier.DHL, Carrier.USPS];

export type TrackingNumberValidation =
  | { valid: true; carrier: Carrier; trackingNumber: string }
  | { valid: false; reason: string }
  /** Valid for several carriers and none was named: the caller has to say which. */
  | { valid: false; reason: string; ambiguousCarriers: Carrier[] };

/** The longest real format (USPS IMpb with a routing prefix, FedEx 34) is 34 characters. */
const MAX_LENGTH = 40;
/** People paste numbers grouped with spaces; beyond this it is not a tracking number at all. */
export const MAX_RAW_TRACKING_NUMBER_LENGTH = 2 * MAX_LENGTH;

const CARRIER_NAMES: Record<Carrier, string> = {
  [Carrier.UPS]: 'UPS',
  [Carrier.FEDEX]: 'FedEx',
  [Carrier.DHL]: 'DHL',
  [Carrier.USPS]: 'USPS',
};

const SHAPES: Record<Carrier, string> = {
  [Carrier.UPS]: 'UPS numbers start with 1Z and have 18 characters, or are 11-character waybill numbers such as K1234567890',
  [Carrier.FEDEX]: 'FedEx numbers have 12, 15, 18, 20, 22, 32 or 34 digits',
  [Carrier.DHL]:
    'DHL Express waybill numbers have 10 or 11 digits, piece IDs start with J, and DHL eCommerce numbers have 14 digits or start with letters such as GM',
  [Carrier.USPS]:
    'USPS numbers have 20, 22, 26 or 30 digits, most starting with 9, sometimes after 420 and a ZIP code, or are 13-character international numbers ending in US',
};

/** carriers.md §7. DHL's API answers a better `serviceUrl` per shipment; this is the fallback that works for every number. */
const TRACKING_URLS: Record<Carrier, (encodedNumber: string) => string> = {
  [Carrier.UPS]: (n) => `https://www.ups.com/track?tracknum=${n}`,
  [Carrier.FEDEX]: (n) => `https://www.fedex.com/fedextrack/?trknbr=${n}`,
  [Carrier.USPS]: (n) => `https://tools.usps.com/go/TrackConfirmAction?tLabels=${n}`,
  [Carrier.DHL]: (n) => `https://www.dhl.com/global-en/home/tracking/tracking-parcel.html?submit=1&tracking-id=${n}`,
};

/** The carrier's public "track your package" page. */
export function trackingUrl(carrier: Carrier, trackingNumber: string): string {
  return TRACKING_URLS[carrier](encodeURIComponent(trackingNumber));
}

interface Match {
  format: TrackingNumberFormat;
  reading: FormatReading;
}

/**
 * Checks a tracking number a person typed or a platform sent, before any carrier is called.
 * Spaces are ignored and letters upper-cased; the result carries the canonical form to store
 * (USPS routing prefixes dropped). With a carrier, only that carrier's formats count, so a number
 * that also fits another carrier is accepted. Without one the formats decide, and a number that
 * fits several carriers is answered with the list rather than a guess.
 */
export function validateTrackingNumber(raw: string, carrier?: Carrier): TrackingNumberValidation {
  if (raw.length > MAX_RAW_TRACKING_NUMBER_LENGTH) return invalid(`A tracking number has at most ${MAX_LENGTH} characters`);
  if (!/^[A-Za-z0-9\s]*$/.test(raw)) return invalid('A tracking number contains only letters, digits and spaces');
  const n = raw.replace(/\s+/g, '').toUpperCase();
  if (n === '') return invalid('The tracking number is empty');
  if (n.length > MAX_LENGTH) return invalid(`A tracking number has at most ${MAX_LENGTH} characters`);

  const matches = TRACKING_NUMBER_FORMATS.flatMap((format): Match[] => {
    const reading = format.read(n);
    return reading ? [{ format, reading }] : [];
  });
  return carrier ? forCarrier(n, carrier, matches) : detect(n, matches);
}

function forCarrier(n: string, carrier: Carrier, matches: readonly Match[]): TrackingNumberValidation {
  const own = matches.filter((m) => m.format.carrier === carrier);
  const accepted = own.find((m) => !m.reading.fault);
  if (accepted) return { valid: true, carrier, trackingNumber: accepted.reading.trackingNumber };
  if (own.length > 0) return invalid(faultReason(own));
  const elsewhere = acceptingCarriers(matches);
  const hint = elsewhere.length > 0 ? ` It looks like a ${orList(elsewhere.map((c) => CARRIER_NAMES[c]))} tracking number.` : '';
  if (carrier === Carrier.UPS && n.startsWith('1Z')) return invalid(upsLengthReason(n));
  return invalid(`This is not a ${CARRIER_NAMES[carrier]} tracking number: ${SHAPES[carrier]}.${hint}`);
}

function detect(n: string, matches: readonly Match[]): TrackingNumberValidation {
  const candidates = acceptingCarriers(matches);
  if (candidates.length === 1) {
    const [carrier] = candidates;
    const accepted = matches.find((m) => m.format.carrier === carrier && !m.reading.fault);
    if (accepted) return { valid: true, carrier, trackingNumber: accepted.reading.trackingNumber };
  }
  if (candidates.length > 1) {
    const names = candidates.map((c) => CARRIER_NAMES[c]);
    return {
      valid: false,
      reason:
        `This number is a valid tracking number of more than one carrier (${names.join(', ')}); ` +
        `please say which carrier shipped it by sending "carrier" (one of ${candidates.map((c) => `"${c}"`).join(', ')}).`,
      ambiguousCarriers: candidates,
    };
  }
  const foreign = matches.find((m) => !m.format.carrier && !m.reading.fault);
  if (foreign) {
    return invalid(
      `This is an international postal number of ${foreign.reading.issuer ?? 'another postal operator'}; ` +
        `Waybill tracks ${SUPPORTED_CARRIERS.map((c) => CARRIER_NAMES[c]).join(', ')} parcels only`,
    );
  }
  const faulty = matches.filter((m) => m.reading.fault);
  if (faulty.length > 0) return invalid(faultReason(faulty));
  if (n.startsWith('1Z')) return invalid(upsLengthReason(n));
  return invalid('This is not a recognised tracking number; please check it against the shipping confirmation');
}

/**
 * The carriers for which at least one format accepts the number, in SUPPORTED_CARRIERS order.
 * Formats without a check digit count only when no format with one has the number's shape: a bare
 * pattern would otherwise take typos of checked numbers, as DHL eCommerce's "RX…" would take a
 * USPS "RX…US" number whose check digit is wrong.
 */
function acceptingCarriers(matches: readonly Match[]): Carrier[] {
  const checked = matches.filter((m) => m.format.checked);
  const considered = checked.length > 0 ? checked : matches;
  return SUPPORTED_CARRIERS.filter((c) => considered.some((m) => m.format.carrier === c && !m.reading.fault));
}

/** Why numbers that have the shape of these formats are still refused. */
function faultReason(matches: readonly Match[]): string {
  const unknownCountry = matches.find((m) => m.reading.fault === 'unknown-country');
  if (unknownCountry) {
    const country = unknownCountry.reading.trackingNumber.slice(-2);
    return `${country} is not the country code of a postal operator, so this is not an international postal (UPU S10) number`;
  }
  const nouns = [...new Set(matches.map((m) => m.format.noun ?? `${m.format.carrier ? CARRIER_NAMES[m.format.carrier] : 'postal'} tracking number`))];
  if (nouns.length === 1) return `The check digit of this ${nouns[0]} does not match; please check it for typing errors`;
  const carriers = SUPPORTED_CARRIERS.filter((c) => matches.some((m) => m.format.carrier === c)).map((c) => CARRIER_NAMES[c]);
  return `The check digit does not match for any carrier whose numbers look like this (${carriers.join(', ')}); please check it for typing errors`;
}

/** 1Z is the one prefix people know; a 1Z number that fits no format has the wrong length. */
function upsLengthReason(n: string): string {
  return `A UPS tracking number starting with 1Z has 18 characters; this one has ${n.length}`;
}

function orList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function invalid(reason: string): TrackingNumberValidation {
  return { valid: false, reason };
}
