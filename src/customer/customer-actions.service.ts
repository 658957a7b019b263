import { Injectable, Logger } from '@nestjs/common';
import { confirmReceiptUpdate, reportProblemUpdate } from '../../workflows/order/order.messages';
import type { Actor } from '../../workflows/order/order.types';
import type { CustomerTokenClaims } from '../auth/customer-tokens';
import { OrderWorkflows } from '../orders/order-workflows';
import type { ReportProblemDto } from './customer-actions.dto';
import { toCustomerOrderView, type CustomerOrderView } from './customer-order-view';

/** The customer acts as themselves: role `customer`, named in history by the token's ID (never the token). */
const actorOf = (customer: CustomerTokenClaims): Actor => ({ role: 'customer', keyId: customer.tokenId });

/**
 * What a customer does with their token, on the order the token names and no other. Answers are
 * the customer's view of the order (toCustomerOrderView), never the staff's.
 *
 * Both actions happen at most once per order (receipt is confirmed once; a problem is reported once
 * and, once resolved, cannot be reported again), so fixed update IDs make a retried request, even
 * from another link to the same order, answer what the first one did.
 */
@Injectable()
export class CustomerActionsService {
  private readonly logger = new Logger(CustomerActionsService.name);

  constructor(private readonly workflows: OrderWorkflows) {}

  async confirmReceipt(customer: CustomerTokenClaims): Promise<CustomerOrderView> {
    const view = await this.workflows.execute(customer.orderId, confirmReceiptUpdate, { actor: actorOf(customer) }, 'confirmReceipt');
    this.logger.log(`Order ${customer.orderId}: receipt confirmed by customer token ${customer.tokenId}`);
    return toCustomerOrderView(view);
  }

  async reportProblem(customer: CustomerTokenClaims, dto: ReportProblemDto): Promise<CustomerOrderView> {
    const input = { actor: actorOf(customer), kind: dto.kind, ...(dto.note ? { note: dto.note } : {}) };
    const view = await this.workflows.execute(customer.orderId, reportProblemUpdate, input, 'reportProblem');
    this.logger.log(`Order ${customer.orderId}: problem (${dto.kind}) reported by customer token ${customer.tokenId}`);
    return toCustomerOrderView(view);
  }

  /** Live from the workflow when it answers in time, otherwise from the read model, as GET /v1/orders/{id}. */
  async view(customer: CustomerTokenClaims): Promise<CustomerOrderView> {
    return toCustomerOrderView(await this.workflows.detail(customer.orderId));
  }
}
