import { Body, Controller, Inject, Logger, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../auth/api-keys';
import { CustomerTokenService } from '../auth/customer-tokens';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { Roles } from '../auth/roles.decorator';
import type { WaybillConfig } from '../config/config';
import { WAYBILL_CONFIG } from '../config/config.module';
import { OrderIdParamDto } from '../orders/orders.dto';
import { IssueCustomerTokenDto, type CustomerTokenResponse } from './customer-token.dto';
import { OrderLookup } from './order-lookup';

@ApiTags('customer')
@ApiBearerAuth()
@Controller('v1/orders')
export class CustomerTokenController {
  private readonly logger = new Logger(CustomerTokenController.name);

  constructor(
    private readonly tokens: CustomerTokenService,
    private readonly orders: OrderLookup,
    @Inject(WAYBILL_CONFIG) private readonly config: WaybillConfig,
  ) {}

  @Post(':orderId/customer-token')
  @Roles('platform', 'support')
  @ApiOperation({ summary: 'A signed token, and tracking link, that lets the customer act on this order and no other.' })
  @ApiResponse({ status: 201, description: 'Token issued. Each call issues a new one; earlier ones stay valid until they expire.' })
  @ApiResponse({ status: 400, description: 'Invalid input.' })
  @ApiResponse({ status: 401, description: 'Missing or invalid API key.' })
  @ApiResponse({ status: 403, description: 'The key’s role may not call this endpoint.' })
  @ApiResponse({ status: 404, description: 'Unknown order.' })
  async issue(
    @Param() { orderId }: OrderIdParamDto,
    @Body() body: IssueCustomerTokenDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CustomerTokenResponse> {
    if (!(await this.orders.exists(orderId))) throw new NotFoundException(`Order ${orderId} not found.`);
    const { token, expiresAt } = await this.tokens.issue(orderId, { ttlMs: body.ttlMs });
    // The token is a credential: it is answered, never logged.
    this.logger.log(`Customer token issued for order ${orderId} by ${principal.keyId}, expiring ${expiresAt.toISOString()}`);
    return { token, expiresAt: expiresAt.toISOString(), trackingUrl: `${this.config.publicBaseUrl}/t/${token}` };
  }
}
