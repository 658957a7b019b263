import type { SandboxSmsMessage } from './sms-message.schema';

export const TWILIO_API_VERSION = '2010-04-01';

/** A Message resource as Twilio answers a create: snake_case, dates in RFC 2822, counts as strings. */
export interface TwilioMessageView {
  account_sid: string;
  api_version: typeof TWILIO_API_VERSION;
  body: string;
  date_created: string;
  date_sent: null;
  date_updated: string;
  direction: 'outbound-api';
  error_code: null;
  error_message: null;
  from: string | null;
  messaging_service_sid: string | null;
  num_media: '0';
  /** "0" for a message sent through a Messaging Service, which has not picked its sender yet. */
  num_segments: string;
  price: null;
  price_unit: 'USD';
  sid: string;
  /** `queued` with a From number; `accepted` through a Messaging Service. */
  status: 'queued' | 'accepted';
  subresource_uris: { media: string };
  to: string;
  uri: string;
}

/** A recorded message for `GET /sandbox/sms`. */
export interface SandboxSmsView {
  sid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  encoding: 'GSM-7' | 'UCS-2';
  segments: number;
  characters: number;
  idempotencyToken: string | null;
  createdAt: string;
}

/** `Mon, 02 Mar 2026 15:00:00 +0000`, as Twilio writes dates. */
export function rfc2822(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}

export function renderTwilioMessage(message: SandboxSmsMessage): TwilioMessageView {
  const uri = `/${TWILIO_API_VERSION}/Accounts/${message.accountSid}/Messages/${message._id}`;
  const viaService = !message.from && Boolean(message.messagingServiceSid);
  return {
    account_sid: message.accountSid,
    api_version: TWILIO_API_VERSION,
    body: message.body,
    date_created: rfc2822(message.createdAt),
    date_sent: null,
    date_updated: rfc2822(message.createdAt),
    direction: 'outbound-api',
    error_code: null,
    error_message: null,
    from: message.from ?? null,
    messaging_service_sid: message.messagingServiceSid ?? null,
    num_media: '0',
    num_segments: viaService ? '0' : String(message.segments),
    price: null,
    price_unit: 'USD',
    sid: message._id,
    status: viaService ? 'accepted' : 'queued',
    subresource_uris: { media: `${uri}/Media.json` },
    to: message.to,
    uri: `${uri}.json`,
  };
}

export function sandboxSmsView(message: SandboxSmsMessage): SandboxSmsView {
  return {
    sid: message._id,
    to: message.to,
    from: message.from ?? null,
    messagingServiceSid: message.messagingServiceSid ?? null,
    body: message.body,
    encoding: message.encoding,
    segments: message.segments,
    characters: message.characters,
    idempotencyToken: message.idempotencyToken ?? null,
    createdAt: message.createdAt.toISOString(),
  };
}
