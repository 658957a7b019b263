import type { SandboxUpsOptions } from '../sandbox.options';

/** UPS's observed token lifetime ("expires_in": "14399"). */
export const UPS_DEFAULT_TOKEN_TTL_SECONDS = 14_399;
/** Generous enough for a busy dev stack; tests lower it to see 429s. */
export const UPS_DEFAULT_RATE_LIMIT_PER_SECOND = 50;

export interface UpsEmulatorOptions {
  clientId: string;
  clientSecret: string;
  tokenTtlSeconds: number;
  rateLimitPerSecond: number;
}

export const UPS_EMULATOR_OPTIONS = Symbol('UPS_EMULATOR_OPTIONS');

export function resolveUpsEmulatorOptions(options: SandboxUpsOptions): UpsEmulatorOptions {
  const resolved: UpsEmulatorOptions = {
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    tokenTtlSeconds: options.tokenTtlSeconds ?? UPS_DEFAULT_TOKEN_TTL_SECONDS,
    rateLimitPerSecond: options.rateLimitPerSecond ?? UPS_DEFAULT_RATE_LIMIT_PER_SECOND,
  };
  if (!resolved.clientId || !resolved.clientSecret) throw new Error('The UPS emulator needs a client id and secret');
  if (!Number.isInteger(resolved.tokenTtlSeconds) || resolved.tokenTtlSeconds < 1) {
    throw new RangeError('ups.tokenTtlSeconds must be a positive integer');
  }
  if (!Number.isInteger(resolved.rateLimitPerSecond) || resolved.rateLimitPerSecond < 1) {
    throw new RangeError('ups.rateLimitPerSecond must be a positive integer');
  }
  return resolved;
}
