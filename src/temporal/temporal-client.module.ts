import { Global, Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { workflowClientInterceptors } from '../tracing/client-interceptors';
import type { Tracing } from '../tracing/tracing';
import { TRACING } from '../tracing/tracing.module';
import { waybillDataConverter } from './payload-encryption/data-converter';

export const TEMPORAL_CLIENT = Symbol('waybill:temporal-client');
const TEMPORAL_CONNECTION = Symbol('waybill:temporal-connection');

export interface TemporalClientOptions {
  address: string;
  namespace: string;
  /** The data converter's key ring: the client encrypts what it sends and decrypts what it reads. */
  payloadEncryptionKeys: string;
}

@Injectable()
class TemporalConnectionCloser implements OnApplicationShutdown {
  constructor(@Inject(TEMPORAL_CONNECTION) private readonly connection: Connection) {}

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}

/**
 * One lazy Temporal connection and client per process. Lazy, so the API starts while Temporal is
 * still coming up, and readiness reports it instead. Its interceptors send the request's
 * correlation ID and, with tracing on, its trace context to the workflows (docs/observability.md).
 */
@Global()
@Module({})
export class TemporalClientModule {
  static forRoot(options: TemporalClientOptions): DynamicModule {
    return {
      module: TemporalClientModule,
      providers: [
        { provide: TEMPORAL_CONNECTION, useFactory: () => Connection.lazy({ address: options.address }) },
        {
          provide: TEMPORAL_CLIENT,
          inject: [TEMPORAL_CONNECTION, { token: TRACING, optional: true }],
          useFactory: async (connection: Connection, tracing?: Tracing) =>
            new Client({
              connection,
              namespace: options.namespace,
              dataConverter: await waybillDataConverter(options.payloadEncryptionKeys),
              interceptors: { workflow: workflowClientInterceptors(tracing?.enabled ?? false) },
            }),
        },
        TemporalConnectionCloser,
      ],
      exports: [TEMPORAL_CLIENT],
    };
  }
}
