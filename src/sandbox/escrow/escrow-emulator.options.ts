import type { SandboxModuleOptions } from '../sandbox.options';

export interface EscrowEmulatorOptions {
  /** The only secret key the emulator accepts; absent, it refuses every call with 401. */
  secretKey?: string;
}

export const ESCROW_EMULATOR_OPTIONS = Symbol('ESCROW_EMULATOR_OPTIONS');

export function resolveEscrowEmulatorOptions(options: SandboxModuleOptions): EscrowEmulatorOptions {
  const secretKey = options.escrow?.secretKey?.trim();
  return secretKey ? { secretKey } : {};
}
