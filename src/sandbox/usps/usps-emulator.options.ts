import type { SandboxOAuthClient } from '../sandbox.options';

/** The one app the emulator knows; null when the sandbox has no USPS credentials, so every call is refused. */
export type UspsEmulatorOptions = SandboxOAuthClient | null;

export const USPS_EMULATOR_OPTIONS = Symbol('USPS_EMULATOR_OPTIONS');

export function resolveUspsEmulatorOptions(options: SandboxOAuthClient | undefined): UspsEmulatorOptions {
  if (!options) return null;
  if (!options.clientId || !options.clientSecret) throw new Error('The USPS emulator needs both a client id and a secret');
  return { clientId: options.clientId, clientSecret: options.clientSecret };
}
