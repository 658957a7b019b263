import type { ModuleMetadata, Provider, Type } from '@nestjs/common';
import { APP_GUARD, APP_PIPE } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test, type TestingModule } from '@nestjs/testing';
import { ZodValidationPipe } from 'nestjs-zod';
import type { App } from 'supertest/types';
import { configureHttpPipeline } from '../../src/api/http-pipeline';
import { configureHttpSecurity } from '../../src/api/http-security';
import { ApiKeyAuthenticator } from '../../src/auth/api-key-authenticator';
import { API_KEY_ENTRIES, ApiKeyGuard } from '../../src/auth/api-key.guard';
import { parseApiKeys, type ApiRole, type Principal } from '../../src/auth/api-keys';

/*
 * The controller specs drive routes over real HTTP through the same guard, pipe and body parsing
 * as the running API, with only the collaborators behind the controller mocked. This builds that
 * app once, so a spec names just its controllers and mocks, and every spec authenticates with the
 * same keys.
 */

/** One key per role, as WAYBILL_API_KEYS would list them. */
export const API_KEYS: Readonly<Record<ApiRole, string>> = {
  platform: 'platform-key-0123456789abcdef',
  support: 'support-key-0123456789abcdef',
  admin: 'admin-key-0123456789abcdef',
};
const ENTRIES = parseApiKeys(`platform:${API_KEYS.platform},support:${API_KEYS.support},admin:${API_KEYS.admin}`);

export const bearer = (role: ApiRole): string => `Bearer ${API_KEYS[role]}`;

/** Who the guard says a role's key is: what a route should record as the actor. */
export function principalOf(role: ApiRole): Principal {
  const entry = ENTRIES.find((e) => e.role === role);
  if (!entry) throw new Error(`No test API key for ${role}`);
  return { role, keyId: entry.keyId };
}

export const keyIdOf = (role: ApiRole): string => principalOf(role).keyId;

export interface ApiTestAppOptions {
  controllers: Type[];
  /** Whole modules, for a feature that brings its own middleware. */
  imports?: ModuleMetadata['imports'];
  /** The controllers' collaborators, real or `{ provide, useValue }` mocks. */
  providers?: Provider[];
}

export interface ApiTestApp {
  app: NestExpressApplication;
  server: App;
  moduleRef: TestingModule;
}

/** Builds and starts the app; the caller closes it. For a spec that needs an app of its own. */
export async function createApiTestApp({ controllers, imports = [], providers = [] }: ApiTestAppOptions): Promise<ApiTestApp> {
  const moduleRef = await Test.createTestingModule({
    imports,
    controllers,
    providers: [
      ...providers,
      // As ApiModule registers them.
      // WAYBILL_API_KEYS only: these specs have no database, so no stored keys (test/integration/api-security has them).
      { provide: API_KEY_ENTRIES, useValue: ENTRIES },
      ApiKeyAuthenticator,
      { provide: APP_GUARD, useClass: ApiKeyGuard },
      { provide: APP_PIPE, useClass: ZodValidationPipe },
    ],
  }).compile();
  // As main.api.ts sets it up: security headers, then Nest's own body parser off and ours (with its limits) on.
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false });
  configureHttpSecurity(app, { trustProxy: false, https: false });
  configureHttpPipeline(app);
  app.disable('x-powered-by');
  await app.init();
  return { app, server: app.getHttpServer(), moduleRef };
}

/**
 * One app for the whole describe block: started in beforeAll and closed in afterAll. Its fields
 * can be read from hooks registered after this call and from tests.
 */
export function useApiTestApp(options: ApiTestAppOptions): ApiTestApp {
  let started: ApiTestApp | undefined;
  const current = (): ApiTestApp => {
    if (!started) throw new Error('The API test app is read before its beforeAll has run');
    return started;
  };
  beforeAll(async () => {
    started = await createApiTestApp(options);
  });
  afterAll(async () => started?.app.close());
  return {
    get app() {
      return current().app;
    },
    get server() {
      return current().server;
    },
    get moduleRef() {
      return current().moduleRef;
    },
  };
}
