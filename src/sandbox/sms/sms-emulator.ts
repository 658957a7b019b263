import type { Provider, Type } from '@nestjs/common';
import type { ModelDefinition } from '@nestjs/mongoose';
import { SANDBOX_OPTIONS, type SandboxModuleOptions } from '../sandbox.options';
import { MongoSmsIdempotencyRepository } from './mongo-sms-idempotency.repository';
import { MongoSmsMessageRepository } from './mongo-sms-message.repository';
import { SmsControls } from './sms-controls';
import { SmsControlsController } from './sms-controls.controller';
import { SMS_EMULATOR_MESSAGES_ROUTE, SmsEmulatorController } from './sms-emulator.controller';
import { SMS_EMULATOR_OPTIONS, resolveSmsEmulatorOptions } from './sms-emulator.options';
import { SmsEmulatorService } from './sms-emulator.service';
import { SmsIdempotencyRepository } from './sms-idempotency.repository';
import { SandboxSmsIdempotencyKey, SandboxSmsIdempotencyKeySchema } from './sms-idempotency.schema';
import { SmsMessageRepository } from './sms-message.repository';
import { SandboxSmsMessage, SandboxSmsMessageSchema } from './sms-message.schema';

/** Everything `SandboxModule` registers for the Twilio-compatible SMS emulator. */
export const SMS_EMULATOR: { models: ModelDefinition[]; controllers: Type[]; providers: Provider[]; formBodyRoutes: string[] } = {
  models: [
    { name: SandboxSmsMessage.name, schema: SandboxSmsMessageSchema },
    { name: SandboxSmsIdempotencyKey.name, schema: SandboxSmsIdempotencyKeySchema },
  ],
  controllers: [SmsEmulatorController, SmsControlsController],
  providers: [
    { provide: SMS_EMULATOR_OPTIONS, inject: [SANDBOX_OPTIONS], useFactory: (options: SandboxModuleOptions) => resolveSmsEmulatorOptions(options) },
    { provide: SmsMessageRepository, useClass: MongoSmsMessageRepository },
    { provide: SmsIdempotencyRepository, useClass: MongoSmsIdempotencyRepository },
    SmsControls,
    SmsEmulatorService,
  ],
  formBodyRoutes: [SMS_EMULATOR_MESSAGES_ROUTE],
};
