import type { SupportAlertKind, SupportAlertRequest } from './support-alert.types';

export const SUPPORT_ALERT_STATES = ['open', 'acknowledged'] as const;
export type SupportAlertState = (typeof SUPPORT_ALERT_STATES)[number];

/** An alert as stored: what the workflow raised, and what support and the email did about it. */
export interface SupportAlert {
  alertId: string;
  orderId: string;
  shipmentId?: string;
  kind: SupportAlertKind;
  occurrence: string;
  detail: string;
  state: SupportAlertState;
  createdAt: Date;
  acknowledgedAt?: Date;
  /** The keyId of the API key that acknowledged it, never the key. */
  acknowledgedBy?: string;
  /** When the support team was emailed; unset until an email went out. */
  emailedAt?: Date;
}

/** Where raised alerts are kept (MongoDB's `support_alerts`; in memory for workflow tests). */
export interface SupportAlertStore {
  /** Stores a new open alert unless one with its ID exists; answers the stored alert either way. */
  insertIfAbsent(alertId: string, request: SupportAlertRequest): Promise<{ created: boolean; alert: SupportAlert }>;
  markEmailed(alertId: string, emailedAt: Date): Promise<void>;
}
