import { RequestMethod, type INestApplication, type Type } from '@nestjs/common';
import { GUARDS_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer, Reflector } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ACCEPTS_SESSION } from '../../src/auth/accepts-session.decorator';
import type { ApiRole } from '../../src/auth/api-keys';
import { CustomerTokenGuard } from '../../src/auth/customer-token.guard';
import { IS_PUBLIC } from '../../src/auth/public.decorator';
import { ROLES } from '../../src/auth/roles.decorator';

/** A route as the app declares it, with what its decorators say about access. */
export interface DeclaredRoute {
  method: string;
  /** Express pattern: `/v1/orders/:orderId`. */
  path: string;
  /** `OrdersController.get`, for messages. */
  name: string;
  isPublic: boolean;
  /** @Roles(), or undefined when the route names none (then only admin may call it). */
  roles: ApiRole[] | undefined;
  customerToken: boolean;
  acceptsSession: boolean;
}

const joinPath = (...parts: string[]): string => `/${parts.map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')}`;
const asList = (value: unknown): string[] => (Array.isArray(value) ? value : [value ?? '']).map(String);

/** Every route of every controller Nest registered, read from the controllers' own metadata. */
export function declaredRoutes(app: INestApplication): DeclaredRoute[] {
  const reflector = app.get(Reflector);
  const routes: DeclaredRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | null;
      if (!controller) continue;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler: unknown = controller.prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const paths: unknown = Reflect.getMetadata(PATH_METADATA, handler);
        const method: unknown = Reflect.getMetadata(METHOD_METADATA, handler);
        if (paths === undefined || method === undefined) continue;
        const targets = [handler, controller];
        const guards = [...((Reflect.getMetadata(GUARDS_METADATA, handler) as unknown[]) ?? []), ...((Reflect.getMetadata(GUARDS_METADATA, controller) as unknown[]) ?? [])];
        for (const base of asList(Reflect.getMetadata(PATH_METADATA, controller))) {
          for (const path of asList(paths)) {
            routes.push({
              method: RequestMethod[method as RequestMethod],
              path: joinPath(base, path),
              name: `${controller.name}.${name}`,
              isPublic: reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) === true,
              roles: reflector.getAllAndOverride<ApiRole[]>(ROLES, targets),
              customerToken: guards.includes(CustomerTokenGuard),
              acceptsSession: reflector.getAllAndOverride<boolean>(ACCEPTS_SESSION, targets) === true,
            });
          }
        }
      }
    }
  }
  return routes;
}

interface ExpressLayer {
  route?: { path: unknown; methods: Record<string, boolean> };
}

/**
 * Every route the HTTP server itself answers, Nest's or not, as `METHOD /pattern`. Nest mounts
 * module middleware as routes for every method at once; those pass requests on rather than
 * answer them, and are left out.
 */
export function serverRoutes(app: NestExpressApplication): string[] {
  const express = app.getHttpAdapter().getInstance() as { router: { stack: ExpressLayer[] } };
  return express.router.stack.flatMap((layer) => {
    const methods = Object.keys(layer.route?.methods ?? {});
    if (!layer.route || methods.length !== 1) return [];
    return asList(layer.route.path).map((path) => `${methods[0].toUpperCase()} ${path}`);
  });
}
