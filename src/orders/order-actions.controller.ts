import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../auth/api-keys';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { Roles } from '../auth/roles.decorator';
import { EscrowOverrideDto, ExtendDeadlineDto, MarkShipmentDeliveredDto, ResolveDisputeDto, type ExtendDeadlineBody } from './order-actions.dto';
import { OrderActionsService } from './order-actions.service';
import { OrderIdParamDto, OrderShipmentParamDto } from './orders.dto';
import type { OrderDetail } from './orders.responses';

const ERRORS = [
  ApiResponse({ status: 400, description: 'Invalid input (unknown field, bad date, oversized note); nothing was changed.' }),
  ApiResponse({ status: 401, description: 'Missing or invalid API key.' }),
  ApiResponse({ status: 403, description: 'Only an admin key may take this action (`ActionNotAllowed` when the workflow refuses it).' }),
  ApiResponse({ status: 404, description: 'Unknown order.' }),
  ApiResponse({ status: 503, description: 'Temporal or the workflow did not answer in time; retry.' }),
];

const withErrors = (): MethodDecorator => (target, key, descriptor) => {
  for (const decorate of ERRORS) decorate(target, key, descriptor);
};

/**
 * Admin actions on an order's lifecycle. Every route is admin-only; the workflow checks the role
 * again (ActionNotAllowed, 403) and records the key's ID in the order's history.
 * Each answers 200 with the order as the action left it, or the workflow's refusal as
 * `{ statusCode, error: <rejection type>, message }`.
 */
@ApiTags('orders')
@ApiBearerAuth()
@Controller('v1/orders/:orderId')
@Roles('admin')
export class OrderActionsController {
  constructor(private readonly actions: OrderActionsService) {}

  @Post('dispute/resolve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Admin: end the customer’s dispute, or decide an order whose parcels did not all arrive, by releasing or refunding the escrow.' })
  @ApiResponse({ status: 200, description: 'Resolved; the escrow is being released or refunded.' })
  @ApiResponse({
    status: 409,
    description: 'Nothing to resolve (`NothingToResolve`), release without any delivered parcel (`DeliveryNotVerified`), a settlement under way (`EscrowSettlementInProgress`), or the order is closed (`OrderClosed`).',
  })
  @withErrors()
  resolveDispute(
    @Param() { orderId }: OrderIdParamDto,
    @Body() body: ResolveDisputeDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<OrderDetail> {
    return this.actions.resolveDispute(orderId, body, principal);
  }

  @Post('shipments/:shipmentId/mark-delivered')
  @HttpCode(200)
  @ApiOperation({ summary: 'Admin: mark a parcel delivered with proof, whatever the carrier says. Idempotent per parcel.' })
  @ApiResponse({ status: 200, description: 'The parcel counts as delivered and confirmed; its tracking stops.' })
  @ApiResponse({ status: 404, description: 'Unknown order, or the order has no such shipment (`UnknownShipment`).' })
  @ApiResponse({ status: 409, description: 'The order is cancelled (`OrderCancelled`) or closed (`OrderClosed`).' })
  @withErrors()
  markShipmentDelivered(
    @Param() { orderId, shipmentId }: OrderShipmentParamDto,
    @Body() body: MarkShipmentDeliveredDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<OrderDetail> {
    return this.actions.markShipmentDelivered(orderId, shipmentId, body, principal);
  }

  @Post('deadlines')
  @HttpCode(200)
  @ApiOperation({ summary: 'Admin: move the promised delivery day, or the end of the dispute window, later.' })
  @ApiBody({ type: ExtendDeadlineDto })
  @ApiResponse({ status: 200, description: 'Extended; the workflow’s timers follow.' })
  @ApiResponse({ status: 409, description: 'The order is cancelled or closed, or a settlement is under way.' })
  @ApiResponse({ status: 422, description: 'Not a later deadline than the current one, or no dispute window is running (`InvalidDeadline`).' })
  @withErrors()
  extendDeadline(
    @Param() { orderId }: OrderIdParamDto,
    @Body() body: ExtendDeadlineDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<OrderDetail> {
    // Validated by the global pipe against ExtendDeadlineSchema, a union the class cannot type.
    return this.actions.extendDeadline(orderId, body as ExtendDeadlineBody, principal);
  }

  @Post('escrow/hold')
  @HttpCode(200)
  @ApiOperation({ summary: 'Admin: stop automatic release of the escrow; from now on only an admin releases. Idempotent.' })
  @ApiResponse({ status: 200, description: 'Held.' })
  @ApiResponse({ status: 409, description: 'Nothing is held (`EscrowNotHeld`), a settlement is under way, or the order is closed.' })
  @withErrors()
  holdEscrow(@Param() { orderId }: OrderIdParamDto, @Body() body: EscrowOverrideDto, @CurrentPrincipal() principal: Principal): Promise<OrderDetail> {
    return this.actions.holdEscrow(orderId, body, principal);
  }

  @Post('escrow/release')
  @HttpCode(200)
  @ApiOperation({ summary: 'Admin: release the escrow now; only once delivery is verified.' })
  @ApiResponse({ status: 200, description: 'Release handed to the escrow provider.' })
  @ApiResponse({
    status: 409,
    description: 'Nothing is held (`EscrowNotHeld`; a disputed escrow is resolved instead), delivery not verified (`DeliveryNotVerified`), a settlement under way, or the order is closed.',
  })
  @withErrors()
  releaseEscrow(
    @Param() { orderId }: OrderIdParamDto,
    @Body() body: EscrowOverrideDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<OrderDetail> {
    return this.actions.releaseEscrow(orderId, body, principal);
  }
}
