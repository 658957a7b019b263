import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import mongoose, { type Model } from 'mongoose';
import { attentionReasons, parcelPunctuality, type AttentionReason, type ParcelPunctuality } from '../../activities/read-model/order-attention';
import type { ReadModelStore } from '../../activities/read-model/read-model.activities';
import type { OrderView } from '../../workflows/order/order.types';
import type { ShipmentView } from '../../workflows/shipment/shipment.types';
import type { Carrier, OrderStatus } from '../../workflows/shared/vocabulary';
import { isDuplicateKeyError } from './mongoose-safety';
import { ORDER_MODEL, SHIPMENT_MODEL } from './read-model.schemas';

export interface OrderDocument extends Omit<OrderView, 'createdAt' | 'shipments'> {
  _id: string;
  createdAt: Date;
  updatedAt: Date;
  carriers: Carrier[];
  shipmentIds: string[];
  /** Derived when written; absent on documents written before the dashboard, until their next write. */
  exception?: boolean;
  attention?: AttentionReason[];
  punctuality?: ParcelPunctuality[];
}

export interface ShipmentDocument extends ShipmentView {
  _id: string;
  updatedAt: Date;
}

export interface OrderListQuery {
  status?: OrderStatus;
  carrier?: Carrier;
  limit: number;
  /** Keyset cursor: the last order of the previous page. */
  after?: { createdAt: Date; orderId: string };
}

/** What an order's document holds: its view less the parcels (they have their own documents), and what is derived from it. */
export function orderDocumentFields(order: OrderView, updatedAt = new Date()): Omit<OrderDocument, '_id'> {
  const { shipments, createdAt, ...rest } = order;
  const attention = attentionReasons(order);
  return {
    ...rest,
    createdAt: new Date(createdAt),
    updatedAt,
    carriers: [...new Set(shipments.map((s) => s.carrier))],
    shipmentIds: shipments.map((s) => s.shipmentId),
    // Derived here, where the view is written, so the dashboard filters and counts them by index.
    exception: attention.length > 0,
    attention,
    punctuality: parcelPunctuality(order),
  };
}

/** The only place that touches the read-model collections. */
@Injectable()
export class ReadModelRepository implements ReadModelStore {
  constructor(
    @InjectModel(ORDER_MODEL) private readonly orders: Model<OrderDocument>,
    @InjectModel(SHIPMENT_MODEL) private readonly shipments: Model<ShipmentDocument>,
  ) {}

  /** True when the read model now holds this revision of the order: written now, or by an earlier attempt of the same write. */
  async upsertOrder(order: OrderView): Promise<boolean> {
    return this.upsertNewer(this.orders, order.orderId, order.revision, orderDocumentFields(order));
  }

  async upsertShipment(shipment: ShipmentView): Promise<void> {
    await this.upsertNewer(this.shipments, shipment.shipmentId, shipment.revision, { ...shipment, updatedAt: new Date() });
  }

  /**
   * Writes only if the stored revision is older. When the filter misses, the upsert tries to insert
   * and the unique _id refuses: either a newer revision is stored, or a concurrent first write got
   * in before this one. One more conditional update, without upsert, settles which.
   * The write replaces the stored view: a top-level field the newer view no longer carries (a delay
   * that cleared, say) is unset, not left behind from an older revision.
   * Answers whether the stored revision is now this one; only a refused write pays for a read.
   */
  private async upsertNewer<T>(model: Model<T>, id: string, revision: number, fields: Record<string, unknown>): Promise<boolean> {
    const filter = { _id: id, revision: mongoose.trusted({ $lt: revision }) } as mongoose.QueryFilter<T>;
    const set: Record<string, unknown> = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
    const absent = Object.keys(model.schema.obj).filter((path) => path !== '_id' && !(path in set));
    const update = (absent.length > 0 ? { $set: set, $unset: Object.fromEntries(absent.map((path) => [path, 1])) } : { $set: set }) as mongoose.UpdateQuery<T>;
    try {
      const written = await model.updateOne(filter, update, { upsert: true });
      if (written.upsertedCount > 0 || written.matchedCount > 0) return true;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      if ((await model.updateOne(filter, update)).matchedCount > 0) return true;
    }
    const stored = await model.findById(id).select({ revision: 1 }).lean<{ revision: number }>().exec();
    return stored?.revision === revision;
  }

  async findOrder(orderId: string): Promise<OrderDocument | null> {
    return this.orders.findById(orderId).lean<OrderDocument>().exec();
  }

  async findShipmentsOfOrder(orderId: string): Promise<ShipmentDocument[]> {
    return this.shipments.find({ orderId }).sort({ _id: 1 }).lean<ShipmentDocument[]>().exec();
  }

  /** The shipments following a tracking number (one per order that shipped it). */
  async findShipmentIdsByTracking(carrier: Carrier, trackingNumber: string): Promise<string[]> {
    const found = await this.shipments.find({ carrier, trackingNumber }).select({ _id: 1 }).lean<Array<{ _id: string }>>().exec();
    return found.map((doc) => doc._id);
  }

  async listOrders(query: OrderListQuery): Promise<OrderDocument[]> {
    const filter: Record<string, unknown> = {};
    if (query.status) filter.status = query.status;
    if (query.carrier) filter.carriers = query.carrier;
    if (query.after) {
      const { createdAt, orderId } = query.after;
      filter.$or = [{ createdAt: mongoose.trusted({ $lt: createdAt }) }, { createdAt, _id: mongoose.trusted({ $lt: orderId }) }];
    }
    return this.orders
      .find(filter)
      .sort({ createdAt: -1, _id: -1 })
      .limit(query.limit)
      .lean<OrderDocument[]>()
      .exec();
  }
}
