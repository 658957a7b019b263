import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import mongoose, { type Model } from 'mongoose';
import type { AttentionReason } from '../../activities/read-model/order-attention';
import type { EscrowView } from '../../workflows/order/order.types';
import { CARRIERS, ORDER_STATUSES, type Carrier, type OrderStatus, type ShipmentStatus } from '../../workflows/shared/vocabulary';
import type { OrderCursor } from '../orders/cursor';
import type { OrderDocument, ShipmentDocument } from '../persistence/read-model.repository';
import { ORDER_MODEL, SHIPMENT_MODEL } from '../persistence/read-model.schemas';

/**
 * The dashboard's reads of the read model: the order list with its filters and keyset pages,
 * search, and the summary panel. Every list query has an index whose keys are the filter's field
 * then the sort (`createdAt`, `_id`), so a page costs the same at any depth (read-model.schemas.ts).
 */

export const PAGE_SIZE = 50;
/** The on-time rate counts parcels of orders created this many days back. */
export const ON_TIME_WINDOW_DAYS = 30;
/** Search answers at most this many orders (a tracking number is on one order, rarely a few). */
const SEARCH_LIMIT = 20;

export interface OrderListFilter {
  status?: OrderStatus;
  carrier?: Carrier;
  /** Only orders that need attention (docs/dashboard.md). */
  exception?: boolean;
  delayed?: boolean;
}

export interface ParcelRow {
  shipmentId: string;
  carrier: Carrier;
  trackingNumber: string;
  status: ShipmentStatus;
  lastEventAt?: string;
}

/** One line of the order list. */
export interface OrderRow {
  orderId: string;
  status: OrderStatus;
  delayed: boolean;
  carriers: Carrier[];
  escrow: EscrowView;
  attention: AttentionReason[];
  createdAt: Date;
  parcels: ParcelRow[];
  /** Carrier time of the newest scan of any of its parcels. */
  lastScanAt?: string;
}

export interface OrderListPage {
  rows: OrderRow[];
  /** Where the next page starts; absent on the last page. */
  next?: OrderCursor;
}

export interface OnTimeRate {
  carrier: Carrier;
  /** Delivered parcels with a due day, and how many of them arrived by it. */
  judged: number;
  onTime: number;
  /** Delivered parcels nothing gave a due day for: not in the rate. */
  undated: number;
}

export interface DashboardSummary {
  total: number;
  byStatus: Array<{ status: OrderStatus; count: number }>;
  needingAttention: number;
  onTime: OnTimeRate[];
  onTimeWindowDays: number;
}

/** An operator built here, not taken from input: exempt from the sanitizeFilter that guards every query. */
const trusted = <T>(operator: T): T => mongoose.trusted<T>(operator);

/** Tracking numbers are stored as the validator normalised them: upper case, no spaces. */
export const normaliseTrackingNumber = (raw: string): string => raw.replace(/[\s-]+/g, '').toUpperCase();

@Injectable()
export class DashboardQueries {
  constructor(
    @InjectModel(ORDER_MODEL) private readonly orders: Model<OrderDocument>,
    @InjectModel(SHIPMENT_MODEL) private readonly shipments: Model<ShipmentDocument>,
  ) {}

  /**
   * A page of orders, newest first. Keyset pagination: the cursor is the sort key of the previous
   * page's last order, so a deep page is found through the index, never by skipping the orders before it.
   */
  async listOrders(filter: OrderListFilter, after?: OrderCursor, limit = PAGE_SIZE): Promise<OrderListPage> {
    const query: Record<string, unknown> = {};
    if (filter.status) query.status = filter.status;
    if (filter.carrier) query.carriers = filter.carrier;
    if (filter.exception !== undefined) query.exception = filter.exception;
    if (filter.delayed !== undefined) query.delayed = filter.delayed;
    if (after) {
      query.$or = [{ createdAt: trusted({ $lt: after.createdAt }) }, { createdAt: after.createdAt, _id: trusted({ $lt: after.orderId }) }];
    }
    const documents = await this.orders
      .find(query)
      .sort({ createdAt: -1, _id: -1 })
      .limit(limit + 1)
      .select({ history: 0, punctuality: 0 })
      .lean<OrderDocument[]>()
      .exec();
    const page = documents.slice(0, limit);
    const last = page[page.length - 1];
    return {
      rows: await this.rowsOf(page),
      next: documents.length > limit && last ? { createdAt: new Date(last.createdAt), orderId: last._id } : undefined,
    };
  }

