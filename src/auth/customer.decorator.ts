import { applyDecorators, createParamDecorator, UseGuards, type ExecutionContext } from '@nestjs/common';
import { ApiParam, ApiResponse } from '@nestjs/swagger';
import { CUSTOMER_TOKEN_PARAM, CustomerTokenGuard, type CustomerRequest } from './customer-token.guard';
import type { CustomerTokenClaims } from './customer-tokens';
import { Public } from './public.decorator';

/**
 * Marks a customer route (`/v1/track/:token/...`): no API key, a customer token instead, documented
 * as such in OpenAPI. On a controller it covers every route, which must all carry `:token`.
 */
export const CustomerTokenRoute = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    Public(),
    UseGuards(CustomerTokenGuard),
    ApiParam({ name: CUSTOMER_TOKEN_PARAM, description: 'The customer token from POST /v1/orders/{orderId}/customer-token.' }),
    ApiResponse({ status: 401, description: 'The token is missing, forged, for another audience, or expired.' }),
  );

/** The order the customer token grants, set by CustomerTokenGuard: `{ orderId, tokenId }`. */
export const CurrentCustomer = createParamDecorator((_data: unknown, context: ExecutionContext): CustomerTokenClaims => {
  const customer = context.switchToHttp().getRequest<CustomerRequest>().customer;
  if (!customer) throw new Error('CurrentCustomer used on a route without CustomerTokenGuard');
  return customer;
});
