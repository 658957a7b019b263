import type { SupportAlert, SupportAlertState } from '../../activities/alerts/support-alert-store';
import type { SupportAlertKind } from '../../activities/alerts/support-alert.types';

export interface SupportAlertView {
  alertId: string;
  orderId: string;
  shipmentId?: string;
  kind: SupportAlertKind;
  occurrence: string;
  detail: string;
  state: SupportAlertState;
  createdAt: string;
  acknowledgedAt?: string;
  /** The keyId of the key that acknowledged it. */
  acknowledgedBy?: string;
  /** When the support team was emailed, if it was. */
  emailedAt?: string;
}

export const toSupportAlertView = (alert: SupportAlert): SupportAlertView => ({
  alertId: alert.alertId,
  orderId: alert.orderId,
  shipmentId: alert.shipmentId,
  kind: alert.kind,
  occurrence: alert.occurrence,
  detail: alert.detail,
  state: alert.state,
  createdAt: alert.createdAt.toISOString(),
  acknowledgedAt: alert.acknowledgedAt?.toISOString(),
  acknowledgedBy: alert.acknowledgedBy,
  emailedAt: alert.emailedAt?.toISOString(),
});
