import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import mongoose, { type Model } from 'mongoose';
import type { SupportAlert, SupportAlertState, SupportAlertStore } from '../../activities/alerts/support-alert-store';
import type { SupportAlertRequest } from '../../activities/alerts/support-alert.types';
import { isDuplicateKeyError } from './mongoose-safety';
import { SUPPORT_ALERT_MODEL } from './support-alert.schema';

export interface SupportAlertDocument extends Omit<SupportAlert, 'alertId'> {
  _id: string;
}

export interface SupportAlertListQuery {
  state?: SupportAlertState;
  orderId?: string;
  limit: number;
  /** Keyset cursor: the last alert of the previous page. */
  after?: { createdAt: Date; alertId: string };
}

const toAlert = ({ _id, ...rest }: SupportAlertDocument): SupportAlert => ({ alertId: _id, ...rest });

/** The only place that touches `support_alerts`. */
@Injectable()
export class SupportAlertsRepository implements SupportAlertStore {
  constructor(@InjectModel(SUPPORT_ALERT_MODEL) private readonly alerts: Model<SupportAlertDocument>) {}

  async insertIfAbsent(alertId: string, request: SupportAlertRequest): Promise<{ created: boolean; alert: SupportAlert }> {
    const { orderId, shipmentId, kind, occurrence, detail } = request;
    const document: SupportAlertDocument = { _id: alertId, orderId, shipmentId, kind, occurrence, detail, state: 'open', createdAt: new Date() };
    try {
      await this.alerts.create(document);
      return { created: true, alert: toAlert(document) };
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
    const existing = await this.find(alertId);
    if (!existing) throw new Error('Support alert disappeared after a duplicate-key insert');
    return { created: false, alert: existing };
  }

  async markEmailed(alertId: string, emailedAt: Date): Promise<void> {
    await this.alerts.updateOne({ _id: alertId }, { $set: { emailedAt } }).exec();
  }

  async find(alertId: string): Promise<SupportAlert | undefined> {
    const found = await this.alerts.findById(alertId).lean<SupportAlertDocument>().exec();
    return found ? toAlert(found) : undefined;
  }

  /**
   * Marks an open alert acknowledged by `keyId`. Acknowledging again changes nothing, so the first
   * acknowledger and time stay on record. Undefined for an unknown alert.
   */
  async acknowledge(alertId: string, keyId: string): Promise<SupportAlert | undefined> {
    await this.alerts
      .updateOne({ _id: alertId, state: 'open' }, { $set: { state: 'acknowledged', acknowledgedAt: new Date(), acknowledgedBy: keyId } })
      .exec();
    return this.find(alertId);
  }

  /** Newest first. */
  async list(query: SupportAlertListQuery): Promise<SupportAlert[]> {
    const filter: Record<string, unknown> = {};
    if (query.state) filter.state = query.state;
    if (query.orderId) filter.orderId = query.orderId;
    if (query.after) {
      const { createdAt, alertId } = query.after;
      filter.$or = [{ createdAt: mongoose.trusted({ $lt: createdAt }) }, { createdAt, _id: mongoose.trusted({ $lt: alertId }) }];
    }
    const found = await this.alerts
      .find(filter)
      .sort({ createdAt: -1, _id: -1 })
      .limit(query.limit)
      .lean<SupportAlertDocument[]>()
      .exec();
    return found.map(toAlert);
  }
}
