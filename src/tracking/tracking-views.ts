import { Injectable, NotFoundException } from '@nestjs/common';
import { toCustomerOrderView, type CustomerOrderView } from '../customer/customer-order-view';
import { OrderWorkflows } from '../orders/order-workflows';
import { toOrderDetail, toOrderDetailFromDescription } from '../orders/orders.responses';
import { OrderUpdatesRepository } from '../persistence/order-updates.repository';
import { ReadModelRepository } from '../persistence/read-model.repository';

/** The order as its customer sees it, at a revision: what the page shows and each stream event carries. */
export interface TrackedView {
  revision: number;
  view: CustomerOrderView;
}

/**
 * Where the tracking page and its event stream read the order from. The update feed first: it is
 * what the stream will deliver next, so page, stream and app agree on revisions. An order whose
 * latest revision is older than the feed's retention (or predates the feed) is read as GET
 * /v1/orders/{id} reads it: the workflow's live view, else the read model, else Temporal's record
 * of an order created a moment ago.
 */
@Injectable()
export class TrackingViews {
  constructor(
    private readonly feed: OrderUpdatesRepository,
    private readonly workflows: OrderWorkflows,
    private readonly readModel: ReadModelRepository,
  ) {}

  /** The order now. 404 when nothing knows it (the token outlived the order's data). */
  async current(orderId: string): Promise<TrackedView> {
    const latest = await this.feed.latest(orderId);
    if (latest) return { revision: latest.revision, view: latest.view };
    const live = await this.workflows.query(orderId);
    if (live) return { revision: live.revision, view: toCustomerOrderView(live) };
    const document = await this.readModel.findOrder(orderId);
    if (document) {
      const shipments = await this.readModel.findShipmentsOfOrder(orderId);
      return { revision: document.revision, view: toCustomerOrderView(toOrderDetail(document, shipments, undefined)) };
    }
    const description = await this.workflows.describe(orderId);
    if (!description) throw new NotFoundException(`Order ${orderId} not found.`);
    return { revision: 0, view: toCustomerOrderView(toOrderDetailFromDescription(orderId, description)) };
  }

  /**
   * What a stream sends on connect. Without `lastEventId`, the order now. With it, every kept
   * revision after it, oldest first (at most `limit`; the poller brings the rest). When none is
   * newer and the client's revision is not the current one (it outlived the feed's retention, or
   * names a revision the feed never had), the current view, so the client is never left behind.
   */
  async since(orderId: string, lastEventId: number | undefined, limit: number): Promise<TrackedView[]> {
    if (lastEventId === undefined) return [await this.current(orderId)];
    const missed = await this.feed.after(orderId, lastEventId, limit);
    if (missed.length > 0) return missed.map(({ revision, view }) => ({ revision, view }));
    const current = await this.current(orderId);
    return current.revision === lastEventId ? [] : [current];
  }
}
