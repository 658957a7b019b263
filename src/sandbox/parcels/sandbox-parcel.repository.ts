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
  /** Parcels with pushing on whose `nextPushAt` has come, soonest first. */
  abstract findDueForPush(now: Date, limit: number): Promise<SandboxParcel[]>;
  /**
   * Records the outcome of a push, only if no other dispatcher recorded one since this one read
   * `pushedSteps` and `pushFailures`. False when it lost that race.
   */
  abstract recordPush(trackingNumber: string, seen: PushProgress, next: PushProgress & { nextPushAt: Date | null; pushEnabled: boolean }): Promise<boolean>;
}

export interface PushProgress {
  pushedSteps: number;
  pushFailures: number;
}
