import { Carrier } from '../../workflows/shared/vocabulary';
import {
  gs1CheckDigit,
  mod11Mod10CheckDigit,
  mod7CheckDigit,
  s10CheckDigit,
  upsCheckDigit,
  upsWaybillCheckDigit,
} from './check-digits';
import { S10_POSTAL_OPERATORS } from './s10-postal-operators';

/** What a format makes of a number that has its shape. */
export interface FormatReading {
  /** The form to store and send to the carrier: no routing prefix. */
  trackingNumber: string;
  /** Set when the shape fits but the number still is not one of this format's. */
  fault?: 'check-digit' | 'unknown-country';
  /** For formats no Waybill carrier tracks: who issued the number. */
  issuer?: string;
}

export interface TrackingNumberFormat {
  name: string;
  /** Absent for numbers no Waybill carrier tracks (other countries' postal numbers). */
  carrier?: Carrier;
  /**
   * Whether a check digit guards the format. A bare pattern matches typos and unrelated numbers
   * alike, so it counts only when no checked format has the number's shape.
   */
  checked: boolean;
  /** How error messages call a number of this format, when it differs from "<carrier> tracking number". */
  noun?: string;
  /** Undefined when the number (compact, upper case) does not have this format's shape. */
  read(n: string): FormatReading | undefined;
}

const checked = (trackingNumber: string, ok: boolean): FormatReading =>
  ok ? { trackingNumber } : { trackingNumber, fault: 'check-digit' };

const lastDigit = (n: string): number => Number(n[n.length - 1]);

/** The last digit checks all the digits before it, GS1 style (USPS IMpb, FedEx Ground Economy). */
const gs1Whole = (n: string): boolean => gs1CheckDigit(n.slice(0, -1)) === lastDigit(n);

/** FedEx Express 12: weights 3,1,7 over the 11 digits before the check digit. */
const fedexExpress12Ok = (digits12: string): boolean => mod11Mod10CheckDigit(digits12.slice(0, 11), [3, 1, 7]) === lastDigit(digits12);

/** FedEx 34-digit barcodes: weights 1,7,3 over the 13-digit serial before the final check digit. */
const fedex34Ok = (n: string): boolean => mod11Mod10CheckDigit(n.slice(20, 33), [1, 7, 3]) === lastDigit(n);

/**
 * USPS labels print "420" and the destination ZIP (5 digits) or ZIP+4 (9) before the barcode proper.
 * The prefix is for sorting machines, not part of the tracking number, so it is dropped. The data
 * never lets a routed number exceed 34 digits, which rules out the longest cores after a ZIP+4. The
 * ZIP+4 reading is tried first, as the data's greedy regexes do; a reading whose check digit holds
 * wins over one whose does not.
 */
function routed(n: string, readCore: (core: string) => FormatReading | undefined): FormatReading | undefined {
  const cores = n.startsWith('420') && n.length <= 34 ? [n, n.slice(12), n.slice(8)] : [n];
  let faulty: FormatReading | undefined;
  for (const core of cores) {
    const reading = readCore(core);
    if (reading && !reading.fault) return reading;
    faulty ??= reading;
  }
  return faulty;
}

const UPS_FORMATS: readonly TrackingNumberFormat[] = [
  {
    name: 'UPS 1Z',
    carrier: Carrier.UPS,
    checked: true,
    read: (n) => {
      if (!/^1Z[0-9A-Z]{16}$/.test(n)) return undefined;
      return checked(n, /\d$/.test(n) && upsCheckDigit(n.slice(2, 17)) === lastDigit(n));
    },
  },
  {
    name: 'UPS waybill',
    carrier: Carrier.UPS,
    checked: true,
    noun: 'UPS waybill number',
    read: (n) => {
      if (!/^[AHJKTV]\d{10}$/.test(n)) return undefined;
      const ok = upsWaybillCheckDigit(n.slice(1, 10)) === lastDigit(n);
      // Amazon also issues "A" + 10 digits without a check digit, so a failed check there is no UPS typo.
      if (!ok && n[0] === 'A') return undefined;
      return checked(n, ok);
    },
  },
];

