import { DHL_SERVICES, type DhlService } from '../../../activities/carriers/dhl/dhl.adapter';
import { DhlErrors } from './dhl-errors';

/** The query of `GET /track/shipments` (carriers.md §3.2), checked. */
export interface DhlTrackQuery {
  trackingNumber: string;
  service?: DhlService;
  /** The language asked for; the emulator only speaks English and says so in `Content-Language`. */
  language: string;
  offset: number;
  limit: number;
}

const MAX_TRACKING_NUMBER_LENGTH = 64;
const COUNTRY = /^[A-Za-z]{2}$/;

/**
 * Reads the query the way DHL documents it: one `trackingNumber` (required), an optional `service`
 * from DHL's list, ISO country codes, and `offset`/`limit` paging (defaults 0 and 5). A parameter
 * given twice arrives as an array and is refused. The 400 wording is [unverified].
 */
export function parseDhlTrackQuery(query: Record<string, unknown>): DhlTrackQuery {
  const trackingNumber = single(query, 'trackingNumber')?.trim();
  if (!trackingNumber) throw DhlErrors.badRequest('The query parameter trackingNumber is required.');
  if (trackingNumber.length > MAX_TRACKING_NUMBER_LENGTH) throw DhlErrors.badRequest('The trackingNumber is too long.');
  const service = single(query, 'service');
  if (service !== undefined && !(DHL_SERVICES as readonly string[]).includes(service)) {
    throw DhlErrors.badRequest(`The service must be one of: ${DHL_SERVICES.join(', ')}.`);
  }
  for (const name of ['requesterCountryCode', 'originCountryCode']) {
    const value = single(query, name);
    if (value !== undefined && !COUNTRY.test(value)) throw DhlErrors.badRequest(`The ${name} must be an ISO 3166-1 alpha-2 code.`);
  }
  single(query, 'recipientPostalCode');
  return {
    trackingNumber,
    ...(service === undefined ? {} : { service: service as DhlService }),
    language: single(query, 'language') ?? 'en',
    offset: integer(query, 'offset', 0, 0),
    limit: integer(query, 'limit', 5, 1),
  };
}

function single(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw DhlErrors.badRequest(`The query parameter ${name} must be given once.`);
  return value;
}

function integer(query: Record<string, unknown>, name: string, fallback: number, min: number): number {
  const value = single(query, name);
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min) throw DhlErrors.badRequest(`The ${name} must be an integer of at least ${min}.`);
  return Number(value);
}
