import { Global, Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { WaybillConfig } from '../config/config';
import { Tracing } from './tracing';

export const TRACING = Symbol('waybill:tracing');

@Injectable()
class TracingShutdown implements OnApplicationShutdown {
  constructor(@Inject(TRACING) private readonly tracing: Tracing) {}

  /** After the Temporal connections closed (Nest shuts providers down in reverse), so their last spans go out. */
  async onApplicationShutdown(): Promise<void> {
    await this.tracing.shutdown();
  }
}

/**
 * The process's OpenTelemetry tracing (tracing.ts), on when OTEL_EXPORTER_OTLP_ENDPOINT is set. The
 * Temporal client, the worker and the API's request spans take it from here.
 */
@Global()
@Module({})
export class TracingModule {
  static forRoot(service: 'api' | 'worker', config: WaybillConfig['tracing']): DynamicModule {
    return {
      module: TracingModule,
      providers: [
        { provide: TRACING, useFactory: () => new Tracing({ serviceName: config.serviceName ?? `waybill-${service}`, otlpEndpoint: config.otlpEndpoint }) },
        TracingShutdown,
      ],
      exports: [TRACING],
    };
  }
}
