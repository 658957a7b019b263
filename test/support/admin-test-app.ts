import type { ModuleMetadata } from '@nestjs/common';
import { APP_GUARD, APP_PIPE } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import { ZodValidationPipe } from 'nestjs-zod';
import type { Response } from 'supertest';
import { AdminModule } from '../../src/admin/admin.module';
import { configureHttpPipeline } from '../../src/api/http-pipeline';
import { configureHttpSecurity } from '../../src/api/http-security';
import { ApiKeyAuthenticator } from '../../src/auth/api-key-authenticator';
import { API_KEY_ENTRIES, ApiKeyGuard } from '../../src/auth/api-key.guard';
import { parseApiKeys } from '../../src/auth/api-keys';
import { loadConfig, type WaybillConfig } from '../../src/config/config';
import { ConfigModule } from '../../src/config/config.module';
import { API_KEYS, type ApiTestApp } from './api-test-app';

/*
 * The dashboard over real HTTP: AdminModule with its middleware (cookies, sessions, the sign-in
 * key hand-over), the real ApiKeyGuard, pipe, security headers and body parsing, and the same keys
 * as the other API specs. The spec brings what AdminModule needs (persistence and Temporal, real
 * or mocked) and may swap providers.
 */

export const ADMIN_TEST_SESSION_SECRET = 'admin-test-session-secret-0123456789abcdef';

export function adminTestConfig(overrides: Record<string, string> = {}): WaybillConfig {
  return loadConfig({ WAYBILL_ENV: 'test', SESSION_SECRET: ADMIN_TEST_SESSION_SECRET, TEMPORAL_UI_URL: 'http://127.0.0.1:8233', ...overrides });
}

export interface AdminTestAppOptions {
  imports?: ModuleMetadata['imports'];
  config?: WaybillConfig;
  /** Swaps providers, e.g. `(b) => b.overrideProvider(X).useValue(mock)`. */
  override?: (builder: TestingModuleBuilder) => TestingModuleBuilder;
}

export async function createAdminTestApp({ imports = [], config = adminTestConfig(), override = (b) => b }: AdminTestAppOptions = {}): Promise<ApiTestApp> {
  const entries = parseApiKeys(`platform:${API_KEYS.platform},support:${API_KEYS.support},admin:${API_KEYS.admin}`);
  const builder = Test.createTestingModule({
    imports: [ConfigModule.forRoot(config), ...imports, AdminModule],
    providers: [
      { provide: API_KEY_ENTRIES, useValue: entries },
      ApiKeyAuthenticator,
      { provide: APP_GUARD, useClass: ApiKeyGuard },
      { provide: APP_PIPE, useClass: ZodValidationPipe },
    ],
  });
  const moduleRef = await override(builder).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false });
  configureHttpSecurity(app, { trustProxy: false, https: false });
  configureHttpPipeline(app);
  app.disable('x-powered-by');
  await app.init();
  return { app, server: app.getHttpServer(), moduleRef };
}

/** The CSRF token a rendered page's forms carry. */
export function csrfTokenIn(response: Response): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(response.text);
  if (!match) throw new Error(`No CSRF token on the page (status ${response.status})`);
  return match[1];
}