  /** Orders whose ID is the text, or that ship the tracking number it names. Exact matches, by index. */
  async search(text: string): Promise<OrderRow[]> {
    const term = text.trim();
    if (term === '') return [];
    const byTracking = await this.shipments
      .find({ trackingNumber: normaliseTrackingNumber(term) })
      .select({ orderId: 1 })
      .limit(SEARCH_LIMIT)
      .lean<Array<Pick<ShipmentDocument, 'orderId'>>>()
      .exec();
    const ids = [...new Set([term, ...byTracking.map((s) => s.orderId)])];
    const documents = await this.orders
      .find({ _id: trusted({ $in: ids }) })
      .sort({ createdAt: -1, _id: -1 })
      .limit(SEARCH_LIMIT)
      .select({ history: 0, punctuality: 0 })
      .lean<OrderDocument[]>()
      .exec();
    return this.rowsOf(documents);
  }

  /** Counts by status, orders needing attention, and the on-time rate by carrier. */
  async summary(now: Date = new Date()): Promise<DashboardSummary> {
    const since = new Date(now.getTime() - ON_TIME_WINDOW_DAYS * 24 * 3_600_000);
    const [statusCounts, needingAttention, punctuality] = await Promise.all([
      // Sorted on the status index first and projected to its key, so MongoDB counts from the index alone.
      this.orders
        .aggregate<{ _id: OrderStatus; count: number }>([{ $sort: { status: 1 } }, { $project: { _id: 0, status: 1 } }, { $group: { _id: '$status', count: { $sum: 1 } } }])
        .exec(),
      this.orders.countDocuments({ exception: true }).exec(),
      this.orders
        .aggregate<{ _id: { carrier: Carrier; onTime?: boolean | null }; count: number }>([
          { $match: { 'punctuality.carrier': { $in: [...CARRIERS] }, createdAt: { $gte: since } } },
          { $project: { punctuality: 1 } },
          { $unwind: '$punctuality' },
          { $group: { _id: { carrier: '$punctuality.carrier', onTime: '$punctuality.onTime' }, count: { $sum: 1 } } },
        ])
        .exec(),
    ]);
    const counts = new Map(statusCounts.map((c) => [c._id, c.count]));
    const rates = new Map<Carrier, OnTimeRate>();
    for (const { _id, count } of punctuality) {
      const rate = rates.get(_id.carrier) ?? { carrier: _id.carrier, judged: 0, onTime: 0, undated: 0 };
      if (_id.onTime === true || _id.onTime === false) rate.judged += count;
      else rate.undated += count;
      if (_id.onTime === true) rate.onTime += count;
      rates.set(_id.carrier, rate);
    }
    return {
      total: [...counts.values()].reduce((sum, n) => sum + n, 0),
      byStatus: ORDER_STATUSES.filter((status) => counts.has(status)).map((status) => ({ status, count: counts.get(status) ?? 0 })),
      needingAttention,
      onTime: CARRIERS.flatMap((carrier) => rates.get(carrier) ?? []),
      onTimeWindowDays: ON_TIME_WINDOW_DAYS,
    };
  }

  /** The page's orders with their parcels, read in one query by the shipments' orderId index. */
  private async rowsOf(documents: OrderDocument[]): Promise<OrderRow[]> {
    if (documents.length === 0) return [];
    const parcels = await this.shipments
      .find({ orderId: trusted({ $in: documents.map((d) => d._id) }) })
      .select({ shipmentId: 1, orderId: 1, carrier: 1, trackingNumber: 1, status: 1, lastEventAt: 1 })
      .lean<Array<ParcelRow & { orderId: string }>>()
      .exec();
    const byOrder = new Map<string, ParcelRow[]>();
    for (const { orderId, shipmentId, carrier, trackingNumber, status, lastEventAt } of parcels) {
      byOrder.set(orderId, [...(byOrder.get(orderId) ?? []), { shipmentId, carrier, trackingNumber, status, lastEventAt }]);
    }
    return documents.map((doc) => {
      const ofOrder = (byOrder.get(doc._id) ?? []).sort((a, b) => a.shipmentId.localeCompare(b.shipmentId));
      const scans = ofOrder.flatMap((p) => (p.lastEventAt ? [p.lastEventAt] : []));
      return {
        orderId: doc.orderId,
        status: doc.status,
        delayed: doc.delayed,
        carriers: doc.carriers ?? [],
        escrow: doc.escrow,
        attention: doc.attention ?? [],
        createdAt: new Date(doc.createdAt),
        parcels: ofOrder,
        lastScanAt: scans.sort((a, b) => Date.parse(b) - Date.parse(a))[0],
      };
    });
  }
}
