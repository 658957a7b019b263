import type { SandboxParcel } from './sandbox-parcel.schema';

/** Raised when a tracking number is already taken, so the caller can draw another. */
export class DuplicateTrackingNumberError extends Error {
  override readonly name = 'DuplicateTrackingNumberError';

  constructor(readonly trackingNumber: string) {
    super(`Tracking number ${trackingNumber} is already in use`);
  }
}

/**
 * Storage for sandbox parcels. An abstract class rather than an interface so it can be the Nest
 * injection token, and tests can swap in an in-memory version.
 */
export abstract class SandboxParcelRepository {
  /** @throws DuplicateTrackingNumberError */
  abstract insert(parcel: SandboxParcel): Promise<void>;
  abstract findByTrackingNumber(trackingNumber: string): Promise<SandboxParcel | null>;
}