const FEDEX_FORMATS: readonly TrackingNumberFormat[] = [
  { name: 'FedEx Express (12)', carrier: Carrier.FEDEX, checked: true, read: (n) => (/^\d{12}$/.test(n) ? checked(n, fedexExpress12Ok(n)) : undefined) },
  { name: 'FedEx Ground (15)', carrier: Carrier.FEDEX, checked: true, read: (n) => (/^\d{15}$/.test(n) ? checked(n, gs1Whole(n)) : undefined) },
  {
    // Two container-type digits the check leaves out, then 15 digits and the check digit.
    name: 'FedEx Ground (SSCC-18)',
    carrier: Carrier.FEDEX,
    checked: true,
    read: (n) => (/^\d{18}$/.test(n) ? checked(n, gs1CheckDigit(n.slice(2, 17)) === lastDigit(n)) : undefined),
  },
  {
    // Ground Economy (formerly SmartPost) labels are USPS IMpb barcodes with the "92" application
    // identifier; FedEx also prints them without it. The shape is tracking_number_data 1.6.1's
    // "FedEx SmartPost" (a service type ending in 2, then a 9-digit mailer ID starting with 9).
    name: 'FedEx Ground Economy (20, without 92)',
    carrier: Carrier.FEDEX,
    checked: true,
    read: (n) => (/^\d{2}29\d{8}(\d{7}|\d{11})\d$/.test(n) ? checked(n, gs1CheckDigit(`92${n.slice(0, -1)}`) === lastDigit(n)) : undefined),
  },
  {
    name: 'FedEx Ground Economy (IMpb 92)',
    carrier: Carrier.FEDEX,
    checked: true,
    read: (n) => routed(n, (core) => (/^92\d{2}29\d{8}(\d{7}|\d{11})\d$/.test(core) ? checked(core, gs1Whole(core)) : undefined)),
  },
  {
    // The check covers only the 14 digits before it: shipper ID and package number.
    name: 'FedEx Ground 96 (22)',
    carrier: Carrier.FEDEX,
    checked: true,
    read: (n) => (/^96\d{20}$/.test(n) ? checked(n, gs1CheckDigit(n.slice(7, 21)) === lastDigit(n)) : undefined),
  },
  {
    // Legacy barcode; positions 17-28 hold an Express 12 number, whose check digit is the only one.
    name: 'FedEx ASTRA (32)',
    carrier: Carrier.FEDEX,
    checked: true,
    read: (n) => (/^3\d{31}$/.test(n) ? checked(n, fedexExpress12Ok(n.slice(16, 28))) : undefined),
  },
  { name: 'FedEx Express (34)', carrier: Carrier.FEDEX, checked: true, read: (n) => (/^[0-8]\d{33}$/.test(n) ? checked(n, fedex34Ok(n)) : undefined) },
  { name: 'FedEx Ground GSN (34)', carrier: Carrier.FEDEX, checked: true, read: (n) => (/^96\d{32}$/.test(n) ? checked(n, fedex34Ok(n)) : undefined) },
];

const DHL_FORMATS: readonly TrackingNumberFormat[] = [
  {
    name: 'DHL Express',
    carrier: Carrier.DHL,
    checked: true,
    noun: 'DHL Express waybill number',
    read: (n) => (/^\d{10,11}$/.test(n) ? checked(n, mod7CheckDigit(n.slice(0, -1)) === lastDigit(n)) : undefined),
  },
  {
    // The data's J[A-Z]{2,3} IDs, and the "JD" + 18 digits licence plates the DHL API lists as pieceIds.
    name: 'DHL Express piece ID',
    carrier: Carrier.DHL,
    checked: false,
    read: (n) => (/^(J[A-Z]{2,3}\d{9,10}|JD\d{18})$/.test(n) ? { trackingNumber: n } : undefined),
  },
  {
    name: 'DHL eCommerce',
    carrier: Carrier.DHL,
    checked: false,
    read: (n) => (/^(GM|LX|RX|UV|CN|SG|TH|IN|HK|MY)[0-9A-Z]{10,39}$/.test(n) && /\d/.test(n.slice(2)) ? { trackingNumber: n } : undefined),
  },
  { name: 'DHL eCommerce (14)', carrier: Carrier.DHL, checked: false, read: (n) => (/^\d{14}$/.test(n) ? { trackingNumber: n } : undefined) },
];

