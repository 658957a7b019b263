import { createHash } from 'node:crypto';
import type { CarrierCodes, TrackingLocation } from '../../workflows/shared/tracking';
import type { Carrier } from '../../workflows/shared/vocabulary';

export interface FingerprintParts {
  carrier: Carrier;
  trackingNumber: string;
  carrierCodes: CarrierCodes;
  /** ISO-8601; any offset, the instant is what counts. */
  occurredAt: string;
  location?: TrackingLocation;
  /**
   * What the scan means, for carriers whose scans carry no codes (DHL Express): without it, "out for
   * delivery" and "delivered" logged in the same second at the same place would collide, and the
   * delivery would be dropped as a duplicate.
   */
  meaning?: string;
}

/**
 * A stable id for one carrier scan, so the same scan reported by a poll, a webhook or a repeated
 * poll is recognised and counted once. Built only from facts that identify the scan: descriptions
 * are left out because carriers reword and translate them, and times are compared as instants
 * because the same scan arrives as "-05:00" local time from one API and UTC from another.
 */
export function eventFingerprint(parts: FingerprintParts): string {
  const identity = [
    parts.carrier,
    parts.trackingNumber.replace(/\s+/g, '').toUpperCase(),
    code(parts.carrierCodes.type),
    code(parts.carrierCodes.code),
    code(parts.carrierCodes.statusCode),
    instant(parts.occurredAt),
    place(parts.location?.city),
    place(parts.location?.region),
    place(parts.location?.postalCode),
    place(parts.location?.countryCode),
    // Appended only when given, so the fingerprints of carriers with codes never change.
    ...(parts.meaning === undefined ? [] : [parts.meaning]),
  ];
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 24);
}

function code(value: string | undefined): string {
  return value?.trim().toUpperCase() ?? '';
}

function place(value: string | undefined): string {
  return value?.trim().replace(/\s+/g, ' ').toLowerCase() ?? '';
}

/** UTC milliseconds; an unparseable time is kept verbatim rather than colliding with other events. */
function instant(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? `raw:${iso.trim()}` : String(ms);
}
