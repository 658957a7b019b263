/**
 * Places the sandbox's parcels travel through. Scenario steps copy a place's fields, so the scenario
 * data stays flat and every carrier renderer reads the same location.
 */
export interface Place {
  city: string;
  /** State or province code, e.g. `CA`. */
  region: string;
  /** ISO 3166-1 alpha-2. */
  countryCode: string;
  postalCode?: string;
}

export const PLACES = {
  commerceCA: { city: 'Commerce', region: 'CA', countryCode: 'US', postalCode: '90040' },
  ontarioCA: { city: 'Ontario', region: 'CA', countryCode: 'US', postalCode: '91761' },
  lasVegasNV: { city: 'Las Vegas', region: 'NV', countryCode: 'US', postalCode: '89118' },
  saltLakeCityUT: { city: 'Salt Lake City', region: 'UT', countryCode: 'US', postalCode: '84104' },
  denverHubCO: { city: 'Commerce City', region: 'CO', countryCode: 'US', postalCode: '80022' },
  denverCO: { city: 'Denver', region: 'CO', countryCode: 'US', postalCode: '80205' },
  denverAccessPointCO: { city: 'Denver', region: 'CO', countryCode: 'US', postalCode: '80206' },
  secaucusNJ: { city: 'Secaucus', region: 'NJ', countryCode: 'US', postalCode: '07094' },
  parsippanyNJ: { city: 'Parsippany', region: 'NJ', countryCode: 'US', postalCode: '07054' },
  harrisburgPA: { city: 'Harrisburg', region: 'PA', countryCode: 'US', postalCode: '17111' },
  columbusOH: { city: 'Columbus', region: 'OH', countryCode: 'US', postalCode: '43228' },
  hodgkinsIL: { city: 'Hodgkins', region: 'IL', countryCode: 'US', postalCode: '60525' },
  chicagoIL: { city: 'Chicago', region: 'IL', countryCode: 'US', postalCode: '60607' },
} as const satisfies Record<string, Place>;

/**
 * Standard-time UTC offsets (minutes) of US states. The sandbox deliberately ignores daylight saving:
 * a fixed offset per place is enough to exercise local-time parsing, and it keeps renders reproducible.
 */
const US_STATE_UTC_OFFSET_MINUTES: Readonly<Record<string, number>> = {
  CT: -300, DC: -300, DE: -300, FL: -300, GA: -300, IN: -300, KY: -300, MA: -300, MD: -300, ME: -300,
  MI: -300, NC: -300, NH: -300, NJ: -300, NY: -300, OH: -300, PA: -300, RI: -300, SC: -300, VA: -300,
  VT: -300, WV: -300,
  AL: -360, AR: -360, IA: -360, IL: -360, KS: -360, LA: -360, MN: -360, MO: -360, MS: -360, ND: -360,
  NE: -360, OK: -360, SD: -360, TN: -360, TX: -360, WI: -360,
  AZ: -420, CO: -420, ID: -420, MT: -420, NM: -420, UT: -420, WY: -420,
  CA: -480, NV: -480, OR: -480, WA: -480,
  AK: -540,
  HI: -600,
};

/** The fixed UTC offset, in minutes, used for local times at a place; UTC when the place is unknown. */
export function utcOffsetMinutes(place: Pick<Place, 'countryCode' | 'region'>): number {
  if (place.countryCode !== 'US') return 0;
  return US_STATE_UTC_OFFSET_MINUTES[place.region] ?? 0;
}
