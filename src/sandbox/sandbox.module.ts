import { Module, RequestMethod, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { FormBodyMiddleware } from './http/form-body.middleware';
import { MongoSandboxMailRepository } from './mail/mongo-sandbox-mail.repository';
import { SandboxMailRepository } from './mail/sandbox-mail.repository';
import { SandboxMail, SandboxMailSchema } from './mail/sandbox-mail.schema';
import { SandboxMailService } from './mail/sandbox-mail.service';
import { MongoSandboxParcelRepository } from './parcels/mongo-sandbox-parcel.repository';
import { SandboxParcelRepository } from './parcels/sandbox-parcel.repository';
import { SandboxParcel, SandboxParcelSchema } from './parcels/sandbox-parcel.schema';
import { SandboxParcelsService } from './parcels/sandbox-parcels.service';
import { SandboxController } from './sandbox.controller';
import { SANDBOX_CLOCK, SANDBOX_OPTIONS, systemClock, type SandboxModuleOptions } from './sandbox.options';
import { SmtpSink } from './smtp-sink';
import { UPS_EMULATOR_OPTIONS, resolveUpsEmulatorOptions } from './ups/ups-emulator.options';
import { UPS_EMULATOR_PREFIX, UpsEmulatorController } from './ups/ups-emulator.controller';
import { UpsEmulatorService } from './ups/ups-emulator.service';
import { UpsFaultSwitch } from './ups/ups-fault-switch';
import { UpsTokenStore } from './ups/ups-token-store';

function validateOptions(options: SandboxModuleOptions): SandboxModuleOptions {
  if (!Number.isFinite(options.speed) || options.speed <= 0) throw new RangeError('sandbox speed must be positive');
  if (!Number.isInteger(options.smtpPort) || options.smtpPort < 0 || options.smtpPort > 65_535) {
    throw new RangeError('sandbox smtpPort must be 0-65535');
  }
  return options;
}

/**
 * The sandbox: carrier emulators (UPS so far), an SMTP sink and the control API. The app imports it
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
        ]),
      ],
      controllers: [SandboxController, UpsEmulatorController],
      providers: [
        { provide: SANDBOX_OPTIONS, useValue: validateOptions(options) },
        { provide: SANDBOX_CLOCK, useValue: systemClock },
        { provide: UPS_EMULATOR_OPTIONS, useValue: resolveUpsEmulatorOptions(options.ups) },
        { provide: SandboxParcelRepository, useClass: MongoSandboxParcelRepository },
        { provide: SandboxMailRepository, useClass: MongoSandboxMailRepository },
        SandboxParcelsService,
        SandboxMailService,
        SmtpSink,
        UpsTokenStore,
        UpsFaultSwitch,
        UpsEmulatorService,
      ],
      exports: [SandboxParcelsService, SandboxMailService, SmtpSink, UpsFaultSwitch],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(FormBodyMiddleware)
      .forRoutes({ path: `${UPS_EMULATOR_PREFIX}/security/v1/oauth/token`, method: RequestMethod.POST });
  }
}
