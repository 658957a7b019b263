import { Inject, Injectable } from '@nestjs/common';
import type { EscrowLedgerEntry } from '../../activities/escrow/escrow-ledger';
import type { AttentionReason } from '../../activities/read-model/order-attention';
import type { EscrowView } from '../../workflows/order/order.types';
import { orderWorkflowId } from '../../workflows/shared/ids';
import type { WaybillConfig } from '../config/config';
import { WAYBILL_CONFIG } from '../config/config.module';
import { NOTIFICATION_LOG_LIMIT, toNotificationLogEntry, type NotificationLogEntry } from '../notifications/notification-log';
import { OrderWorkflows } from '../orders/order-workflows';
import type { OrderDetail } from '../orders/orders.responses';
import { EscrowLedgerRepository } from '../persistence/escrow-ledger.repository';
import { OutboxRepository } from '../persistence/outbox.repository';
import { ReadModelRepository } from '../persistence/read-model.repository';
import { buildTimeline, type TimelineEntry } from './timeline';

/** The order's workflow in Temporal, and where to open it in the Temporal UI when one is configured. */
export interface WorkflowLink {
  workflowId: string;
  /** RUNNING, COMPLETED…, when Temporal answered. */
  status?: string;
  url?: string;
}

export interface OrderPageData {
  order: OrderDetail;
  /** The whole escrow view: the order's own answer, with what only the read model keeps filled in. */
  escrow: EscrowView;
  attention: AttentionReason[];
  timeline: TimelineEntry[];
  notifications: NotificationLogEntry[];
  ledger: EscrowLedgerEntry[];
  workflow: WorkflowLink;
}

/**
 * Everything the order page shows, from the same services the JSON API answers with: the order as
 * GET /v1/orders/{id} returns it (live from the workflow when it answers, else the read model), the
 * notification log, the escrow ledger, and Temporal's record of the workflow.
 */
@Injectable()
export class OrderPageService {
  constructor(
    private readonly workflows: OrderWorkflows,
    private readonly readModel: ReadModelRepository,
    private readonly outbox: OutboxRepository,
    private readonly ledger: EscrowLedgerRepository,
    @Inject(WAYBILL_CONFIG) private readonly config: WaybillConfig,
  ) {}

  /** Throws NotFoundException for an order neither Temporal nor the read model knows. */
  async load(orderId: string): Promise<OrderPageData> {
    const [order, document, outbox, ledger, description] = await Promise.all([
      this.workflows.detail(orderId),
      this.readModel.findOrder(orderId),
      this.outbox.listByOrder(orderId, NOTIFICATION_LOG_LIMIT),
      this.ledger.listByOrder(orderId),
      // The page is still useful without Temporal's record (Temporal down): the link falls back to a search.
      this.workflows.describe(orderId).catch(() => undefined),
    ]);
    return {
      order,
      escrow: { ...document?.escrow, ...order.escrow },
      attention: document?.attention ?? [],
      timeline: buildTimeline(order),
      notifications: outbox.map(toNotificationLogEntry),
      ledger,
      workflow: this.workflowLink(orderId, description && { runId: description.runId, status: description.status.name }),
    };
  }

  private workflowLink(orderId: string, run: { runId: string; status: string } | undefined): WorkflowLink {
    const workflowId = orderWorkflowId(orderId);
    const ui = this.config.temporal.uiUrl?.replace(/\/+$/, '');
    if (!ui) return { workflowId, status: run?.status };
    const namespace = `${ui}/namespaces/${encodeURIComponent(this.config.temporal.namespace)}`;
    const url = run
      ? `${namespace}/workflows/${encodeURIComponent(workflowId)}/${encodeURIComponent(run.runId)}/history`
      : `${namespace}/workflows?query=${encodeURIComponent(`WorkflowId="${workflowId}"`)}`;
    return { workflowId, status: run?.status, url };
  }
}
