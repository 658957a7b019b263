import type { SandboxUpsOptions } from '../sandbox.options';

export type UpsEmulatorOptions = SandboxUpsOptions;

export const UPS_EMULATOR_OPTIONS = Symbol('UPS_EMULATOR_OPTIONS');

export function resolveUpsEmulatorOptions(options: SandboxUpsOptions): UpsEmulatorOptions {
  if (!options.clientId || !options.clientSecret) throw new Error('The UPS emulator needs a client id and secret');
  return { clientId: options.clientId, clientSecret: options.clientSecret };
}
