import type { Provider, Type } from '@nestjs/common';
import type { ModelDefinition } from '@nestjs/mongoose';
import { MobilePushControls } from './mobile-push-controls';
import { MobilePushController } from './mobile-push.controller';
import { MobilePushEmulatorController } from './mobile-push-emulator.controller';
import { MOBILE_PUSH_EMULATOR_OPTIONS, resolveMobilePushEmulatorOptions } from './mobile-push-emulator.options';
import { SANDBOX_OPTIONS, type SandboxModuleOptions } from '../sandbox.options';
import { MobilePushEmulatorService } from './mobile-push-emulator.service';
import { SandboxMobilePushRepository } from './mobile-push.repository';
import { SandboxMobilePush, SandboxMobilePushSchema } from './mobile-push.schema';
import { MongoSandboxMobilePushRepository } from './mongo-mobile-push.repository';

/**
 * Everything `SandboxModule` registers for the platform's mobile backend emulator (docs/push.md).
 * Not to be confused with `../push/`, which pushes carrier webhooks to Waybill.
 */
export const MOBILE_PUSH_EMULATOR: { models: ModelDefinition[]; controllers: Type[]; providers: Provider[] } = {
  models: [{ name: SandboxMobilePush.name, schema: SandboxMobilePushSchema }],
  controllers: [MobilePushEmulatorController, MobilePushController],
  providers: [
    { provide: MOBILE_PUSH_EMULATOR_OPTIONS, inject: [SANDBOX_OPTIONS], useFactory: (options: SandboxModuleOptions) => resolveMobilePushEmulatorOptions(options) },
    { provide: SandboxMobilePushRepository, useClass: MongoSandboxMobilePushRepository },
    MobilePushControls,
    MobilePushEmulatorService,
  ],
};
