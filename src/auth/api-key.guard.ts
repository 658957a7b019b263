import { ForbiddenException, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { ACCEPTS_SESSION } from './accepts-session.decorator';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import { roleAllows, type ApiRole, type Principal } from './api-keys';
import { IS_PUBLIC } from './public.decorator';
import { ROLES } from './roles.decorator';
import { sessionPrincipal } from './session-cookie';

export { API_KEY_ENTRIES } from './api-key-authenticator';

export type AuthenticatedRequest = Request & { principal?: Principal };

/**
 * Every route needs a valid API key unless marked @Public(); routes name their roles with @Roles().
 * A route with neither is admin-only, so forgetting a decorator fails closed.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: ApiKeyAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const principal = match ? await this.authenticator.authenticate(match[1]) : await this.signedInSession(request, context);
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

  /**
   * A dashboard session (verified by SessionMiddleware) stands in for a key only on @AcceptsSession()
   * routes and only when no Authorization header was sent, and only while the key it was signed in
   * with is still valid; the same role rules apply to it.
   */
  private async signedInSession(request: AuthenticatedRequest, context: ExecutionContext): Promise<Principal | undefined> {
    if (request.headers.authorization !== undefined) return undefined;
    if (!this.reflector.getAllAndOverride<boolean>(ACCEPTS_SESSION, [context.getHandler(), context.getClass()])) return undefined;
    const principal = sessionPrincipal(request);
    return principal && (await this.authenticator.isActive(principal.keyId)) ? principal : undefined;
  }
}
