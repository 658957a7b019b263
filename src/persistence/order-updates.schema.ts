import { Schema } from 'mongoose';

/**
 * The customers' update feed: one document per (order, revision) holding the order as its customer
 * sees it at that revision (CustomerOrderView: no contact details, history or amounts). `_id` is
 * derived from both, so recording a revision twice is refused by the primary key.
 *
 * Expiry: `expiresAt` carries a TTL index where the server has them (MongoDB); FerretDB 1.x refuses
 * TTL indexes, so there the repository sweeps expired entries itself (OrderUpdatesRepository).
 * That index is made by the repository, not declared here, because its options depend on the server.
 */
export const OrderUpdateDocumentSchema = new Schema(
  {
    _id: { type: String },
    orderId: { type: String, required: true },
    revision: { type: Number, required: true },
    view: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'order_updates', versionKey: false, minimize: false },
);
// Every read is "this order (or these orders), revisions after N, in order".
OrderUpdateDocumentSchema.index({ orderId: 1, revision: 1 }, { unique: true });

export const ORDER_UPDATE_MODEL = 'OrderUpdate';

/** `@` never appears in an order ID (OrderIdSchema), so the ID names exactly one (order, revision). */
export const orderUpdateId = (orderId: string, revision: number): string => `${orderId}@${revision}`;