/**
 * IMpb (Publication 199): application identifier, 3-digit service type, mailer ID (9 digits starting
 * with 9, or 6 digits), package number, check digit. `92` goes with 9-digit mailer IDs and `93` with
 * 6-digit ones; `94` (online and meter labels) may also carry a 15-digit package number.
 */
function readImpb(core: string): FormatReading | undefined {
  const ai = core.slice(0, 2);
  const longMailerId = core[5] === '9';
  const lengths =
    ai === '94' ? (longMailerId ? [22, 26, 30] : [22, 26]) : (ai === '92' && longMailerId) || (ai === '93' && !longMailerId) || ai === '95' ? [22, 26] : [];
  if (!/^\d+$/.test(core) || !lengths.includes(core.length)) return undefined;
  return checked(core, gs1Whole(core));
}

/**
 * Delivery and Signature Confirmation numbers: "91", 19 digits, check digit. Printed without the
 * "91", the check still counts it, unless the number itself starts with 91.
 */
function readUspsLegacy(core: string): FormatReading | undefined {
  if (/^91\d{20}$/.test(core)) return checked(core, gs1Whole(core));
  if (!/^\d{20}$/.test(core)) return undefined;
  const data = core.startsWith('91') ? core.slice(0, -1) : `91${core.slice(0, -1)}`;
  return checked(core, gs1CheckDigit(data) === lastDigit(core));
}

/** UPU S10: service letters, 8 digits, check digit, the issuing country. */
function readS10(n: string, wantUs: boolean): FormatReading | undefined {
  if (!/^[A-Z]{2}\d{9}[A-Z]{2}$/.test(n) || n.endsWith('US') !== wantUs) return undefined;
  const issuer = S10_POSTAL_OPERATORS.get(n.slice(11));
  if (!issuer) return { trackingNumber: n, fault: 'unknown-country' };
  const reading = checked(n, s10CheckDigit(n.slice(2, 10)) === Number(n[10]));
  return wantUs ? reading : { ...reading, issuer: `${issuer} (${n.slice(11)})` };
}

const USPS_FORMATS: readonly TrackingNumberFormat[] = [
  { name: 'USPS IMpb', carrier: Carrier.USPS, checked: true, read: (n) => routed(n, readImpb) },
  { name: 'USPS Legacy (91)', carrier: Carrier.USPS, checked: true, read: (n) => routed(n, readUspsLegacy) },
  { name: 'USPS 20', carrier: Carrier.USPS, checked: true, read: (n) => (/^\d{20}$/.test(n) ? checked(n, gs1Whole(n)) : undefined) },
  { name: 'UPU S10 (USPS)', carrier: Carrier.USPS, checked: true, read: (n) => readS10(n, true) },
];

/**
 * Every format Waybill knows, from tracking_number_data and carriers.md §6. Within a carrier the
 * first format that accepts a number decides its canonical form.
 */
export const TRACKING_NUMBER_FORMATS: readonly TrackingNumberFormat[] = [
  ...UPS_FORMATS,
  ...FEDEX_FORMATS,
  ...DHL_FORMATS,
  ...USPS_FORMATS,
  { name: 'UPU S10', checked: true, noun: 'international postal (UPU S10) number', read: (n) => readS10(n, false) },
];
