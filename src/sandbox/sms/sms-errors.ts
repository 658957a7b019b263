/** Twilio's error envelope: `{ code, message, more_info, status }`, `code` a number. */
export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

/** Thrown inside the SMS emulator; its filter renders `body` with `httpStatus`. */
export class TwilioApiError extends Error {
  override readonly name = 'TwilioApiError';

  constructor(
    readonly httpStatus: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }

  get body(): TwilioErrorBody {
    return { code: this.code, message: this.message, more_info: `https://www.twilio.com/docs/errors/${this.code}`, status: this.httpStatus };
  }
}

/** Twilio's own codes for these cases. The texts are the emulator's wording, and never quote the number. */
export const TwilioErrors = {
  unauthorized: () => new TwilioApiError(401, 20003, 'Authentication Error - invalid username or password (send the account SID and auth token as HTTP Basic auth)'),
  accountNotFound: () => new TwilioApiError(404, 20404, 'The requested resource was not found: no such account'),
  toMissing: () => new TwilioApiError(400, 21604, "A 'To' phone number is required."),
  toInvalid: () => new TwilioApiError(400, 21211, "Invalid 'To' Phone Number: it must be a valid number in E.164 format."),
  fromMissing: () => new TwilioApiError(400, 21603, "A 'From' phone number or a 'MessagingServiceSid' is required."),
  bodyMissing: () => new TwilioApiError(400, 21602, 'Message body is required.'),
  bodyTooLong: () => new TwilioApiError(400, 21617, 'The concatenated message body exceeds the 1600 character limit.'),
  unsubscribed: () => new TwilioApiError(400, 21610, 'Attempt to send to unsubscribed recipient.'),
  tokenInUse: () => new TwilioApiError(409, 20409, 'Another request with this I-Twilio-Idempotency-Token is still being processed. Try again later.'),
  rateLimited: () => new TwilioApiError(429, 20429, 'Too Many Requests'),
  serverError: () => new TwilioApiError(500, 20500, 'Internal Server Error. Nothing was sent; try again.'),
} as const;
