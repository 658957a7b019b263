import { Module, RequestMethod, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { FormBodyMiddleware } from './http/form-body.middleware';
import { MongoSandboxMailRepository } from './mail/mongo-sandbox-mail.repository';
import { SandboxMailRepository } from './mail/sandbox-mail.repository';
import { SandboxMail, SandboxMailSchema } from './mail/sandbox-mail.schema';
import { SandboxMailService } from './mail/sandbox-mail.service';
import { SmtpSinkControls } from './mail/smtp-sink-controls';
import { SmtpSinkControlsController } from './mail/smtp-sink-controls.controller';
import { MongoSandboxParcelRepository } from './parcels/mongo-sandbox-parcel.repository';
import { SandboxParcelRepository } from './parcels/sandbox-parcel.repository';
import { SandboxParcel, SandboxParcelSchema } from './parcels/sandbox-parcel.schema';
import { SandboxParcelsService } from './parcels/sandbox-parcels.service';
import { SandboxController } from './sandbox.controller';
import { SANDBOX_CLOCK, SANDBOX_OPTIONS, systemClock, type SandboxModuleOptions } from './sandbox.options';
import { SmtpSink } from './smtp-sink';
import { CARRIER_EMULATORS } from './carrier-emulators';
import { CarrierControls } from './controls/carrier-controls';
import { CarrierControlsController } from './controls/carrier-controls.controller';
import { PushDispatcher } from './push/push-dispatcher';
import { ESCROW_EMULATOR } from './escrow/escrow-emulator';
import { PLATFORM_WEBHOOK_RECEIVER } from './platform-webhooks/platform-webhook-receiver';
import { SMS_EMULATOR } from './sms/sms-emulator';
import { MOBILE_PUSH_EMULATOR } from './mobile-push/mobile-push-emulator';

function validateOptions(options: SandboxModuleOptions): SandboxModuleOptions {
  if (!Number.isFinite(options.speed) || options.speed <= 0) throw new RangeError('sandbox speed must be positive');
  if (!Number.isInteger(options.smtpPort) || options.smtpPort < 0 || options.smtpPort > 65_535) {
    throw new RangeError('sandbox smtpPort must be 0-65535');
  }
  return options;
}

function carrierControls(options: SandboxModuleOptions): CarrierControls {
  const controls = new CarrierControls();
  for (const { carrier, defaultLimits } of CARRIER_EMULATORS) {
    controls.initialise(carrier, { ...defaultLimits, ...options.limits?.[carrier] });
  }
  return controls;
}

/**
 * The sandbox: one emulator per carrier, an escrow provider, an SMTP sink and the control API. The app imports it
 * only when the sandbox is enabled and provides the MongoDB connection (`MongooseModule.forRoot`).
 */
@Module({})
export class SandboxModule implements NestModule {
  static register(options: SandboxModuleOptions): DynamicModule {
    return {
      module: SandboxModule,
      imports: [
        MongooseModule.forFeature([
          { name: SandboxParcel.name, schema: SandboxParcelSchema },
          { name: SandboxMail.name, schema: SandboxMailSchema },
          ...ESCROW_EMULATOR.models,
          ...PLATFORM_WEBHOOK_RECEIVER.models,
          ...SMS_EMULATOR.models,
          ...MOBILE_PUSH_EMULATOR.models,
        ]),
      ],
      controllers: [SandboxController, CarrierControlsController, SmtpSinkControlsController, ...CARRIER_EMULATORS.flatMap((e) => e.controllers), ...ESCROW_EMULATOR.controllers, ...PLATFORM_WEBHOOK_RECEIVER.controllers, ...SMS_EMULATOR.controllers, ...MOBILE_PUSH_EMULATOR.controllers],
      providers: [
        { provide: SANDBOX_OPTIONS, useValue: validateOptions(options) },
        { provide: SANDBOX_CLOCK, useValue: systemClock },
        { provide: CarrierControls, useFactory: () => carrierControls(options) },
        { provide: SandboxParcelRepository, useClass: MongoSandboxParcelRepository },
        { provide: SandboxMailRepository, useClass: MongoSandboxMailRepository },
        SandboxParcelsService,
        SandboxMailService,
        PushDispatcher,
        SmtpSinkControls,
        SmtpSink,
        ...CARRIER_EMULATORS.flatMap((e) => e.providers),
        ...ESCROW_EMULATOR.providers,
        ...PLATFORM_WEBHOOK_RECEIVER.providers,
        ...SMS_EMULATOR.providers,
        ...MOBILE_PUSH_EMULATOR.providers,
      ],
      exports: [SandboxParcelsService, SandboxMailService, SmtpSink, CarrierControls, PushDispatcher],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    const formRoutes = [...CARRIER_EMULATORS.flatMap((e) => e.formBodyRoutes), ...SMS_EMULATOR.formBodyRoutes].map((path) => ({ path, method: RequestMethod.POST }));
    consumer.apply(FormBodyMiddleware).forRoutes(...formRoutes);
  }
}
