import { SANDBOX_PUSH_SIGNING_SECRET } from '../../config/config';
import type { SandboxModuleOptions } from '../sandbox.options';

export interface MobilePushEmulatorOptions {
  /** The Standard Webhooks secret (`whsec_…`) signatures are verified with. */
  signingSecret: string;
}

export const MOBILE_PUSH_EMULATOR_OPTIONS = Symbol('MOBILE_PUSH_EMULATOR_OPTIONS');

/** The emulator verifies with the sandbox secret, which development's PUSH_SIGNING_SECRET defaults to. */
export const DEFAULT_MOBILE_PUSH_EMULATOR_OPTIONS: MobilePushEmulatorOptions = { signingSecret: SANDBOX_PUSH_SIGNING_SECRET };

/** The configured secret (development pointed at the emulator with its own PUSH_SIGNING_SECRET), or the sandbox's. */
export function resolveMobilePushEmulatorOptions(options: SandboxModuleOptions): MobilePushEmulatorOptions {
  return options.mobilePush ? { signingSecret: options.mobilePush.signingSecret } : DEFAULT_MOBILE_PUSH_EMULATOR_OPTIONS;
}
