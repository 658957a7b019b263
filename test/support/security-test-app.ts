import { Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getModelToken } from '@nestjs/mongoose';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Model } from 'mongoose';
import type { App } from 'supertest/types';
import { ApiModule } from '../../src/api/api.module';
import { configureApiApp } from '../../src/api/api-app';
import type { ApiRole } from '../../src/auth/api-keys';
import { loadConfig, type WaybillConfig } from '../../src/config/config';
import { startTestMongo, type TestMongo } from './mongo-server';
import { createLocalDevEnv } from './temporal-test-env';

/*
 * The security suite runs against the API as main.api.ts builds it: ApiModule with every module,
 * guard and limit, configureApiApp's logging, headers and body parsing, on a FerretDB of its own
 * and a real Temporal dev server (no worker: workflows start, nothing runs them). The sandbox is
 * off, as in production.
 */

export const SECURITY_API_KEYS: Readonly<Record<ApiRole, string>> = {
  platform: 'sec_platform_key_0123456789abcdef',
  support: 'sec_support_key_0123456789abcdef',
  admin: 'sec_admin_key_0123456789abcdef',
};

export const bearerOf = (role: ApiRole): string => `Bearer ${SECURITY_API_KEYS[role]}`;

export interface SecurityTestApp {
  app: NestExpressApplication;
  server: App;
  config: WaybillConfig;
  model<T>(name: string): Model<T>;
}

export interface SecurityTestOptions {
  /** Environment over the defaults: where a spec sets tight limits or short caches. */
  env?: Record<string, string>;
  /** Controllers of the spec's own, added beside ApiModule's and under the same global guards. */
  controllers?: Type[];
}

/** Starts FerretDB, Temporal and the app in beforeAll, and stops them in afterAll. */
export function useSecurityTestApp(database: string, { env = {}, controllers = [] }: SecurityTestOptions = {}): SecurityTestApp {
  let mongo: TestMongo | undefined;
  let temporal: TestWorkflowEnvironment | undefined;
  let started: { app: NestExpressApplication; server: App; config: WaybillConfig } | undefined;
  const current = () => {
    if (!started) throw new Error('The security test app is read before its beforeAll has run');
    return started;
  };

  beforeAll(async () => {
    [mongo, temporal] = await Promise.all([startTestMongo(database), createLocalDevEnv()]);
    const config = loadConfig({
      WAYBILL_ENV: 'test',
      MONGODB_URI: mongo.uri,
      TEMPORAL_ADDRESS: temporal.address,
      WAYBILL_API_KEYS: Object.entries(SECURITY_API_KEYS).map(([role, key]) => `${role}:${key}`).join(','),
      SANDBOX_ENABLED: 'false',
      PUBLIC_BASE_URL: 'https://waybill.example.com',
      LOG_LEVEL: 'error',
      ...env,
    });
    @Module({ imports: [ApiModule.forRoot(config)], controllers })
    class SecurityTestModule {}
    const app = await NestFactory.create<NestExpressApplication>(SecurityTestModule, { bodyParser: false, bufferLogs: true });
    configureApiApp(app, config);
    await app.init();
    // listen() would flush what Nest logged while starting; supertest never calls it.
    app.flushLogs();
    await Promise.all(['ApiKey', 'Order'].map((name) => app.get<Model<unknown>>(getModelToken(name)).syncIndexes()));
    started = { app, server: app.getHttpServer() as App, config };
  }, 120_000);

  afterAll(async () => {
    await started?.app.close();
    await Promise.all([temporal?.teardown(), mongo?.stop()]);
  }, 60_000);

  return {
    get app() {
      return current().app;
    },
    get server() {
      return current().server;
    },
    get config() {
      return current().config;
    },
    model: <T>(name: string) => current().app.get<Model<T>>(getModelToken(name)),
  };
}
