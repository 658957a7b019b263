import { SANDBOX_SMS_ACCOUNT_SID, SANDBOX_SMS_AUTH_TOKEN } from '../../config/config';
import type { SandboxModuleOptions } from '../sandbox.options';

export interface SmsEmulatorOptions {
  /** The only account the emulator knows: its SID is the Basic auth user and part of the path. */
  accountSid: string;
  authToken: string;
}

export const SMS_EMULATOR_OPTIONS = Symbol('SMS_EMULATOR_OPTIONS');

/** The configured credentials, or the sandbox's (SANDBOX_SMS_ACCOUNT_SID / SANDBOX_SMS_AUTH_TOKEN), which development sends by default. */
export function resolveSmsEmulatorOptions(options: SandboxModuleOptions): SmsEmulatorOptions {
  const accountSid = options.sms?.accountSid.trim();
  const authToken = options.sms?.authToken.trim();
  return accountSid && authToken ? { accountSid, authToken } : { accountSid: SANDBOX_SMS_ACCOUNT_SID, authToken: SANDBOX_SMS_AUTH_TOKEN };
}
