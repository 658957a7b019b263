import { Controller, Get, Param, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AcceptsSession } from '../auth/accepts-session.decorator';
import { Roles } from '../auth/roles.decorator';
import { OrderIdParamDto } from '../orders/orders.dto';
import { AdminExceptionFilter } from './admin-exception.filter';
import { AdminPages } from './admin-pages';
import { OrderListQueryDto, OrderPageQueryDto } from './admin.dto';
import { flashOf } from './flash';

/** The dashboard's pages, for support and admin keys, signed in with a session or sending the key. */
@ApiExcludeController()
@Controller('admin')
@AcceptsSession()
@Roles('support')
@UseFilters(AdminExceptionFilter)
export class AdminPagesController {
  constructor(private readonly pages: AdminPages) {}

  @Get()
  list(@Query() query: OrderListQueryDto, @Req() request: Request, @Res() response: Response): Promise<void> {
    return this.pages.orderList(request, response, query);
  }

  @Get('orders/:orderId')
  order(@Param() { orderId }: OrderIdParamDto, @Query() query: OrderPageQueryDto, @Req() request: Request, @Res() response: Response): Promise<void> {
    return this.pages.order(request, response, orderId, 200, flashOf(query.flash));
  }
}
