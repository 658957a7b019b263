import type { INestApplication, Provider } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { getModelToken } from '@nestjs/mongoose';
import { Test } from '@nestjs/testing';
import { ZodValidationPipe } from 'nestjs-zod';
import { EscrowIdempotencyRepository } from '../../../../src/sandbox/escrow/escrow-idempotency.repository';
import { SandboxEscrowIdempotencyKey } from '../../../../src/sandbox/escrow/escrow-idempotency.schema';
import { EscrowTransactionRepository } from '../../../../src/sandbox/escrow/escrow-transaction.repository';
import { SandboxEscrowTransaction } from '../../../../src/sandbox/escrow/escrow-transaction.schema';
import { SmsIdempotencyRepository } from '../../../../src/sandbox/sms/sms-idempotency.repository';
import { SandboxSmsIdempotencyKey } from '../../../../src/sandbox/sms/sms-idempotency.schema';
import { SmsMessageRepository } from '../../../../src/sandbox/sms/sms-message.repository';
import { SandboxSmsMessage } from '../../../../src/sandbox/sms/sms-message.schema';
import { InMemorySmsIdempotencyRepository, InMemorySmsMessageRepository } from './in-memory-sms';
import { SandboxMobilePushRepository } from '../../../../src/sandbox/mobile-push/mobile-push.repository';
import { SandboxMobilePush } from '../../../../src/sandbox/mobile-push/mobile-push.schema';
import { InMemorySandboxMobilePushRepository } from './in-memory-mobile-push';
import { PlatformWebhookReceiverRepository } from '../../../../src/sandbox/platform-webhooks/platform-webhook-receiver.repository';
import { SandboxPlatformWebhook } from '../../../../src/sandbox/platform-webhooks/platform-webhook-receiver.schema';
import { InMemoryPlatformWebhookReceiverRepository } from './in-memory-platform-webhook-receiver';
import { SandboxMailRepository } from '../../../../src/sandbox/mail/sandbox-mail.repository';
import { SandboxMail } from '../../../../src/sandbox/mail/sandbox-mail.schema';
import { SandboxParcelRepository } from '../../../../src/sandbox/parcels/sandbox-parcel.repository';
import { SandboxParcel } from '../../../../src/sandbox/parcels/sandbox-parcel.schema';
import { SandboxModule } from '../../../../src/sandbox/sandbox.module';
import {
  SANDBOX_CLOCK,
  type SandboxModuleOptions,
  type SandboxUpsOptions,
} from '../../../../src/sandbox/sandbox.options';
import { FakeClock } from './fake-clock';
import {
  InMemoryEscrowIdempotencyRepository,
  InMemoryEscrowTransactionRepository,
  InMemorySandboxMailRepository,
  InMemorySandboxParcelRepository,
} from './in-memory-repositories';

export const TEST_UPS_CLIENT = { clientId: 'sandbox-ups-client', clientSecret: 'sandbox-ups-secret' };
export const TEST_DHL_API_KEY = 'sandbox-dhl-test-api-key';
export const TEST_FEDEX_CLIENT = { clientId: 'sandbox-fedex-client', clientSecret: 'sandbox-fedex-secret' };
export const TEST_USPS_CLIENT = { clientId: 'sandbox-usps-client', clientSecret: 'sandbox-usps-secret' };
export const TEST_ESCROW_SECRET_KEY = 'sk_test_waybill_unit';
export const TEST_START = new Date('2026-03-02T15:00:00.000Z');

export interface SandboxTestAppOptions {
  ups?: Partial<SandboxUpsOptions>;
  /** Starting limits per carrier, e.g. a low rate limit to see 429s. */
  limits?: SandboxModuleOptions['limits'];
  push?: SandboxModuleOptions['push'];
  speed?: number;
  /** Mirror an app created with `bodyParser: false` (the form middleware must then parse tokens). */
  bodyParser?: boolean;
  /** Register nestjs-zod's pipe globally, as the API module does. */
  globalZodPipe?: boolean;
}

