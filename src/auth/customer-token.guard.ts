import { Injectable, Logger, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CustomerTokenError, CustomerTokenService, type CustomerTokenClaims } from './customer-tokens';

/** The route parameter customer routes carry their token in: `/v1/track/:token/...`. */
export const CUSTOMER_TOKEN_PARAM = 'token';

export type CustomerRequest = Request & { customer?: CustomerTokenClaims };

/**
 * Lets a request through when its `:token` parameter is a valid customer token, and attaches what
 * it grants (`request.customer`). Customer routes are @Public() for ApiKeyGuard and carry this guard
 * instead; use the CustomerTokenRoute() decorator, which applies both. Every refusal is the same
 * 401 apart from "expired", which only an authentic token can earn, and the token is never logged.
 */
@Injectable()
export class CustomerTokenGuard implements CanActivate {
  private readonly logger = new Logger(CustomerTokenGuard.name);

  constructor(private readonly tokens: CustomerTokenService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<CustomerRequest>();
    const token = request.params?.[CUSTOMER_TOKEN_PARAM];
    if (typeof token !== 'string') throw new Error(`CustomerTokenGuard used on a route without a :${CUSTOMER_TOKEN_PARAM} parameter`);
    try {
      request.customer = await this.tokens.verify(token);
      return true;
    } catch (err) {
      if (!(err instanceof CustomerTokenError)) throw err;
      this.logger.debug(`Customer token refused (${err.reason})`);
      context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="waybill-customer", error="invalid_token"');
      throw new UnauthorizedException(err.reason === 'expired' ? 'This link has expired.' : 'This link is not valid.');
    }
  }
}
