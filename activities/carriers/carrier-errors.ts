import { ApplicationFailure } from '@temporalio/common';

/**
 * Failure types the carrier activities raise. Workflows and retry policies match on these strings,
 * so they never change once deployed.
 */
export const CarrierFailureType = {
  /** 429 or a quota answer. Retryable; honours the carrier's Retry-After when it sends one. */
  RATE_LIMITED: 'CarrierRateLimited',
  /** 5xx, timeouts, connection errors. Retryable. */
  UNAVAILABLE: 'CarrierUnavailable',
  /** A body that is not what the carrier's contract promises: malformed, oversized, wrong shape. Retryable. */
  BAD_RESPONSE: 'CarrierBadResponse',
  /** Credentials refused even after one token refresh. Not retryable: an operator must fix the config. */
  AUTH_FAILED: 'CarrierAuthFailed',
  /** The carrier rejected the request itself (e.g. an invalid inquiry number). Not retryable. */
  REQUEST_REJECTED: 'CarrierRequestRejected',
} as const;
export type CarrierFailureType = (typeof CarrierFailureType)[keyof typeof CarrierFailureType];

const NON_RETRYABLE: ReadonlySet<CarrierFailureType> = new Set([
  CarrierFailureType.AUTH_FAILED,
  CarrierFailureType.REQUEST_REJECTED,
]);

/** An error from a carrier call, already classified. Adapters throw only these. */
export class CarrierError extends Error {
  override readonly name = 'CarrierError';

  constructor(
    readonly type: CarrierFailureType,
    message: string,
    readonly details: { httpStatus?: number; carrierCode?: string; retryAfterMs?: number } = {},
  ) {
    super(message);
  }

  get retryable(): boolean {
    return !NON_RETRYABLE.has(this.type);
  }

  toApplicationFailure(): ApplicationFailure {
    return ApplicationFailure.create({
      type: this.type,
      message: this.message,
      nonRetryable: !this.retryable,
      nextRetryDelay: this.details.retryAfterMs,
      details: [{ httpStatus: this.details.httpStatus, carrierCode: this.details.carrierCode }],
    });
  }
}
