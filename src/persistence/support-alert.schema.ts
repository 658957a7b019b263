import { Schema } from 'mongoose';
import { SupportAlertKind } from '../../activities/alerts/support-alert.types';
import { SUPPORT_ALERT_STATES } from '../../activities/alerts/support-alert-store';

/** One document per alert: its _id is supportAlertId(...), so a retried raise cannot insert twice. */
export const SupportAlertDocumentSchema = new Schema(
  {
    _id: { type: String },
    orderId: { type: String, required: true },
    shipmentId: String,
    kind: { type: String, enum: Object.values(SupportAlertKind), required: true },
    occurrence: { type: String, required: true },
    detail: { type: String, required: true },
    state: { type: String, enum: SUPPORT_ALERT_STATES, required: true },
    createdAt: { type: Date, required: true },
    acknowledgedAt: Date,
    acknowledgedBy: String,
    emailedAt: Date,
  },
  { collection: 'support_alerts', versionKey: false },
);
// Newest first, with _id as the tie-break of keyset pagination: all alerts, by state, by order.
SupportAlertDocumentSchema.index({ createdAt: -1, _id: -1 });
SupportAlertDocumentSchema.index({ state: 1, createdAt: -1, _id: -1 });
SupportAlertDocumentSchema.index({ orderId: 1, createdAt: -1, _id: -1 });

export const SUPPORT_ALERT_MODEL = 'SupportAlert';
