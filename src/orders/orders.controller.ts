import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { NoBodyDto } from '../api/no-body.dto';
import type { Principal } from '../auth/api-keys';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { Roles } from '../auth/roles.decorator';
import { AddShipmentDto, CancelOrderDto, CreateOrderDto, ListOrdersQueryDto, OrderIdParamDto } from './orders.dto';
import type { OrderDetail, OrderSummary, ShipmentResponse } from './orders.responses';
import { OrdersService } from './orders.service';

const COMMON_ERRORS = [
  ApiResponse({ status: 400, description: 'Invalid input; nothing was changed.' }),
  ApiResponse({ status: 401, description: 'Missing or invalid API key.' }),
  ApiResponse({ status: 403, description: 'The key’s role may not call this endpoint.' }),
];

const withErrors = (): MethodDecorator => (target, key, descriptor) => {
  for (const decorate of COMMON_ERRORS) decorate(target, key, descriptor);
};

@ApiTags('orders')
@ApiBearerAuth()
@Controller('v1/orders')
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Post()
  @Roles('platform')
  @ApiOperation({ summary: 'Report a new order. Repeating the same request returns the existing order (200).' })
  @ApiResponse({ status: 201, description: 'Order created; its workflow is running.' })
  @ApiResponse({ status: 200, description: 'The same order was already created with the same details.' })
  @ApiResponse({ status: 409, description: 'An order with this ID exists with different details.' })
  @withErrors()
  async create(@Body() body: CreateOrderDto, @Res({ passthrough: true }) res: Response): Promise<OrderDetail> {
    const { created, body: order } = await this.orders.create(body);
    res.status(created ? 201 : 200);
    return order;
  }

  @Get()
  @Roles('platform', 'support')
  @ApiOperation({ summary: 'List orders, newest first, filtered by status and carrier, with cursor pagination.' })
  @withErrors()
  list(@Query() query: ListOrdersQueryDto): Promise<{ orders: OrderSummary[]; nextCursor: string | null }> {
    return this.orders.list(query);
  }

  @Get(':orderId')
  @Roles('platform', 'support')
  @ApiOperation({ summary: 'An order with its parcels, their carrier timelines, and its live state.' })
  @ApiResponse({ status: 404, description: 'Unknown order.' })
  @withErrors()
  get(@Param() { orderId }: OrderIdParamDto): Promise<OrderDetail> {
    return this.orders.get(orderId);
  }

  @Post(':orderId/processing')
  @HttpCode(200)
  @Roles('platform')
  @ApiOperation({ summary: 'Mark the order as being prepared. Idempotent.' })
  @ApiResponse({ status: 404, description: 'Unknown order.' })
  @ApiResponse({ status: 409, description: 'The order is cancelled or closed.' })
  @withErrors()
  markProcessing(@Param() { orderId }: OrderIdParamDto, @Body() _body: NoBodyDto, @CurrentPrincipal() principal: Principal): Promise<OrderDetail> {
    return this.orders.markProcessing(orderId, principal);
  }

  @Post(':orderId/shipments')
  @Roles('platform')
  @ApiOperation({ summary: 'Add a parcel by tracking number; the carrier is detected when omitted. Idempotent.' })
  @ApiResponse({ status: 201, description: 'Shipment added; tracking has started.' })
  @ApiResponse({ status: 200, description: 'This parcel was already on the order.' })
  @ApiResponse({ status: 404, description: 'Unknown order.' })
  @ApiResponse({ status: 409, description: 'The order is cancelled or closed, or the number is on it with another carrier.' })
  @withErrors()
  async addShipment(
    @Param() { orderId }: OrderIdParamDto,
    @Body() body: AddShipmentDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ShipmentResponse> {
    const { created, body: shipment } = await this.orders.addShipment(orderId, body, principal);
    res.status(created ? 201 : 200);
    return shipment;
  }

  @Post(':orderId/cancel')
  @HttpCode(200)
  @Roles('platform')
  @ApiOperation({
    summary: 'Cancel an order, refunding a held escrow. Before shipping any platform key may; after shipping only an admin key. Idempotent.',
  })
  @ApiResponse({ status: 404, description: 'Unknown order.' })
  @ApiResponse({
    status: 409,
    description: 'The order has shipped and the key is not admin (`OrderAlreadyShipped`), a settlement is under way, or the order is closed.',
  })
  @withErrors()
  cancel(
    @Param() { orderId }: OrderIdParamDto,
    @Body() body: CancelOrderDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<OrderDetail> {
    return this.orders.cancel(orderId, body, principal);
  }
}
