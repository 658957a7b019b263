import type { SupportAlert, SupportAlertStore } from '../../activities/alerts/support-alert-store';
import type { SupportAlertRequest } from '../../activities/alerts/support-alert.types';

/** Keeps alerts by ID like the MongoDB repository: a second raise of one ID stores nothing new. */
export class InMemorySupportAlerts implements SupportAlertStore {
  readonly alerts = new Map<string, SupportAlert>();
  /** Every raise that reached the store, repeats included, in order. */
  readonly raised: SupportAlertRequest[] = [];

  async insertIfAbsent(alertId: string, request: SupportAlertRequest): Promise<{ created: boolean; alert: SupportAlert }> {
    this.raised.push(request);
    const existing = this.alerts.get(alertId);
    if (existing) return { created: false, alert: { ...existing } };
    const { orderId, shipmentId, kind, occurrence, detail } = request;
    const alert: SupportAlert = { alertId, orderId, shipmentId, kind, occurrence, detail, state: 'open', createdAt: new Date() };
    this.alerts.set(alertId, alert);
    return { created: true, alert: { ...alert } };
  }

  async markEmailed(alertId: string, emailedAt: Date): Promise<void> {
    const alert = this.alerts.get(alertId);
    if (alert) alert.emailedAt = emailedAt;
  }

  /** The alerts of one order, in the order they were raised. */
  ofOrder(orderId: string): SupportAlert[] {
    return [...this.alerts.values()].filter((alert) => alert.orderId === orderId);
  }
}
