import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { orderWorkflowId } from '../../workflows/shared/ids';
import { ReadModelRepository } from '../persistence/read-model.repository';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client.module';
import { toHttpError } from '../temporal/temporal-errors';

/**
 * Whether an order exists, decided as GET /v1/orders/{id} decides it: the read model knows it, or
 * Temporal does (an order created a moment ago whose workflow has not written the read model yet).
 * Cheaper than reading the order: no live query, no parcels.
 */
@Injectable()
export class OrderLookup {
  constructor(
    private readonly readModel: ReadModelRepository,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  async exists(orderId: string): Promise<boolean> {
    if (await this.readModel.findOrder(orderId)) return true;
    try {
      await this.temporal.workflow.getHandle(orderWorkflowId(orderId)).describe();
      return true;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return false;
      throw toHttpError(err, `Order ${orderId}`);
    }
  }
}
