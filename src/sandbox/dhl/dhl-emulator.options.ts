import type { SandboxModuleOptions } from '../sandbox.options';

export interface DhlEmulatorOptions {
  /** The only key the emulator accepts; absent, it refuses every call as DHL refuses an unknown key. */
  apiKey?: string;
}

export const DHL_EMULATOR_OPTIONS = Symbol('DHL_EMULATOR_OPTIONS');

export function resolveDhlEmulatorOptions(options: SandboxModuleOptions): DhlEmulatorOptions {
  const apiKey = options.dhl?.apiKey?.trim();
  return apiKey ? { apiKey } : {};
}
