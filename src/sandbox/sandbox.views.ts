import type { NumberStats } from './controls/carrier-controls';
import type { SandboxMail } from './mail/sandbox-mail.schema';
import type { PlayedParcel } from './parcels/sandbox-parcels.service';
import type { SandboxParcel } from './parcels/sandbox-parcel.schema';

/** JSON shapes of the control API. Dates are ISO-8601 strings in UTC. */

export interface ParcelView {
  carrier: string;
  trackingNumber: string;
  scenario: string;
  speed: number;
  createdAt: string;
  /** Whether scans are pushed to Waybill's webhooks, and how many have been acknowledged. */
  push: { enabled: boolean; pushedSteps: number; failures: number };
}

export interface TimelineStepView {
  kind: string;
  occurredAt: string;
  city: string;
  region: string;
  countryCode: string;
  postalCode?: string;
  detail?: string;
}

export interface PlayedParcelView extends ParcelView {
  estimatedDelivery: string | null;
  /** When the next step appears; null once the scenario has played out. */
  nextStepAt: string | null;
  /** Oldest first. */
  timeline: TimelineStepView[];
  /** The carrier API calls that asked about this parcel (a batch of k numbers counts 1/k each), and the 429s among them. */
  carrierCalls: { track: number; rateLimited: number };
}

export interface MailView {
  /** The recipients as a mail client shows them: comma-separated. */
  to: string;
  /** Every envelope recipient, Bcc included. */
  recipients: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers: Record<string, string>;
  receivedAt: string;
}

export function parcelView(parcel: SandboxParcel): ParcelView {
  return {
    carrier: parcel.carrier,
    trackingNumber: parcel.trackingNumber,
    scenario: parcel.scenario,
    speed: parcel.speed,
    createdAt: parcel.createdAt.toISOString(),
    push: { enabled: parcel.pushEnabled ?? false, pushedSteps: parcel.pushedSteps ?? 0, failures: parcel.pushFailures ?? 0 },
  };
}

export function playedParcelView({ parcel, timeline }: PlayedParcel, calls: NumberStats): PlayedParcelView {
  return {
    carrierCalls: { track: Math.round(calls.trackCalls * 1000) / 1000, rateLimited: calls.rateLimited },
    ...parcelView(parcel),
    estimatedDelivery: timeline.estimatedDelivery?.toISOString() ?? null,
    nextStepAt: timeline.nextStepAt?.toISOString() ?? null,
    timeline: timeline.steps.map((step) => ({
      kind: step.kind,
      occurredAt: step.occurredAt.toISOString(),
      city: step.city,
      region: step.region,
      countryCode: step.countryCode,
      ...(step.postalCode ? { postalCode: step.postalCode } : {}),
      ...(step.detail ? { detail: step.detail } : {}),
    })),
  };
}

export function mailView(mail: SandboxMail): MailView {
  return {
    to: mail.to.join(', '),
    recipients: mail.to,
    from: mail.from,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    headers: mail.headers,
    receivedAt: mail.receivedAt.toISOString(),
  };
}
