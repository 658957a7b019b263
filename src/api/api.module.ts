import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { APP_GUARD, APP_PIPE, Reflector } from '@nestjs/core';
import { ZodValidationPipe } from 'nestjs-zod';
import { ApiKeyGuard, API_KEY_ENTRIES } from '../auth/api-key.guard';
import { parseApiKeys } from '../auth/api-keys';
import type { WaybillConfig } from '../config/config';
import { ConfigModule } from '../config/config.module';
import { HealthModule } from '../health/health.module';
import { OrdersModule } from '../orders/orders.module';
import { PersistenceModule } from '../persistence/persistence.module';
import { SandboxModule } from '../sandbox/sandbox.module';
import { TemporalClientModule } from '../temporal/temporal-client.module';

/** The HTTP API process: control API, health, OpenAPI, and (outside production) the sandbox. */
@Module({})
export class ApiModule {
  static forRoot(config: WaybillConfig): DynamicModule {
    if (!config.apiKeys) throw new Error('WAYBILL_API_KEYS is not set: the API refuses to start without keys.');
    const apiKeys = parseApiKeys(config.apiKeys);
    const sandbox: Array<DynamicModule | Type> = config.sandbox.enabled
      ? [
          SandboxModule.register({
            speed: config.sandbox.speed,
            smtpHost: config.sandbox.smtpHost,
            smtpPort: config.sandbox.smtpPort,
            ups: { clientId: config.carriers.ups?.clientId ?? 'sandbox-ups-client', clientSecret: config.carriers.ups?.clientSecret ?? 'sandbox-ups-secret' },
          }),
        ]
      : [];
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        PersistenceModule.forRoot(config.mongodbUri),
        TemporalClientModule.forRoot(config.temporal),
        HealthModule,
        OrdersModule,
        ...sandbox,
      ],
      providers: [
        { provide: API_KEY_ENTRIES, useValue: apiKeys },
        { provide: APP_GUARD, useFactory: (reflector: Reflector) => new ApiKeyGuard(reflector, apiKeys), inject: [Reflector] },
        { provide: APP_PIPE, useClass: ZodValidationPipe },
      ],
    };
  }
}
