import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import mongoose, { type Model } from 'mongoose';
import type { OrderUpdatesFeed } from '../../activities/read-model/read-model.activities';
import type { OrderView } from '../../workflows/order/order.types';
import type { WaybillConfig } from '../config/config';
import { WAYBILL_CONFIG } from '../config/config.module';
import { toCustomerOrderView, type CustomerOrderView } from '../customer/customer-order-view';
import { insertIfAbsent } from './insert-if-absent';
import { ORDER_UPDATE_MODEL, orderUpdateId } from './order-updates.schema';

/** One revision of an order as its customer sees it. */
export interface OrderUpdate {
  orderId: string;
  revision: number;
  view: CustomerOrderView;
  createdAt: Date;
}

interface OrderUpdateDocument extends OrderUpdate {
  _id: string;
  expiresAt: Date;
}

/** How expired entries go: the server's TTL monitor (MongoDB), or this repository's own sweep (FerretDB 1.x). */
export type ExpiryMode = 'ttl' | 'sweep';

/** ORDER_UPDATES_RETENTION_HOURS' default: a week. */
export const DEFAULT_ORDER_UPDATES_RETENTION_MS = 7 * 24 * 3_600_000;

/** Without TTL indexes, at most one sweep per process this often: expired entries are harmless, only clutter. */
const SWEEP_EVERY_MS = 10 * 60_000;

/** Orders per query when polling many at once; each is one branch of an `$or`. */
const ORDERS_PER_QUERY = 100;

/** MongoDB's NotImplemented, which FerretDB 1.x answers an `expireAfterSeconds` index with. */
const NOT_IMPLEMENTED = 238;

const project = (doc: OrderUpdateDocument): OrderUpdate => ({ orderId: doc.orderId, revision: doc.revision, view: doc.view, createdAt: doc.createdAt });

/**
 * The `order_updates` feed (docs/tracking-page.md). The worker's read-model activity records each
 * new order revision; the API's event streams replay and poll it. Written only by insert-if-absent,
 * so the feed works the same on FerretDB and MongoDB, without change streams or transactions.
 */
@Injectable()
export class OrderUpdatesRepository implements OrderUpdatesFeed {
  private readonly logger = new Logger(OrderUpdatesRepository.name);
  private readonly retentionMs: number;
  private expiry?: Promise<ExpiryMode>;
  private lastSweepAt = 0;

  constructor(
    @InjectModel(ORDER_UPDATE_MODEL) private readonly updates: Model<OrderUpdateDocument>,
    @Optional() @Inject(WAYBILL_CONFIG) config?: WaybillConfig,
  ) {
    this.retentionMs = config?.tracking.updatesRetentionMs ?? DEFAULT_ORDER_UPDATES_RETENTION_MS;
  }

  /** Records the customer's view of this revision unless it is recorded already; then keeps expiry going. */
  async record(order: OrderView, now: Date = new Date()): Promise<void> {
    await insertIfAbsent<OrderUpdateDocument>(this.updates, {
      _id: orderUpdateId(order.orderId, order.revision),
      orderId: order.orderId,
      revision: order.revision,
      view: toCustomerOrderView(order),
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.retentionMs),
    });
    await this.keepExpiring(now);
  }

  /** The newest recorded revision of the order, if any is still kept. */
  async latest(orderId: string): Promise<OrderUpdate | undefined> {
    const doc = await this.updates.findOne({ orderId }).sort({ revision: -1 }).lean<OrderUpdateDocument>().exec();
    return doc ? project(doc) : undefined;
  }

  /** The order's revisions after `revision`, oldest first, at most `limit`. */
  async after(orderId: string, revision: number, limit: number): Promise<OrderUpdate[]> {
    const docs = await this.updates
      .find({ orderId, revision: mongoose.trusted({ $gt: revision }) })
      .sort({ revision: 1 })
      .limit(limit)
      .lean<OrderUpdateDocument[]>()
      .exec();
    return docs.map(project);
  }

  /**
   * For each order, its revisions after the given one: what the event streams' shared poller asks
   * for on every tick. Ordered by order, then revision; at most `limitPerQuery` per batch of orders
   * (the next tick fetches the rest).
   */
  async newerThan(cursors: ReadonlyMap<string, number>, limitPerQuery: number): Promise<OrderUpdate[]> {
    const entries = [...cursors];
    const found: OrderUpdate[] = [];
    for (let start = 0; start < entries.length; start += ORDERS_PER_QUERY) {
      const branches = entries.slice(start, start + ORDERS_PER_QUERY).map(([orderId, revision]) => ({ orderId, revision: mongoose.trusted({ $gt: revision }) }));
      const docs = await this.updates
        .find({ $or: branches })
        .sort({ orderId: 1, revision: 1 })
        .limit(limitPerQuery)
        .lean<OrderUpdateDocument[]>()
        .exec();
      found.push(...docs.map(project));
    }
    return found;
  }

  /** Deletes what expired before `now`; returns how many. The TTL monitor does this on MongoDB. */
  async sweep(now: Date = new Date()): Promise<number> {
    const { deletedCount } = await this.updates.deleteMany({ expiresAt: mongoose.trusted({ $lt: now }) }).exec();
    return deletedCount;
  }

  /**
   * Makes the expiry index once per process: a TTL index where the server has them, otherwise a
   * plain one the sweep uses. A failure (the database is down) is retried on the next write.
   */
  expiryMode(): Promise<ExpiryMode> {
    this.expiry ??= this.createExpiryIndex().catch((err: unknown) => {
      this.expiry = undefined;
      throw err;
    });
    return this.expiry;
  }

  private async createExpiryIndex(): Promise<ExpiryMode> {
    try {
      await this.updates.collection.createIndex({ expiresAt: 1 }, { name: 'expiresAt_ttl', expireAfterSeconds: 0 });
      return 'ttl';
    } catch (err) {
      if ((err as { code?: unknown }).code !== NOT_IMPLEMENTED) throw err;
      await this.updates.collection.createIndex({ expiresAt: 1 }, { name: 'expiresAt_sweep' });
      return 'sweep';
    }
  }

  /** Expiry is upkeep: a failure here is logged and must never fail the write that triggered it. */
  private async keepExpiring(now: Date): Promise<void> {
    try {
      if ((await this.expiryMode()) === 'ttl' || now.getTime() - this.lastSweepAt < SWEEP_EVERY_MS) return;
      this.lastSweepAt = now.getTime();
      await this.sweep(now);
    } catch (err) {
      this.logger.warn(`Order updates expiry upkeep failed (retried on the next write): ${String(err)}`);
    }
  }
}
