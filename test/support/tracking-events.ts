import type { TrackingEvent } from '../../workflows/shared/tracking';
import type { ShipmentStatus } from '../../workflows/shared/vocabulary';

/** A carrier event for reducer tests; the fingerprint follows status and time unless given. */
export function trackingEvent(status: ShipmentStatus, occurredAt: string, overrides: Partial<TrackingEvent> = {}): TrackingEvent {
  return {
    fingerprint: `${status}@${occurredAt}`,
    status,
    occurredAt,
    description: status.replace(/_/g, ' '),
    carrierCodes: { type: 'I', code: 'XX', statusCode: '005' },
    ...overrides,
  };
}
