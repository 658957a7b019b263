import { SupportAlertKind } from '../../workflows/shared/support-alert-kinds';

export { SupportAlertKind };

export interface SupportAlertRequest {
  orderId: string;
  shipmentId?: string;
  kind: SupportAlertKind;
  /**
   * Tells apart repeats of one kind on one parcel (the second stall, the third attempt). Together
   * with the order, parcel and kind it forms the alert's ID, so a retry raises nothing new.
   */
  occurrence: string;
  /** What happened, for support staff. Never personal data: no names, addresses, emails or phones. */
  detail: string;
}

export interface SupportAlertResult {
  alertId: string;
  /** False when a retry found the alert already raised. */
  created: boolean;
}

export const supportAlertId = (request: Pick<SupportAlertRequest, 'orderId' | 'shipmentId' | 'kind' | 'occurrence'>): string =>
  ['alert', request.orderId, request.kind, request.shipmentId ?? '-', request.occurrence].join(':');

export interface SupportAlertActivities {
  raiseSupportAlert(request: SupportAlertRequest): Promise<SupportAlertResult>;
}
