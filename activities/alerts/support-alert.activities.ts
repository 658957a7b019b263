import { ApplicationFailure, log } from '@temporalio/activity';
import { z } from 'zod';
import { PermanentDeliveryError, type EmailSender } from '../notifications/outbox';
import { renderSupportAlertEmail } from './support-alert-email';
import type { SupportAlert, SupportAlertStore } from './support-alert-store';
import { SupportAlertKind, supportAlertId, type SupportAlertActivities, type SupportAlertRequest, type SupportAlertResult } from './support-alert.types';

export const SupportAlertFailureType = {
  /** The workflow sent something that is not an alert (an unknown kind, an empty detail). Not retried. */
  INVALID: 'InvalidSupportAlert',
} as const;

/** Emails the support team about each new alert. */
export interface SupportAlertNotifier {
  email: EmailSender;
  /** SUPPORT_ALERT_EMAIL. */
  to: string;
  /** Domain part of generated Message-IDs. */
  messageIdDomain: string;
}

export interface SupportAlertDeps {
  store: SupportAlertStore;
  /** Absent when SUPPORT_ALERT_EMAIL is not configured: alerts are then only listed by the API. */
  notifier?: SupportAlertNotifier;
}

/** IDs keep to the characters an alert ID may have in a URL (`POST /v1/alerts/{alertId}/acknowledge`). */
const AlertIdPart = z.string().regex(/^[\w.:+-]+$/);

const RequestSchema = z.object({
  orderId: AlertIdPart.max(64),
  shipmentId: AlertIdPart.max(64).optional(),
  kind: z.enum(Object.values(SupportAlertKind) as [SupportAlertKind, ...SupportAlertKind[]]),
  occurrence: AlertIdPart.max(100),
  detail: z.string().min(1).max(2000),
});

export function createSupportAlertActivities(deps: SupportAlertDeps): SupportAlertActivities {
  /**
   * The alert is stored first, so it stands whatever happens to the email. The email goes out while
   * the alert is open and not yet marked emailed: a retry after a failed send sends it again, a
   * retry after a successful one sends nothing. Between the send and the mark a crash can repeat it,
   * with the same Message-ID. A send the server refuses for good is logged and not retried.
   */
  async function notify(notifier: SupportAlertNotifier, alert: SupportAlert): Promise<void> {
    const ids = { orderId: alert.orderId, kind: alert.kind, alertId: alert.alertId };
    try {
      await notifier.email.send(renderSupportAlertEmail(alert, notifier.to, notifier.messageIdDomain));
    } catch (err) {
      if (err instanceof PermanentDeliveryError) {
        log.warn('Support alert email refused for good; the alert stands', { ...ids, reason: err.message });
        return;
      }
      log.warn('Support alert email failed; the alert stands and the email is retried', ids);
      throw err;
    }
    await deps.store.markEmailed(alert.alertId, new Date());
    log.info('Support alert emailed', ids);
  }

  return {
    /** Idempotent: the alert's ID derives from the request, so a retry finds it and raises nothing new. */
    async raiseSupportAlert(request: SupportAlertRequest): Promise<SupportAlertResult> {
      const parsed = RequestSchema.safeParse(request);
      if (!parsed.success) {
        const fields = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
        throw ApplicationFailure.nonRetryable(`Not a valid support alert (${fields})`, SupportAlertFailureType.INVALID);
      }
      const alertId = supportAlertId(parsed.data);
      const { created, alert } = await deps.store.insertIfAbsent(alertId, parsed.data);
      log.info(created ? 'Support alert raised' : 'Support alert already raised', { orderId: alert.orderId, kind: alert.kind, alertId });
      if (deps.notifier && alert.state === 'open' && !alert.emailedAt) await notify(deps.notifier, alert);
      return { alertId, created };
    },
  };
}
