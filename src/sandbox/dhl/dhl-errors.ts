import type { DhlProblem } from './dhl-track.types';

/**
 * DHL's error envelope and the answers the emulator gives. Sources: carriers.md §3.5 (404 from
 * netresearch/dhl-shipping-m2 #23 and karrio; 429 from itsvic-dev/deliveries #68). The 401 body is
 * what DHL's api-eu.dhl.com gateway answers for the Parcel DE APIs (karrio's dhl_parcel_de
 * fixtures); for tracking it is [unverified], like the 400 and 5xx texts.
 */

/** Thrown inside the DHL emulator; its filter turns it into `application/problem+json`. */
export class DhlApiError extends Error {
  override readonly name = 'DhlApiError';

  constructor(
    readonly httpStatus: number,
    readonly title: string,
    readonly detail: string,
    readonly instance?: string,
    /** Sent as `Retry-After` when set; DHL's own 429s are not known to carry one. */
    readonly retryAfterSeconds?: number,
  ) {
    super(detail);
  }

  get problem(): DhlProblem {
    const problem: DhlProblem = { title: this.title, status: this.httpStatus, detail: this.detail };
    if (this.instance) problem.instance = this.instance;
    return problem;
  }
}

const TOO_MANY_REQUESTS = 'Too many requests within defined time period, please try again later.';

const SERVER_ERROR_TITLES: Readonly<Record<500 | 502 | 503 | 504, string>> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export const DhlErrors = {
  unauthorized: () => new DhlApiError(401, 'Unauthorized', 'Unauthorized for given resource.'),
  notFound: (trackingNumber: string) =>
    new DhlApiError(404, 'No result found', 'No shipment with given tracking number found.', `/shipment/${trackingNumber}`),
  badRequest: (detail: string) => new DhlApiError(400, 'Bad Request', detail),
  tooManyRequests: (retryAfterSeconds?: number) =>
    new DhlApiError(429, 'Too Many Requests', TOO_MANY_REQUESTS, undefined, retryAfterSeconds),
  serverError: (status: 500 | 502 | 503 | 504 = 500) =>
    new DhlApiError(status, SERVER_ERROR_TITLES[status], 'The service is temporarily unavailable, please try again later.'),
} as const;
