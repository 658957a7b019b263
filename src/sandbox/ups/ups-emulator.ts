import type { CarrierEmulator } from '../carrier-emulator';
import { SANDBOX_OPTIONS, type SandboxModuleOptions } from '../sandbox.options';
import { UPS_EMULATOR_PREFIX, UpsEmulatorController } from './ups-emulator.controller';
import { UPS_EMULATOR_OPTIONS, resolveUpsEmulatorOptions } from './ups-emulator.options';
import { UpsEmulatorService } from './ups-emulator.service';
import { UpsPushRenderer } from './ups-push.renderer';
import { UpsTokenStore } from './ups-token-store';

export const UPS_EMULATOR: CarrierEmulator = {
  carrier: 'ups',
  controllers: [UpsEmulatorController],
  providers: [
    {
      provide: UPS_EMULATOR_OPTIONS,
      inject: [SANDBOX_OPTIONS],
      useFactory: (options: SandboxModuleOptions) => resolveUpsEmulatorOptions(options.ups),
    },
    UpsTokenStore,
    UpsEmulatorService,
  ],
  formBodyRoutes: [`${UPS_EMULATOR_PREFIX}/security/v1/oauth/token`],
  // UPS publishes no numbers; it answers bursts with 429 10429 and no Retry-After (carriers.md §1.6).
  defaultLimits: { rateLimit: { calls: 50, windowMs: 1_000 }, quota: null, tokenTtlSeconds: 14_399 },
  pushRenderer: (secrets) => new UpsPushRenderer(secrets.upsCredential),
};
