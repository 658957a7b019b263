import type { Carrier } from '../../workflows/shared/vocabulary';
import type { CarrierLimits } from './controls/carrier-controls';
import type { SandboxPushSecrets } from './push/carrier-push-renderer';

/** How the app configures the sandbox (values come from `WaybillConfig.sandbox` and `.ups`). */
export interface SandboxModuleOptions {
  /** Default playback speed for new parcels: 1 is real time, 2000 plays two days in under 90 s. */
  speed: number;
  smtpHost: string;
  /** 0 picks a free port (tests); read the bound one from `SmtpSink.port`. */
  smtpPort: number;
  ups: SandboxUpsOptions;
  /** The credentials each emulator accepts; an emulator without them refuses every call with 401. */
  fedex?: SandboxOAuthClient;
  dhl?: { apiKey: string };
  usps?: SandboxOAuthClient;
  /** The secret key the escrow provider emulator accepts; absent, it refuses every call with 401. */
  escrow?: { secretKey: string };
  /** The account the SMS (Twilio) emulator accepts; absent, the sandbox's (SANDBOX_SMS_ACCOUNT_SID / SANDBOX_SMS_AUTH_TOKEN). */
  sms?: { accountSid: string; authToken: string };
  /** The secret the mobile-push emulator verifies signatures with; absent, the sandbox's (SANDBOX_PUSH_SIGNING_SECRET). */
  mobilePush?: { signingSecret: string };
  /** Set when parcels push their events to Waybill's webhooks; absent, parcels are only polled. */
  push?: SandboxPushOptions;
  /** Starting limits that differ from each carrier's real ones (tests lower them to see 429s). */
  limits?: Partial<Record<Carrier, Partial<CarrierLimits>>>;
}

export interface SandboxOAuthClient {
  clientId: string;
  clientSecret: string;
}

export interface SandboxUpsOptions {
  clientId: string;
  clientSecret: string;
}

export const SANDBOX_OPTIONS = Symbol('SANDBOX_OPTIONS');

/** The sandbox's notion of "now": injectable so tests can move time. */
export type SandboxClock = () => Date;
export const SANDBOX_CLOCK = Symbol('SANDBOX_CLOCK');
export const systemClock: SandboxClock = () => new Date();

export interface SandboxPushOptions {
  /** Waybill's webhook base, e.g. `http://127.0.0.1:3000/v1/webhooks`; each carrier posts to `/<carrier>`. */
  targetUrl: string;
  secrets: SandboxPushSecrets;
  /** How often the dispatcher looks for due pushes, in real milliseconds. */
  intervalMs?: number;
}