export interface SandboxTestApp {
  app: INestApplication;
  clock: FakeClock;
  parcels: InMemorySandboxParcelRepository;
  mail: InMemorySandboxMailRepository;
  escrow: { transactions: InMemoryEscrowTransactionRepository; keys: InMemoryEscrowIdempotencyRepository };
  sms: { messages: InMemorySmsMessageRepository; keys: InMemorySmsIdempotencyRepository };
  mobilePush: InMemorySandboxMobilePushRepository;
  close(): Promise<void>;
}

/** The real SandboxModule with storage in memory and a hand-moved clock. */
export async function createSandboxTestApp(options: SandboxTestAppOptions = {}): Promise<SandboxTestApp> {
  const clock = new FakeClock(TEST_START);
  const parcels = new InMemorySandboxParcelRepository();
  const mail = new InMemorySandboxMailRepository();
  const escrow = { transactions: new InMemoryEscrowTransactionRepository(), keys: new InMemoryEscrowIdempotencyRepository() };
  const sms = { messages: new InMemorySmsMessageRepository(), keys: new InMemorySmsIdempotencyRepository() };
  const mobilePush = new InMemorySandboxMobilePushRepository();
  const moduleOptions: SandboxModuleOptions = {
    speed: options.speed ?? 2000,
    smtpHost: '127.0.0.1',
    smtpPort: 0,
    ups: { ...TEST_UPS_CLIENT, ...options.ups },
    fedex: TEST_FEDEX_CLIENT,
    dhl: { apiKey: TEST_DHL_API_KEY },
    usps: TEST_USPS_CLIENT,
    escrow: { secretKey: TEST_ESCROW_SECRET_KEY },
    limits: options.limits,
    push: options.push,
  };
  const globalProviders: Provider[] = options.globalZodPipe ? [{ provide: APP_PIPE, useClass: ZodValidationPipe }] : [];
  const moduleRef = await Test.createTestingModule({
    imports: [SandboxModule.register(moduleOptions)],
    providers: globalProviders,
  })
    // No database in unit tests: the models are never used once the repositories are replaced.
    .overrideProvider(getModelToken(SandboxParcel.name))
    .useValue({})
    .overrideProvider(getModelToken(SandboxMail.name))
    .useValue({})
    .overrideProvider(SandboxParcelRepository)
    .useValue(parcels)
    .overrideProvider(SandboxMailRepository)
    .useValue(mail)
    .overrideProvider(getModelToken(SandboxEscrowTransaction.name))
    .useValue({})
    .overrideProvider(getModelToken(SandboxEscrowIdempotencyKey.name))
    .useValue({})
    .overrideProvider(EscrowTransactionRepository)
    .useValue(escrow.transactions)
    .overrideProvider(EscrowIdempotencyRepository)
    .useValue(escrow.keys)
    .overrideProvider(getModelToken(SandboxSmsMessage.name))
    .useValue({})
    .overrideProvider(getModelToken(SandboxSmsIdempotencyKey.name))
    .useValue({})
    .overrideProvider(SmsMessageRepository)
    .useValue(sms.messages)
    .overrideProvider(SmsIdempotencyRepository)
    .useValue(sms.keys)
    .overrideProvider(getModelToken(SandboxMobilePush.name))
    .useValue({})
    .overrideProvider(SandboxMobilePushRepository)
    .useValue(mobilePush)
    .overrideProvider(getModelToken(SandboxPlatformWebhook.name))
    .useValue({})
    .overrideProvider(PlatformWebhookReceiverRepository)
    .useValue(new InMemoryPlatformWebhookReceiverRepository())
    .overrideProvider(SANDBOX_CLOCK)
    .useValue(clock.now)
    .compile();
  const app = moduleRef.createNestApplication({ bodyParser: options.bodyParser ?? true, logger: false });
  await app.init();
  return { app, clock, parcels, mail, escrow, sms, mobilePush, close: () => app.close() };
}
