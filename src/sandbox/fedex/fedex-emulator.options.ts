import type { SandboxOAuthClient } from '../sandbox.options';

/** The credentials the emulator accepts; null when the sandbox was given none, and every call is refused. */
export type FedexEmulatorOptions = SandboxOAuthClient | null;

export const FEDEX_EMULATOR_OPTIONS = Symbol('FEDEX_EMULATOR_OPTIONS');

export function resolveFedexEmulatorOptions(options: SandboxOAuthClient | undefined): FedexEmulatorOptions {
  if (!options) return null;
  if (!options.clientId || !options.clientSecret) throw new Error('The FedEx emulator needs both a client id and a secret');
  return { clientId: options.clientId, clientSecret: options.clientSecret };
}
