/**
 * The emulated provider's error envelope, Stripe's: `{ error: { type, code, message, param? } }`.
 * Types are Stripe's (`invalid_request_error`, `idempotency_error`, `api_error`); codes Stripe
 * does not document for these cases (`api_key_invalid`, `idempotency_key_missing`,
 * `idempotency_key_reused`) are the emulator's own.
 */
export type EscrowErrorType = 'invalid_request_error' | 'idempotency_error' | 'api_error';

export interface EscrowErrorBody {
  error: { type: EscrowErrorType; code: string; message: string; param?: string };
}

/** Thrown inside the escrow emulator; its filter renders `body` with `httpStatus`. */
export class EscrowApiError extends Error {
  override readonly name = 'EscrowApiError';

  constructor(
    readonly httpStatus: number,
    readonly type: EscrowErrorType,
    readonly code: string,
    message: string,
    readonly param?: string,
  ) {
    super(message);
  }

  get body(): EscrowErrorBody {
    return { error: { type: this.type, code: this.code, message: this.message, ...(this.param ? { param: this.param } : {}) } };
  }
}

export const EscrowErrors = {
  unauthorized: () => new EscrowApiError(401, 'invalid_request_error', 'api_key_invalid', 'Invalid API Key provided. Send it as Authorization: Bearer sk_test_….'),
  idempotencyKeyMissing: () =>
    new EscrowApiError(400, 'invalid_request_error', 'idempotency_key_missing', 'This endpoint needs an Idempotency-Key header (1 to 255 characters).'),
  invalidParameter: (param: string, message: string) => new EscrowApiError(400, 'invalid_request_error', 'parameter_invalid', message, param),
  idempotencyKeyReused: () =>
    new EscrowApiError(400, 'idempotency_error', 'idempotency_key_reused', 'Keys for idempotent requests can only be used with the same parameters they were first used with.'),
  idempotencyKeyInUse: () =>
    new EscrowApiError(
      409,
      'idempotency_error',
      'idempotency_key_in_use',
      'There is currently another in-progress request using this Idempotency-Key. Try again later.',
    ),
  /** A forced permanent refusal (the sandbox's `decline` fault). */
  declined: (code: string) => new EscrowApiError(402, 'invalid_request_error', code, `The request was declined (${code}).`),
  serverError: () => new EscrowApiError(500, 'api_error', 'internal_error', 'An error occurred with our API. Nothing was created; try again.'),
} as const;
