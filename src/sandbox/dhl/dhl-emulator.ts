import type { CarrierEmulator } from '../carrier-emulator';
import { SANDBOX_OPTIONS, type SandboxModuleOptions } from '../sandbox.options';
import { DhlEmulatorController } from './dhl-emulator.controller';
import { DHL_EMULATOR_OPTIONS, resolveDhlEmulatorOptions } from './dhl-emulator.options';
import { DhlEmulatorService } from './dhl-emulator.service';
import { DhlPushRenderer } from './dhl-push.renderer';

const DAY_MS = 24 * 60 * 60_000;

export const DHL_EMULATOR: CarrierEmulator = {
  carrier: 'dhl',
  controllers: [DhlEmulatorController],
  providers: [
    {
      provide: DHL_EMULATOR_OPTIONS,
      inject: [SANDBOX_OPTIONS],
      useFactory: (options: SandboxModuleOptions) => resolveDhlEmulatorOptions(options),
    },
    DhlEmulatorService,
  ],
  // API key in a header: no OAuth token endpoint, so no form bodies.
  formBodyRoutes: [],
  // The initial service level: 1 call per second and 250 calls a day per key, the day resetting at
  // 00:00 GMT (carriers.md §3.6); the controls' daily window is aligned to UTC midnight.
  defaultLimits: { rateLimit: { calls: 1, windowMs: 1_000 }, quota: { calls: 250, windowMs: DAY_MS } },
  pushRenderer: (secrets) => new DhlPushRenderer(secrets.dhl),
};
