import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import mongoose, { type Model } from 'mongoose';
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

/** The only place that touches the read-model collections. */
@Injectable()
export class ReadModelRepository implements ReadModelStore {
  constructor(
    @InjectModel(ORDER_MODEL) private readonly orders: Model<OrderDocument>,
    @InjectModel(SHIPMENT_MODEL) private readonly shipments: Model<ShipmentDocument>,
  ) {}

  async upsertOrder(order: OrderView): Promise<void> {
    const { shipments, createdAt, ...rest } = order;
    await this.upsertNewer(this.orders, order.orderId, order.revision, {
      ...rest,
      createdAt: new Date(createdAt),
      updatedAt: new Date(),
      carriers: [...new Set(shipments.map((s) => s.carrier))],
      shipmentIds: shipments.map((s) => s.shipmentId),
    });
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
   */
  private async upsertNewer<T>(model: Model<T>, id: string, revision: number, fields: Record<string, unknown>): Promise<void> {
    const filter = { _id: id, revision: mongoose.trusted({ $lt: revision }) } as mongoose.QueryFilter<T>;
    const set: Record<string, unknown> = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
    const absent = Object.keys(model.schema.obj).filter((path) => path !== '_id' && !(path in set));
    const update = (absent.length > 0 ? { $set: set, $unset: Object.fromEntries(absent.map((path) => [path, 1])) } : { $set: set }) as mongoose.UpdateQuery<T>;
    try {
      await model.updateOne(filter, update, { upsert: true });
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      await model.updateOne(filter, update);
    }
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
