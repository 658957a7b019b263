import { Module, RequestMethod, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { payloadCodecFor } from '../temporal/payload-encryption/data-converter';
import { CodecRequestGate } from './codec-request-gate.middleware';
import { CodecController } from './codec.controller';
import { CODEC_OPTIONS, CODEC_PATH, PAYLOAD_CODEC, type CodecModuleOptions } from './codec.options';
import { CodecService } from './codec.service';

/** The codec endpoint for the Temporal UI and CLI, with the same key ring as the worker's data converter. */
@Module({})
export class CodecModule implements NestModule {
  static register(options: CodecModuleOptions): DynamicModule {
    return {
      module: CodecModule,
      controllers: [CodecController],
      providers: [
        { provide: CODEC_OPTIONS, useValue: options },
        { provide: PAYLOAD_CODEC, useFactory: () => payloadCodecFor(options.payloadEncryptionKeys) },
        CodecService,
        CodecRequestGate,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    // Every method, so preflights (OPTIONS, which has no route) reach the gate too.
    consumer.apply(CodecRequestGate).forRoutes(...['encode', 'decode'].map((action) => ({ path: `${CODEC_PATH.slice(1)}/${action}`, method: RequestMethod.ALL })));
  }
}
