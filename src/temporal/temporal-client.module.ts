import { Global, Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
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
 * still coming up, and readiness reports it instead.
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
          inject: [TEMPORAL_CONNECTION],
          useFactory: async (connection: Connection) =>
            new Client({ connection, namespace: options.namespace, dataConverter: await waybillDataConverter(options.payloadEncryptionKeys) }),
        },
        TemporalConnectionCloser,
      ],
      exports: [TEMPORAL_CLIENT],
    };
  }
}
