import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { CustomerTokenClaims } from '../auth/customer-tokens';
import { CurrentCustomer, CustomerTokenRoute } from '../auth/customer.decorator';
import { ConfirmReceiptDto, ReportProblemDto } from './customer-actions.dto';
import { CustomerActionsService } from './customer-actions.service';
import type { CustomerOrderView } from './customer-order-view';
import { CustomerOrderViewDto } from './customer-order-view.schema';

/**
 * The customer's routes. The token names the order; the path names nothing else, so a token for
 * one order can never act on another. No API key: CustomerTokenRoute() makes them public for the
 * API-key guard and verifies the token instead (401 when missing, forged or expired).
 */
@ApiTags('customer')
@Controller('v1/track/:token')
@CustomerTokenRoute()
export class CustomerActionsController {
  constructor(private readonly actions: CustomerActionsService) {}

  @Get()
  @ApiOperation({ summary: 'Customer: the order as its customer sees it (status, delay, escrow state, dispute, parcels’ tracking).' })
  @ApiResponse({ status: 200, description: 'The customer’s view of the order.', type: CustomerOrderViewDto })
  @ApiResponse({ status: 404, description: 'The order is gone.' })
  view(@CurrentCustomer() customer: CustomerTokenClaims): Promise<CustomerOrderView> {
    return this.actions.view(customer);
  }

  @Post('confirm-receipt')
  @HttpCode(200)
  @ApiOperation({ summary: 'Customer: the order arrived. Releases the escrow without waiting for the dispute window. Idempotent.' })
  @ApiResponse({ status: 200, description: 'Confirmed; the customer’s view of the order.', type: CustomerOrderViewDto })
  @ApiResponse({ status: 400, description: 'A body with any field.' })
  @ApiResponse({ status: 404, description: 'The order is gone.' })
  @ApiResponse({
    status: 409,
    description: 'Not delivered yet (`OrderNotDelivered`), a problem report is open (`DisputeOpen`), or the order is cancelled or closed.',
  })
  confirmReceipt(@CurrentCustomer() customer: CustomerTokenClaims, @Body() _body: ConfirmReceiptDto): Promise<CustomerOrderView> {
    return this.actions.confirmReceipt(customer);
  }

  @Post('report-problem')
  @HttpCode(200)
  @ApiOperation({ summary: 'Customer: a delivered order never arrived. Holds the escrow and alerts support. Idempotent while open.' })
  @ApiResponse({ status: 200, description: 'Reported; the customer’s view of the order, with its dispute.', type: CustomerOrderViewDto })
  @ApiResponse({ status: 400, description: 'Invalid input (unknown kind or field, note over 1000 characters).' })
  @ApiResponse({ status: 404, description: 'The order is gone.' })
  @ApiResponse({
    status: 409,
    description: 'Nothing delivered yet (`OrderNotDelivered`), the payment already settled or a report already resolved (`OrderClosed`), or the order is cancelled.',
  })
  reportProblem(@CurrentCustomer() customer: CustomerTokenClaims, @Body() body: ReportProblemDto): Promise<CustomerOrderView> {
    return this.actions.reportProblem(customer, body);
  }
}
