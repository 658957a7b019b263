import { SANDBOX_PUSH_SIGNING_SECRET } from '../../config/config';

export interface MobilePushEmulatorOptions {
  /** The Standard Webhooks secret (`whsec_…`) signatures are verified with. */
  signingSecret: string;
}

export const MOBILE_PUSH_EMULATOR_OPTIONS = Symbol('MOBILE_PUSH_EMULATOR_OPTIONS');

/** The emulator verifies with the sandbox secret, which development's PUSH_SIGNING_SECRET defaults to. */
export const DEFAULT_MOBILE_PUSH_EMULATOR_OPTIONS: MobilePushEmulatorOptions = { signingSecret: SANDBOX_PUSH_SIGNING_SECRET };
