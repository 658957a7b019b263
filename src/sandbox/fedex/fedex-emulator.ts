import type { CarrierEmulator } from '../carrier-emulator';
import { SANDBOX_OPTIONS, type SandboxModuleOptions } from '../sandbox.options';
import { FEDEX_EMULATOR_PREFIX, FedexEmulatorController } from './fedex-emulator.controller';
import { FEDEX_EMULATOR_OPTIONS, resolveFedexEmulatorOptions } from './fedex-emulator.options';
import { FedexEmulatorService } from './fedex-emulator.service';
import { FedexPushRenderer } from './fedex-push.renderer';
import { FedexTokenStore } from './fedex-token-store';
import { FedexTokenThrottle } from './fedex-token-throttle';

const DAY_MS = 24 * 60 * 60_000;

export const FEDEX_EMULATOR: CarrierEmulator = {
  carrier: 'fedex',
  controllers: [FedexEmulatorController],
  providers: [
    {
      provide: FEDEX_EMULATOR_OPTIONS,
      inject: [SANDBOX_OPTIONS],
      useFactory: (options: SandboxModuleOptions) => resolveFedexEmulatorOptions(options.fedex),
    },
    FedexTokenStore,
    FedexTokenThrottle,
    FedexEmulatorService,
  ],
  formBodyRoutes: [`${FEDEX_EMULATOR_PREFIX}/oauth/token`],
  // carriers.md §2.6: 1,400 transactions per 10 s per project, and the Track capability's default
  // project quota of 100,000 a day, resetting at 00:00 GMT. Tokens live 3600 s (§2.1).
  defaultLimits: {
    rateLimit: { calls: 1_400, windowMs: 10_000 },
    quota: { calls: 100_000, windowMs: DAY_MS },
    tokenTtlSeconds: 3_600,
  },
  pushRenderer: (secrets) => new FedexPushRenderer(secrets.fedexSecret),
};
