import type { EscrowAction } from './escrow.types';

/** A transfer (release) or refund as the provider holds it. */
export interface EscrowTransaction {
  /** `tr_…` or `re_…`. */
  id: string;
  action: EscrowAction;
  orderId: string;
  /** Minor units (cents). */
  amount: number;
  currency: string;
  /** When the provider created it. */
  createdAt: Date;
}

/** A created transaction; `replayed` when the provider answered a repeat of the key with its first result. */
export interface EscrowCreated extends EscrowTransaction {
  replayed: boolean;
}

export interface EscrowCreateRequest {
  action: EscrowAction;
  orderId: string;
  amount: number;
  currency: string;
  reason: string;
  /** Sent as `Idempotency-Key`: the provider answers a repeat within 24 h with the first result. */
  idempotencyKey: string;
}

export interface EscrowCallOptions {
  /** The activity's cancellation, so a cancelled settlement stops waiting on the provider. */
  signal?: AbortSignal;
}

/** The payment provider holding the escrowed money. */
export interface EscrowProviderClient {
  /** Every transaction of this kind the provider holds for the order, oldest first. */
  findByOrder(action: EscrowAction, orderId: string, options?: EscrowCallOptions): Promise<EscrowTransaction[]>;
  /**
   * Creates one transaction under the idempotency key. Throws `EscrowDeclinedError` when the
   * provider refused for good, `EscrowProviderError` when asking again may help.
   */
  create(request: EscrowCreateRequest, options?: EscrowCallOptions): Promise<EscrowCreated>;
}

/** The provider refused the request itself (insufficient balance, a closed account, bad parameters). */
export class EscrowDeclinedError extends Error {
  override readonly name = 'EscrowDeclinedError';

  constructor(
    /** The provider's error code, e.g. `balance_insufficient`. */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Failure types of provider calls that may succeed later. None of them says whether a create
 * reached the provider, which is why the activity looks the order up before creating again.
 */
export const EscrowProviderFailureType = {
  /** 5xx, timeouts, a dropped connection, an answer that is not the provider's. */
  UNAVAILABLE: 'EscrowProviderUnavailable',
  /** 409: another request with the same idempotency key is still being processed. */
  BUSY: 'EscrowProviderBusy',
  /** 429. */
  RATE_LIMITED: 'EscrowProviderRateLimited',
  /** 401/403: the secret key is refused. Retried, so an operator can fix the key within the time cap. */
  AUTH_FAILED: 'EscrowProviderAuthFailed',
  /** No provider is configured for this worker. Retried for the same reason. */
  NOT_CONFIGURED: 'EscrowProviderNotConfigured',
} as const;
export type EscrowProviderFailureType = (typeof EscrowProviderFailureType)[keyof typeof EscrowProviderFailureType];

export class EscrowProviderError extends Error {
  override readonly name = 'EscrowProviderError';

  constructor(
    readonly type: EscrowProviderFailureType,
    message: string,
    readonly details: { httpStatus?: number; retryAfterMs?: number } = {},
  ) {
    super(message);
  }
}
