import type { Provider, Type } from '@nestjs/common';
import type { ModelDefinition } from '@nestjs/mongoose';
import { SANDBOX_PLATFORM_WEBHOOK_SECRET } from '../../config/config';
import { MongoPlatformWebhookReceiverRepository } from './mongo-platform-webhook-receiver.repository';
import { PlatformWebhookReceiverControls } from './platform-webhook-receiver-controls';
import { PlatformWebhookReceiverController } from './platform-webhook-receiver.controller';
import { PlatformWebhookReceiverRepository } from './platform-webhook-receiver.repository';
import { SandboxPlatformWebhook, SandboxPlatformWebhookSchema } from './platform-webhook-receiver.schema';
import { PLATFORM_WEBHOOK_RECEIVER_SECRET, PlatformWebhookReceiverService } from './platform-webhook-receiver.service';

/** Everything `SandboxModule` registers for the sandbox platform's status webhook receiver. */
export const PLATFORM_WEBHOOK_RECEIVER: { models: ModelDefinition[]; controllers: Type[]; providers: Provider[] } = {
  models: [{ name: SandboxPlatformWebhook.name, schema: SandboxPlatformWebhookSchema }],
  controllers: [PlatformWebhookReceiverController],
  providers: [
    { provide: PLATFORM_WEBHOOK_RECEIVER_SECRET, useValue: SANDBOX_PLATFORM_WEBHOOK_SECRET },
    { provide: PlatformWebhookReceiverRepository, useClass: MongoPlatformWebhookReceiverRepository },
    PlatformWebhookReceiverControls,
    PlatformWebhookReceiverService,
  ],
};
