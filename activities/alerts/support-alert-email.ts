import { createHash } from 'node:crypto';
import escapeHtml from 'escape-html';
import type { OutgoingEmail } from '../notifications/outbox';
import type { SupportAlert } from './support-alert-store';

/**
 * The support team's copy of an alert. Alerts carry no personal data by contract (order and parcel
 * IDs, a kind, a detail written for staff), so neither does this email.
 */
export function renderSupportAlertEmail(alert: SupportAlert, to: string, messageIdDomain: string): OutgoingEmail {
  const facts: Array<[string, string]> = [
    ['Alert', alert.alertId],
    ['Kind', alert.kind],
    ['Order', alert.orderId],
    ...(alert.shipmentId ? ([['Shipment', alert.shipmentId]] as Array<[string, string]>) : []),
    ['Raised', alert.createdAt.toISOString()],
    ['Detail', alert.detail],
  ];
  const closing = 'Acknowledge it with POST /v1/alerts/{alertId}/acknowledge; open alerts are listed by GET /v1/alerts?state=open.';
  return {
    to,
    subject: `[Waybill] ${alert.kind.replace(/_/g, ' ')}: order ${alert.orderId}`,
    text: [...facts.map(([label, value]) => `${label}: ${value}`), '', closing].join('\n'),
    html: [
      '<table>',
      ...facts.map(([label, value]) => `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`),
      '</table>',
      `<p>${escapeHtml(closing)}</p>`,
    ].join('\n'),
    // Derived from the alert ID: a resend after a lost `emailedAt` mark carries the same Message-ID,
    // so the mailbox can drop the duplicate.
    messageId: `<${createHash('sha256').update(alert.alertId).digest('hex').slice(0, 32)}@${messageIdDomain}>`,
  };
}
