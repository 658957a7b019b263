import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../auth/api-keys';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { Roles } from '../auth/roles.decorator';
import { NoBodyDto } from '../api/no-body.dto';
import { ResendNotificationDto } from './order-actions.dto';
import { OrderActionsService, type ShipmentRefresh } from './order-actions.service';
import { OrderIdParamDto, OrderShipmentParamDto } from './orders.dto';
import type { OrderDetail } from './orders.responses';

/**
 * What support may do for a customer on the phone: make Waybill ask the carrier now, and send a
 * message the customer says never arrived once more. Admins may too. Neither moves money or status.
 */
@ApiTags('orders')
@ApiBearerAuth()
@Controller('v1/orders/:orderId')
@Roles('support')
export class SupportActionsController {
  constructor(private readonly actions: OrderActionsService) {}

  @Post('shipments/:shipmentId/refresh')
  @HttpCode(202)
  @ApiOperation({ summary: 'Support: poll the parcel’s carrier now instead of at the next scheduled poll.' })
  @ApiResponse({ status: 202, description: 'The parcel’s workflow will ask the carrier at once; news shows up in the order as usual.' })
  @ApiResponse({ status: 400, description: 'A body other than none or `{}`.' })
  @ApiResponse({ status: 401, description: 'Missing or invalid API key.' })
  @ApiResponse({ status: 403, description: 'A platform key may not ask for this.' })
  @ApiResponse({ status: 404, description: 'Unknown order, or the order has no such shipment (`UnknownShipment`).' })
  @ApiResponse({ status: 409, description: 'The parcel reached a final state and is no longer followed (`ShipmentClosed`).' })
  refresh(@Param() { orderId, shipmentId }: OrderShipmentParamDto, @Body() _body: NoBodyDto, @CurrentPrincipal() principal: Principal): Promise<ShipmentRefresh> {
    return this.actions.refreshShipment(orderId, shipmentId, principal);
  }

  @Post('notifications/resend')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Support: send a message the order already sent once more, on one channel. The customer’s preferences, unsubscribes and SMS quiet hours still apply; the daily cap does not.',
  })
  @ApiResponse({ status: 200, description: 'The resend is recorded in the order’s history; its outcome appears in the notification log.' })
  @ApiResponse({ status: 400, description: 'Unknown milestone or channel, or a malformed shipment ID.' })
  @ApiResponse({ status: 401, description: 'Missing or invalid API key.' })
  @ApiResponse({ status: 403, description: 'A platform key may not resend (`ActionNotAllowed`).' })
  @ApiResponse({ status: 404, description: 'Unknown order.' })
  @ApiResponse({ status: 409, description: 'The order never sent that message (`NotificationNotSent`), or it is closed (`OrderClosed`).' })
  @ApiResponse({ status: 429, description: 'Too many resends; wait for Retry-After.' })
  resend(@Param() { orderId }: OrderIdParamDto, @Body() body: ResendNotificationDto, @CurrentPrincipal() principal: Principal): Promise<OrderDetail> {
    return this.actions.resendNotification(orderId, body, principal);
  }
}
