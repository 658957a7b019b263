import { ForbiddenException, Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { authenticate, roleAllows, type ApiKeyEntry, type ApiRole, type Principal } from './api-keys';
import { IS_PUBLIC } from './public.decorator';
import { ROLES } from './roles.decorator';

export const API_KEY_ENTRIES = Symbol('waybill:api-key-entries');

export type AuthenticatedRequest = Request & { principal?: Principal };

/**
 * Every route needs a valid API key unless marked @Public(); routes name their roles with @Roles().
 * A route with neither is admin-only, so forgetting a decorator fails closed.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(API_KEY_ENTRIES) private readonly entries: readonly ApiKeyEntry[],
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const principal = match ? authenticate(match[1], this.entries) : undefined;
    if (!principal) {
      context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="waybill"');
      throw new UnauthorizedException(match ? 'Invalid API key.' : 'Missing API key: send Authorization: Bearer <key>.');
    }
    const allowed = this.reflector.getAllAndOverride<ApiRole[]>(ROLES, targets) ?? [];
    if (!roleAllows(principal.role, allowed)) {
      throw new ForbiddenException(`Role ${principal.role} may not call this endpoint.`);
    }
    request.principal = principal;
    return true;
  }
}
