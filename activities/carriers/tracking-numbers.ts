import { Carrier } from '../../workflows/shared/vocabulary';
import { upsCheckDigit } from './check-digits';

/** Carriers Waybill can track today. */
export const SUPPORTED_CARRIERS: readonly Carrier[] = [Carrier.UPS];

export type TrackingNumberValidation =
  | { valid: true; carrier: Carrier; trackingNumber: string }
  | { valid: false; reason: string };

/** The longest real format (USPS IMpb with a routing prefix, FedEx 34) is 34 characters. */
const MAX_LENGTH = 40;
/** People paste numbers grouped with spaces; beyond this it is not a tracking number at all. */
const MAX_RAW_LENGTH = 2 * MAX_LENGTH;

const CARRIER_NAMES: Record<Carrier, string> = {
  [Carrier.UPS]: 'UPS',
  [Carrier.FEDEX]: 'FedEx',
  [Carrier.DHL]: 'DHL',
  [Carrier.USPS]: 'USPS',
};

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

/**
 * Checks a tracking number a person typed or a platform sent, before any carrier is called.
 * Spaces are ignored and letters upper-cased; the result carries the canonical form to store.
 * Without a carrier the format decides; numbers of carriers Waybill does not track yet are
 * recognised so the message can say so rather than calling them malformed.
 */
export function validateTrackingNumber(raw: string, carrier?: Carrier): TrackingNumberValidation {
  if (raw.length > MAX_RAW_LENGTH) return invalid(`A tracking number has at most ${MAX_LENGTH} characters`);
  if (!/^[A-Za-z0-9\s]*$/.test(raw)) return invalid('A tracking number contains only letters, digits and spaces');
  const trackingNumber = raw.replace(/\s+/g, '').toUpperCase();
  if (trackingNumber === '') return invalid('The tracking number is empty');
  if (trackingNumber.length > MAX_LENGTH) return invalid(`A tracking number has at most ${MAX_LENGTH} characters`);
  if (carrier && !SUPPORTED_CARRIERS.includes(carrier)) return notSupported(carrier);

  const ups = checkUps(trackingNumber);
  if (ups) return ups;
  if (carrier === Carrier.UPS) {
    return invalid(
      'This is not a UPS tracking number: UPS numbers start with 1Z and have 18 characters, ' +
        'or are 11-character waybill numbers such as K1234567890',
    );
  }
  const other = OTHER_FORMATS.find((format) => format.matches(trackingNumber));
  if (other?.carrier) return notSupported(other.carrier);
  if (other) return invalid(`${other.name} tracking numbers are not supported yet`);
  return invalid('This is not a recognised tracking number; please check it against the shipping confirmation');
}

/** A verdict when the number has a UPS shape (valid, or a UPS number with a typo); undefined otherwise. */
function checkUps(n: string): TrackingNumberValidation | undefined {
  if (n.startsWith('1Z')) {
    if (n.length !== 18) return invalid(`A UPS tracking number starting with 1Z has 18 characters; this one has ${n.length}`);
    if (!/^1Z[0-9A-Z]{15}[0-9]$/.test(n) || upsCheckDigit(n.slice(2, 17)) !== Number(n[17])) {
      return invalid('The check digit of this UPS tracking number does not match; please check it for typing errors');
    }
    return { valid: true, carrier: Carrier.UPS, trackingNumber: n };
  }
  // Waybill: service letter, 9 digits, check digit. Amazon also issues "A" + 10 digits, so only
  // the letters Amazon does not use blame a failed check on a UPS typo.
  if (/^[AHJKTV]\d{10}$/.test(n)) {
    if (upsWaybillCheckDigit(n.slice(1, 10)) === Number(n[10])) return { valid: true, carrier: Carrier.UPS, trackingNumber: n };
    if (n[0] !== 'A') {
      return invalid('The check digit of this UPS waybill number does not match; please check it for typing errors');
    }
  }
  return undefined;
}

/** Mod 10 over the 9 serial digits, every second digit (2nd, 4th, …) doubled without digit sums. */
function upsWaybillCheckDigit(serial: string): number {
  let sum = 0;
  for (let i = 0; i < serial.length; i++) sum += Number(serial[i]) * (i % 2 === 1 ? 2 : 1);
  return (10 - (sum % 10)) % 10;
}

interface OtherFormat {
  /** Set when the number belongs to one of Waybill's carriers. */
  carrier?: Carrier;
  name: string;
  matches: (n: string) => boolean;
}

/**
 * Formats of carriers Waybill does not track yet, from carriers.md §6 and jkeen/tracking_number_data.
 * Check digits are verified where the format has one, which also separates the all-digit formats
 * that share a length. Order matters: USPS routing-prefixed numbers are also 34 digits like FedEx's.
 */
