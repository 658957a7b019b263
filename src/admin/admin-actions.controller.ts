import { Body, Controller, HttpException, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AcceptsSession } from '../auth/accepts-session.decorator';
import type { Principal } from '../auth/api-keys';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { Roles } from '../auth/roles.decorator';
import { OrderActionsService } from '../orders/order-actions.service';
import { OrderIdParamDto, OrderShipmentParamDto } from '../orders/orders.dto';
import { AdminExceptionFilter } from './admin-exception.filter';
import { AdminPages, messageOf, orderPagePath } from './admin-pages';
import { CsrfOnlyFormDto, EscrowOverrideFormDto, MarkDeliveredFormDto, ResendNotificationFormDto, ResolveDisputeFormDto, withoutCsrf } from './admin.dto';
import { CsrfGuard } from './csrf';
import type { FlashCode } from './flash';

/**
 * The dashboard's actions: HTML forms posting to the same OrderActionsService methods the JSON API
 * calls, so the workflow sees the same update from either (and checks the role again itself).
 * Each needs the role, then a valid CSRF token, then a valid form, before anything happens. Done,
 * it redirects back to the order with a message; refused, it shows the order again with why, and
 * the refusal's status.
 */
@ApiExcludeController()
@Controller('admin/orders/:orderId')
@AcceptsSession()
@UseGuards(CsrfGuard)
@UseFilters(AdminExceptionFilter)
export class AdminActionsController {
  constructor(
    private readonly actions: OrderActionsService,
    private readonly pages: AdminPages,
  ) {}

  @Post('shipments/:shipmentId/refresh')
  @Roles('support')
  refresh(
    @Param() { orderId, shipmentId }: OrderShipmentParamDto,
    @Body() _form: CsrfOnlyFormDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    return this.act(request, response, orderId, 'refresh-requested', () => this.actions.refreshShipment(orderId, shipmentId, principal));
  }

  @Post('notifications/resend')
  @Roles('support')
  resend(
    @Param() { orderId }: OrderIdParamDto,
    @Body() form: ResendNotificationFormDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    return this.act(request, response, orderId, 'notification-resent', () => this.actions.resendNotification(orderId, withoutCsrf(form), principal));
  }

  @Post('escrow/hold')
  @Roles('admin')
  hold(
    @Param() { orderId }: OrderIdParamDto,
    @Body() form: EscrowOverrideFormDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    return this.act(request, response, orderId, 'escrow-held', () => this.actions.holdEscrow(orderId, withoutCsrf(form), principal));
  }

  @Post('escrow/release')
  @Roles('admin')
  release(
    @Param() { orderId }: OrderIdParamDto,
    @Body() form: EscrowOverrideFormDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    return this.act(request, response, orderId, 'escrow-released', () => this.actions.releaseEscrow(orderId, withoutCsrf(form), principal));
  }

  @Post('dispute/resolve')
  @Roles('admin')
  resolve(
    @Param() { orderId }: OrderIdParamDto,
    @Body() form: ResolveDisputeFormDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    return this.act(request, response, orderId, 'dispute-resolved', () => this.actions.resolveDispute(orderId, withoutCsrf(form), principal));
  }

  @Post('shipments/:shipmentId/mark-delivered')
  @Roles('admin')
  markDelivered(
    @Param() { orderId, shipmentId }: OrderShipmentParamDto,
    @Body() form: MarkDeliveredFormDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    return this.act(request, response, orderId, 'marked-delivered', () => this.actions.markShipmentDelivered(orderId, shipmentId, withoutCsrf(form), principal));
  }

  /** Post/redirect/get on success; the order page with the refusal (and its status) otherwise. */
  private async act(request: Request, response: Response, orderId: string, done: FlashCode, action: () => Promise<unknown>): Promise<void> {
    try {
      await action();
    } catch (err) {
      if (!(err instanceof HttpException)) throw err;
      await this.pages.order(request, response, orderId, err.getStatus(), { kind: 'error', message: messageOf(err) });
      return;
    }
    response.redirect(303, `${orderPagePath(orderId)}?flash=${done}`);
  }
}
