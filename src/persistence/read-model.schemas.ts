import { Schema } from 'mongoose';
import { EscrowState, ORDER_STATUSES, SHIPMENT_STATUSES } from '../../workflows/shared/vocabulary';

/**
 * Read-model documents. Only what FerretDB 1.24 and MongoDB 7 both support: plain and compound
 * indexes, no TTL, partial or text indexes, no nested arrays, no Decimal128.
 */

const HistoryEntrySchema = new Schema(
  { at: String, type: String, actor: { role: String, keyId: String }, detail: String },
  { _id: false },
);

/** EscrowView, whole: the state and amount, plus what settlement and the admin overrides record. */
const EscrowSchema = new Schema(
  {
    state: { type: String, enum: Object.values(EscrowState) },
    amount: Number,
    currency: String,
    releaseAt: String,
    onHold: Boolean,
    pending: { type: String, enum: ['release', 'refund'] },
    decisionNeeded: Boolean,
    transactionId: String,
    settledAt: String,
  },
  { _id: false },
);

const DelaySchema = new Schema({ reason: { type: String, enum: ['estimate_slipped', 'promise_missed'] }, newDate: String, since: String }, { _id: false });

const DisputeSchema = new Schema(
  { openedAt: String, reason: String, resolvedAt: String, resolution: { type: String, enum: ['released', 'refunded'] } },
  { _id: false },
);

const PunctualitySchema = new Schema(
  { shipmentId: String, carrier: String, deliveredOn: String, dueOn: String, onTime: Boolean },
  { _id: false },
);

export const OrderDocumentSchema = new Schema(
  {
    _id: { type: String },
    orderId: { type: String, required: true },
    status: { type: String, enum: ORDER_STATUSES, required: true },
    delayed: { type: Boolean, default: false },
    promisedDeliveryDate: String,
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    escrow: EscrowSchema,
    carriers: [String],
    shipmentIds: [String],
    history: [HistoryEntrySchema],
    revision: { type: Number, required: true },
    delay: DelaySchema,
    dispute: DisputeSchema,
    customerConfirmedAt: String,
    /** Derived when written (activities/read-model/order-attention.ts): whether, and why, the order needs someone to look. */
    exception: { type: Boolean, default: false },
    attention: [{ type: String }],
    /** Derived when written: each delivered parcel against the day it was due, for the on-time rate by carrier. */
    punctuality: [PunctualitySchema],
  },
  { collection: 'orders', versionKey: false },
);
// Newest first, with _id as the tie-break of the keyset cursor; one index per dashboard filter. A
// combined filter rides the index of one of its parts and filters the rest.
OrderDocumentSchema.index({ createdAt: -1, _id: -1 });
OrderDocumentSchema.index({ status: 1, createdAt: -1, _id: -1 });
OrderDocumentSchema.index({ carriers: 1, createdAt: -1, _id: -1 });
OrderDocumentSchema.index({ delayed: 1, createdAt: -1, _id: -1 });
OrderDocumentSchema.index({ exception: 1, createdAt: -1, _id: -1 });
// The on-time rate reads only orders with a delivered parcel, of one window of creation dates.
OrderDocumentSchema.index({ 'punctuality.carrier': 1, createdAt: -1 });

const LocationSchema = new Schema({ city: String, region: String, postalCode: String, countryCode: String }, { _id: false });

// A field literally named `type` needs its own schema, or mongoose reads it as a type declaration.
const CarrierCodesSchema = new Schema({ type: { type: String }, code: String, statusCode: String }, { _id: false });

const TrackingEventSchema = new Schema(
  {
    fingerprint: String,
    status: String,
    occurredAt: String,
    description: String,
    location: LocationSchema,
    carrierCodes: CarrierCodesSchema,
    atAccessPoint: Boolean,
  },
  { _id: false },
);

const PickupSchema = new Schema({ holdUntil: String, locationName: String, location: LocationSchema }, { _id: false });

const DeliveryConfirmationSchema = new Schema(
  {
    firstSeenAt: String,
    reads: [{ type: String, enum: ['push', 'poll'] }],
    confirmedBy: { type: String, enum: ['push_and_poll', 'two_polls', 'manual'] },
    overdue: Boolean,
  },
  { _id: false },
);

/** ShipmentLifecycle: the parcel's clocks and delivery evidence. */
const ShipmentLifecycleSchema = new Schema(
  {
    lastMovementAt: String,
    stalledSince: String,
    stallCount: Number,
    attemptFollowUpDue: String,
    attemptOverdue: Boolean,
    delivery: DeliveryConfirmationSchema,
    declaredLostAt: String,
  },
  { _id: false },
);

const ManualDeliverySchema = new Schema({ at: String, keyId: String, note: String }, { _id: false });

export const ShipmentDocumentSchema = new Schema(
  {
    _id: { type: String },
    shipmentId: { type: String, required: true },
    orderId: { type: String, required: true, index: true },
    carrier: { type: String, required: true },
    trackingNumber: { type: String, required: true, index: true },
    trackingUrl: String,
    status: { type: String, enum: SHIPMENT_STATUSES, required: true },
    ladderStatus: { type: String, enum: SHIPMENT_STATUSES },
    lastEventAt: String,
    events: [TrackingEventSchema],
    estimatedDelivery: { date: String, from: String, to: String },
    proofOfDelivery: { signedBy: String, receivedBy: String, place: String, hasSignature: Boolean, hasProofOfDelivery: Boolean },
    attempts: { type: Number, default: 0 },
    pickup: PickupSchema,
    lifecycle: ShipmentLifecycleSchema,
    manualDelivery: ManualDeliverySchema,
    updatedAt: { type: Date, required: true },
    revision: { type: Number, required: true },
  },
  { collection: 'shipments', versionKey: false },
);

export const ORDER_MODEL = 'Order';
export const SHIPMENT_MODEL = 'Shipment';
