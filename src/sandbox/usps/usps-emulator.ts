import type { CarrierEmulator } from '../carrier-emulator';
import { SANDBOX_OPTIONS, type SandboxModuleOptions } from '../sandbox.options';
import { USPS_EMULATOR_PREFIX, UspsEmulatorController } from './usps-emulator.controller';
import { USPS_EMULATOR_OPTIONS, resolveUspsEmulatorOptions } from './usps-emulator.options';
import { UspsEmulatorService } from './usps-emulator.service';
import { UspsPushRenderer } from './usps-push.renderer';
import { UspsTokenStore } from './usps-token-store';

const HOUR_MS = 60 * 60_000;

export const USPS_EMULATOR: CarrierEmulator = {
  carrier: 'usps',
  controllers: [UspsEmulatorController],
  providers: [
    {
      provide: USPS_EMULATOR_OPTIONS,
      inject: [SANDBOX_OPTIONS],
      useFactory: (options: SandboxModuleOptions) => resolveUspsEmulatorOptions(options.usps),
    },
    UspsTokenStore,
    UspsEmulatorService,
  ],
  // JSON is what USPS documents; the form route only matters to apps created without a body parser.
  formBodyRoutes: [`${USPS_EMULATOR_PREFIX}/oauth2/v3/token`],
  // USPS publishes an hourly quota per app and no burst limit (carriers.md §4.6). 60/hour is what a
  // USPS engineer quotes for the default products (USPS/api-examples#30) and the community for
  // Tracking (#107); the sliding window is set so that only the quota can bind. Tokens: 28799 s.
  defaultLimits: {
    rateLimit: { calls: 60, windowMs: 60_000 },
    quota: { calls: 60, windowMs: HOUR_MS },
    tokenTtlSeconds: 28_799,
  },
  pushRenderer: (secrets) => new UspsPushRenderer(secrets.uspsSecret),
};
