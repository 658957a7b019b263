import { randomUUID } from 'node:crypto';

/**
 * FedEx error envelope and the codes the emulator answers with. Sources: track.openapi.json (400,
 * 401, 403, 404, 500 and 503 examples), carriers.md §2.1, §2.5 and §2.6. Codes FedEx does not
 * publish are marked [unverified] and listed in docs/carriers/fedex.md.
 */

export interface FedexErrorEnvelope {
  transactionId: string;
  customerTransactionId?: string;
  errors: { code: string; message: string }[];
}

/** Thrown inside the FedEx emulator; its filter turns it into the FedEx envelope. */
export class FedexApiError extends Error {
  override readonly name = 'FedexApiError';

  constructor(
    readonly httpStatus: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  envelope(customerTransactionId?: string): FedexErrorEnvelope {
    return {
      transactionId: randomUUID(),
      ...(customerTransactionId ? { customerTransactionId } : {}),
      errors: [{ code: this.code, message: this.message }],
    };
  }
}

const TRY_AGAIN = 'Please modify your request and try again.';

export const FedexErrors = {
  /** Token endpoint, wrong or missing client id or secret (carriers.md §2.1). */
  invalidClient: () => new FedexApiError(401, 'NOT.AUTHORIZED.ERROR', `The given client credentials were not valid. ${TRY_AGAIN}`),
  /** [unverified] FedEx documents only 401/500/503 for the token endpoint; a bad grant is a 400 here. */
  invalidGrant: () => new FedexApiError(400, 'BAD.REQUEST.ERROR', `Missing or duplicate parameters. ${TRY_AGAIN}`),
  /**
   * The token endpoint's 10-minute block of an address that asked too often (ratelimits guide:
   * "403 Forbidden"); the envelope is the spec's 403 example.
   */
  tokenRequestsBlocked: () =>
    new FedexApiError(403, 'FORBIDDEN.ERROR', 'We could not authorize your credentials. Please check your permissions and try again.'),
  /** Missing, unknown or expired bearer token: FedEx answers the same for all three. */
  tokenExpired: () => new FedexApiError(401, 'NOT.AUTHORIZED.ERROR', `Access token expired. ${TRY_AGAIN}`),
  emptyTrackingNumber: () => new FedexApiError(400, 'TRACKING.TRACKINGNUMBER.EMPTY', 'Please provide tracking number.'),
  /** [unverified] code for a request that breaks the schema (e.g. more than 30 numbers); seen on other FedEx APIs. */
  invalidInput: () => new FedexApiError(400, 'INVALID.INPUT.EXCEPTION', 'Invalid field value in the input'),
  /** [unverified] code; the message is the ratelimits guide's. No Retry-After is documented, so none is sent. */
  tooManyRequests: () =>
    new FedexApiError(
      429,
      'TOO.MANY.REQUESTS.ERROR',
      'We have received too many requests in a short duration. Please wait a while to try again.',
    ),
  /** [unverified] code; the message is the ratelimits guide's. */
  quotaExceeded: () =>
    new FedexApiError(429, 'TOO.MANY.REQUESTS.ERROR', 'Too many requests - Daily transaction quota exceeded. Retry after 12:00AM GMT.'),
  serverError: (status: 500 | 502 | 503 | 504 = 500) =>
    status === 503
      ? new FedexApiError(
          503,
          'SERVICE.UNAVAILABLE.ERROR',
          'The service is currently unavailable and we are working to resolve the issue. We apologize for any inconvenience. Please check back at a later time.',
        )
      : new FedexApiError(
          status,
          'INTERNAL.SERVER.ERROR',
          'We encountered an unexpected error and are working to resolve the issue. We apologize for any inconvenience. Please check back at a later time.',
        ),
  notFound: () => new FedexApiError(404, 'NOT.FOUND.ERROR', `The resource you requested is no longer available. ${TRY_AGAIN}`),
} as const;
