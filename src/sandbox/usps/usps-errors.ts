/**
 * USPS's two error shapes and the answers the emulator gives with them. Tracking speaks the OpenAPI
 * `ErrorMessage` envelope; the token endpoint speaks RFC 6749 for credential problems. Sources:
 * carriers.md §4.1 and §4.5, USPS/api-examples issues #56 (missing scope), #68 (malformed token),
 * #102 (404 text), magento2#40394 (quota body). Wording marked [unverified] is the emulator's own.
 */

export const USPS_TRACKING_API_VERSION = '/tracking/v3';
export const USPS_OAUTH_API_VERSION = '/oauth2/v3';
/** The OpenAPI `WWWAuthenticate` header example, sent with every tracking 401. */
export const USPS_WWW_AUTHENTICATE = 'Bearer realm="https://api.usps.com"';

export const USPS_NOT_FOUND_MESSAGE =
  'Tracking is not available for this item. This may be because the tracking number is invalid; USPS has not yet received payment; ' +
  'USPS has not yet received the item; the item does not include tracking; or other reasons.';

export interface UspsErrorItem {
  status?: string;
  code?: string;
  title?: string;
  detail?: string;
  /** An object in the OpenAPI; live 401s send the string "Access Token". */
  source?: { parameter: string; example: string } | string;
}

export interface UspsErrorMessage {
  apiVersion: string;
  error: { code: string; message: string; errors: UspsErrorItem[] };
}

export interface UspsOAuthError {
  error: string;
  error_description: string;
  error_uri?: string;
}

/** Thrown inside the USPS emulator; its filter sends `body` with `headers` and `httpStatus`. */
export class UspsApiError extends Error {
  override readonly name = 'UspsApiError';

  constructor(
    readonly httpStatus: number,
    readonly body: UspsErrorMessage | UspsOAuthError,
    readonly headers: Record<string, string> = {},
  ) {
    super('apiVersion' in body ? body.error.message : body.error_description);
  }
}

function envelope(apiVersion: string, status: number, message: string, errors: UspsErrorItem[] = []): UspsErrorMessage {
  return { apiVersion, error: { code: String(status), message, errors } };
}

function oauthError(status: number, error: string, description: string): UspsApiError {
  const errorUri = 'https://datatracker.ietf.org/doc/html/rfc6749#page-45';
  return new UspsApiError(status, { error, error_description: description, error_uri: errorUri });
}

function unauthorized(message: string, errors: UspsErrorItem[] = []): UspsApiError {
  return new UspsApiError(401, envelope(USPS_TRACKING_API_VERSION, 401, message, errors), { 'WWW-Authenticate': USPS_WWW_AUTHENTICATE });
}

const invalidToken = (detail: string): UspsErrorItem => ({ title: 'invalid_token', detail, source: 'Access Token' });

const retryAfter = (seconds: number | undefined): Record<string, string> =>
  seconds === undefined ? {} : { 'Retry-After': String(Math.max(0, Math.ceil(seconds))) };

const SERVER_ERROR_TEXT: Readonly<Record<number, string>> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export const UspsErrors = {
  /** Token endpoint, wrong or unknown client: the karrio fixture's RFC 6749 answer. */
  invalidClient: () => oauthError(401, 'invalid_client', 'Client authentication failed.'),
  /** [unverified] wording: RFC 6749 errors for a token request that is not client credentials. */
  invalidRequest: (description: string) => oauthError(400, 'invalid_request', description),
  unsupportedGrantType: () => oauthError(400, 'unsupported_grant_type', 'Only the client_credentials grant is supported for this client.'),
  invalidScope: (scope: string) => oauthError(400, 'invalid_scope', `The requested scope is not granted to this client: ${scope}`),

  /** No bearer token, or one that is not a JWT (USPS/api-examples#68). */
  malformedToken: () =>
    unauthorized('Missing or malformed access token.', [
      invalidToken('The access token presented with the request is missing or malformed (not a JWT).'),
    ]),
  /** [unverified] wording: a well-formed token the emulator never issued. */
  unknownToken: () => unauthorized('Invalid access token.', [invalidToken('The access token presented with the request is invalid.')]),
  /** [unverified] wording: a token past its `expires_in`. */
  expiredToken: () => unauthorized('Expired access token.', [invalidToken('The access token presented with the request has expired.')]),
  /** A valid token whose scope lacks `tracking` (USPS/api-examples#56). */
  missingTrackingScope: () => unauthorized('The client application identifier is invalid.'),

  /** [unverified] wording: a query parameter outside the OpenAPI's pattern or enum. */
  badParameter: (parameter: string, detail: string, example: string) =>
    new UspsApiError(
      400,
      envelope(USPS_TRACKING_API_VERSION, 400, 'Bad Request', [
        { status: '400', code: '400', title: 'Invalid parameter', detail, source: { parameter, example } },
      ]),
    ),
  notFound: () => new UspsApiError(404, envelope(USPS_TRACKING_API_VERSION, 404, USPS_NOT_FOUND_MESSAGE)),

  /** The quota answer (magento2#40394); `detail` is cut off in the source and completed here. */
  tooManyRequests: (apiVersion: string, retryAfterSeconds: number | undefined) =>
    new UspsApiError(
      429,
      envelope(
        apiVersion,
        429,
        'Exceeded quota limit. Please contact https://emailus.usps.com/s/web-tools-inquiry and a representative will assist.',
        [{ title: 'Too Many Requests.', detail: 'Quota limit exceeded.' }],
      ),
      retryAfter(retryAfterSeconds),
    ),
  /** 503 carries Retry-After in the OpenAPI; the others have no documented body and get the envelope. */
  serverError: (apiVersion: string, status: 500 | 502 | 503 | 504 = 500, retryAfterSeconds?: number) =>
    new UspsApiError(
      status,
      envelope(apiVersion, status, SERVER_ERROR_TEXT[status] ?? 'Internal Server Error'),
      retryAfter(retryAfterSeconds),
    ),
} as const;
