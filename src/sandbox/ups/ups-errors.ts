/**
 * UPS error envelope and the codes the emulator answers with. Sources: carriers.md §1.5
 * (UPSTrackAlert.yaml error table, karrio fixtures, UPS-API/api-documentation issues).
 */

export interface UpsErrorEnvelope {
  response: { errors: { code: string; message: string }[] };
}

export function upsErrorEnvelope(code: string, message: string): UpsErrorEnvelope {
  return { response: { errors: [{ code, message }] } };
}

/** Thrown inside the UPS emulator; its filter turns it into the UPS envelope. */
export class UpsApiError extends Error {
  override readonly name = 'UpsApiError';

  constructor(
    readonly httpStatus: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  get envelope(): UpsErrorEnvelope {
    return upsErrorEnvelope(this.code, this.message);
  }
}

export const UpsErrors = {
  /** Token endpoint, wrong client id or secret: what live UPS answers (karrio issue #503). */
  invalidClient: () => new UpsApiError(401, '10401', 'ClientId is Invalid'),
  /** [unverified] code: UPS documents a 400 for bad token requests but not its code. */
  unsupportedGrantType: () =>
    new UpsApiError(400, '10400', 'Invalid or missing grant_type; only client_credentials is supported'),
  invalidAuthentication: () => new UpsApiError(401, '250002', 'Invalid Authentication Information'),
  tokenExpired: () => new UpsApiError(401, '251004', 'Bearer Token expired'),
  /** [unverified] code: the Track spec marks the header required without documenting the error. */
  missingHeader: (header: string) => new UpsApiError(400, '10400', `Missing or invalid ${header} header`),
  invalidInquiryNumber: () => new UpsApiError(400, 'TV1002', 'Invalid inquiry number'),
  /** UPS sends no Retry-After or rate-limit headers with this (issue #8). */
  tooManyRequests: () => new UpsApiError(429, '10429', 'Too Many Requests'),
  serverError: (status: 500 | 502 | 503 | 504 = 500) =>
    new UpsApiError(status, '10004', 'Something went wrong. Please try again later.'),
} as const;
