import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { ZodValidationPipe } from 'nestjs-zod';
import { AdminModule } from '../admin/admin.module';
import { AlertsModule } from '../alerts/alerts.module';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { parseApiKeys, STORED_KEY_PREFIXES } from '../auth/api-keys';
import type { WaybillConfig } from '../config/config';
import { ConfigModule } from '../config/config.module';
import { CodecModule } from '../codec/codec.module';
import { codecOptions } from '../codec/codec.options';
import { CustomerModule } from '../customer/customer.module';
import { HealthModule } from '../health/health.module';
import { LoggingModule } from '../logging/logging.module';
import { MetricsModule } from '../metrics/metrics.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { OrdersModule } from '../orders/orders.module';
import { DatabaseUnavailableFilter } from '../persistence/database-unavailable.filter';
import { PersistenceModule } from '../persistence/persistence.module';
import { PlatformWebhooksModule } from '../platform-webhooks/platform-webhooks.module';
import { SandboxModule } from '../sandbox/sandbox.module';
import type { SandboxModuleOptions } from '../sandbox/sandbox.options';
import { TemporalClientModule } from '../temporal/temporal-client.module';
import { TrackingModule } from '../tracking/tracking.module';
import { TracingModule } from '../tracing/tracing.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { rateLimitOptions } from './rate-limits';

/**
 * The sandbox accepts the same credentials Waybill's adapters are configured with (in development
 * both default to the sandbox values), and signs its pushes with the secrets Waybill verifies.
 */
function sandboxOptions(config: WaybillConfig): SandboxModuleOptions {
  const { carriers, webhooks, sandbox } = config;
  return {
    speed: sandbox.speed,
    smtpHost: sandbox.smtpHost,
    smtpPort: sandbox.smtpPort,
    ups: { clientId: carriers.ups?.clientId ?? 'sandbox-ups-client', clientSecret: carriers.ups?.clientSecret ?? 'sandbox-ups-secret' },
    fedex: carriers.fedex && { clientId: carriers.fedex.clientId, clientSecret: carriers.fedex.clientSecret },
    dhl: carriers.dhl && { apiKey: carriers.dhl.apiKey },
    usps: carriers.usps && { clientId: carriers.usps.clientId, clientSecret: carriers.usps.clientSecret },
    escrow: config.escrow && { secretKey: config.escrow.secretKey },
    // Development pointed at the emulators with credentials of its own: the emulators accept those.
    sms: config.sms?.baseUrl.startsWith(`${config.publicBaseUrl}/sandbox/`) ? { accountSid: config.sms.accountSid, authToken: config.sms.authToken } : undefined,
    mobilePush: config.pushNotifications?.endpointUrl.startsWith(`${config.publicBaseUrl}/sandbox/`)
      ? { signingSecret: config.pushNotifications.signingSecret }
      : undefined,
    // Sandbox time runs thousands of times faster than the clock these limits count in (DHL 1 call
    // a second and 250 a day, USPS 60 an hour): kept, they would starve every demo. The real limits
    // are each emulator's defaults; set them again with PATCH /sandbox/carriers/{carrier}.
    limits: { dhl: { rateLimit: { calls: 10, windowMs: 1_000 }, quota: null }, usps: { quota: null } },
    push:
      sandbox.push.enabled && webhooks.upsCredential && webhooks.fedexSecret && webhooks.dhl.token && webhooks.uspsSecret
        ? {
            targetUrl: sandbox.push.targetUrl,
            secrets: {
              upsCredential: webhooks.upsCredential,
              fedexSecret: webhooks.fedexSecret,
              dhl: { header: webhooks.dhl.header, token: webhooks.dhl.token },
              uspsSecret: webhooks.uspsSecret,
            },
          }
        : undefined,
  };
}

/** The HTTP API process: control API, health, OpenAPI, and (outside production) the sandbox. */
@Module({})
export class ApiModule {
  static forRoot(config: WaybillConfig): DynamicModule {
    if (!config.apiKeys) throw new Error('WAYBILL_API_KEYS is not set: the API refuses to start without keys.');
    const apiKeys = parseApiKeys(config.apiKeys);
    const sandbox: Array<DynamicModule | Type> = config.sandbox.enabled ? [SandboxModule.register(sandboxOptions(config))] : [];
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot('api', config.logLevel),
        TracingModule.forRoot('api', config.tracing),
        PersistenceModule.forRoot(config.mongodbUri),
        ApiKeysModule.forRoot({
          environmentKeys: apiKeys,
          cacheTtlMs: config.security.apiKeyCacheTtlMs,
          keyPrefix: config.env === 'production' ? STORED_KEY_PREFIXES.production : STORED_KEY_PREFIXES.other,
        }),
        ThrottlerModule.forRoot(rateLimitOptions(config.security.rateLimits)),
        TemporalClientModule.forRoot(config.temporal),
        HealthModule,
        MetricsModule.forApi(config),
        OrdersModule,
        CustomerModule,
        TrackingModule,
        AlertsModule,
        NotificationsModule,
        PlatformWebhooksModule,
        WebhooksModule,
        CodecModule.register(codecOptions(config)),
        AdminModule,
        ...sandbox,
      ],
      providers: [
        // In this order: authentication first, so limits on authenticated routes count per key.
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_GUARD, useClass: ThrottlerGuard },
        { provide: APP_PIPE, useClass: ZodValidationPipe },
        // MongoDB down answers 503 with Retry-After, not 500 (docs/reliability.md).
        { provide: APP_FILTER, useClass: DatabaseUnavailableFilter },
      ],
    };
  }
}