const OTHER_FORMATS: readonly OtherFormat[] = [
  { carrier: Carrier.USPS, name: 'USPS', matches: isUspsNumber },
  { carrier: Carrier.USPS, name: 'USPS', matches: (n) => isS10(n) && n.endsWith('US') },
  { name: 'International postal (UPU S10)', matches: isS10 },
  { carrier: Carrier.FEDEX, name: 'FedEx', matches: isFedexNumber },
  { carrier: Carrier.DHL, name: 'DHL', matches: isDhlNumber },
];

function isUspsNumber(n: string): boolean {
  // 20 digits: Pub 109 numbers, some of which are checked as if prefixed with "91".
  if (/^\d{20}$/.test(n)) return hasCheckDigit(n, gs1CheckDigit) || gs1CheckDigit(`91${n.slice(0, 19)}`) === Number(n[19]);
  // A "420" + ZIP (5 digits) or ZIP+4 (9 digits) routing prefix precedes the barcode on labels.
  if (n.startsWith('420')) return isUspsImpb(n.slice(8)) || isUspsImpb(n.slice(12));
  return isUspsImpb(n);
}

/** Intelligent Mail package barcode: 9[1-5] + 20 or 24 digits, GS1 check digit. */
function isUspsImpb(n: string): boolean {
  return /^9[1-5](\d{20}|\d{24})$/.test(n) && hasCheckDigit(n, gs1CheckDigit);
}

function isFedexNumber(n: string): boolean {
  const mod11 = (weights: number[]) => (data: string) => weightedSumMod11Mod10(data, weights);
  if (/^\d{12}$/.test(n)) return hasCheckDigit(n, mod11([3, 1, 7])); // Express
  if (/^\d{15}$/.test(n)) return hasCheckDigit(n, gs1CheckDigit); // Ground
  if (/^\d{18}$/.test(n)) return gs1CheckDigit(n.slice(2, 17)) === Number(n[17]); // Ground SSCC-18
  if (/^96\d{20}$/.test(n)) return gs1CheckDigit(n.slice(7, 21)) === Number(n[21]); // Ground 96
  if (/^\d{34}$/.test(n)) return weightedSumMod11Mod10(n.slice(20, 33), [1, 7, 3]) === Number(n[33]); // Express 34, Ground GSN
  if (/^3\d{31}$/.test(n)) return weightedSumMod11Mod10(n.slice(16, 27), [3, 1, 7]) === Number(n[27]); // ASTRA
  return false;
}

function isDhlNumber(n: string): boolean {
  if (/^\d{10,11}$/.test(n)) return Number(n.slice(0, -1)) % 7 === Number(n.slice(-1)); // Express
  if (/^\d{14}$/.test(n)) return true; // eCommerce
  if (/^J[A-Z]{2,3}\d{9,10}$/.test(n)) return true; // Express piece ID
  return /^(GM|LX|RX|UV|CN|SG|TH|IN|HK|MY)[0-9A-Z]{10,39}$/.test(n) && /\d/.test(n.slice(2)); // eCommerce
}

/** UPU S10: 2 letters, 8 digits, check digit, ISO country. */
function isS10(n: string): boolean {
  if (!/^[A-Z]{2}\d{9}[A-Z]{2}$/.test(n)) return false;
  const weights = [8, 6, 4, 2, 3, 5, 9, 7];
  const sum = weights.reduce((total, weight, i) => total + weight * Number(n[2 + i]), 0);
  const remainder = 11 - (sum % 11);
  const check = remainder === 10 ? 0 : remainder === 11 ? 5 : remainder;
  return check === Number(n[10]);
}

/** The last digit is the check digit of all the digits before it. */
function hasCheckDigit(n: string, checkDigit: (data: string) => number): boolean {
  return checkDigit(n.slice(0, -1)) === Number(n.slice(-1));
}

/** GS1 mod 10: weight 3 on the rightmost data digit, then 1, 3, 1, … leftwards. */
function gs1CheckDigit(data: string): number {
  let sum = 0;
  for (let i = 0; i < data.length; i++) sum += Number(data[i]) * ((data.length - 1 - i) % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10;
}

/** Weights repeat from the left; FedEx's check is the weighted sum mod 11 mod 10. */
function weightedSumMod11Mod10(data: string, weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < data.length; i++) sum += Number(data[i]) * weights[i % weights.length];
  return (sum % 11) % 10;
}

function notSupported(carrier: Carrier): TrackingNumberValidation {
  return invalid(`${CARRIER_NAMES[carrier]} tracking numbers are not supported yet`);
}

function invalid(reason: string): TrackingNumberValidation {
  return { valid: false, reason };
}
