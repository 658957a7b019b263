import type { OutboxDocument } from '../persistence/outbox.repository';

/** One message of an order's notification log: what, on which channel, when, and how it ended. No address. */
export interface NotificationLogEntry {
  /** The outbox key: `orderId|milestone|shipmentId or -|channel[|revision]`. */
  id: string;
  milestone: string;
  channel: string;
  shipmentId?: string;
  /** The repeat a message is of (a delay's new date, an attempt's number), when it has one. */
  revision?: string;
  /**
   * `claimed`: being sent (or an attempt died mid-send and a retry will take it over); `skipped`:
   * planned but not sent, for `skipReason`.
   */
  state: 'claimed' | 'sent' | 'failed' | 'skipped';
  /** `collapsed` (newer news went out while it waited), `capped`, `suppressed` (unsubscribed), `channel_disabled`. */
  skipReason?: string;
  /** How many attempts claimed it. */
  attempts: number;
  /** ISO 8601: the first claim. Absent on entries recorded before it was kept. */
  createdAt?: string;
  /** ISO 8601: the latest attempt's claim; absent while a released claim waits for its retry. */
  lastAttemptAt?: string;
  sentAt?: string;
  failedAt?: string;
  providerMessageId?: string;
  /** Why the provider refused it for good, with anything that looks like an address or phone number masked. */
  failureReason?: string;
}

export interface NotificationLogResponse {
  orderId: string;
  /** Newest first. */
  notifications: NotificationLogEntry[];
}

/** The most a log answers; an order has a few dozen messages at most. */
export const NOTIFICATION_LOG_LIMIT = 500;

const EMAIL = /[^\s<>()"',;:@]+@[^\s<>()"',;:@]+\.[^\s<>()"',;:@]+/g;
const PHONE = /\+?\d(?:[\s().-]?\d){7,}/g;

/** Masks email addresses and phone-like digit runs; keeps at most 300 characters. */
export function redactFailureReason(reason: string): string {
  return reason.replace(EMAIL, '[address]').replace(PHONE, '[number]').slice(0, 300);
}

/** The key's parts after the order ID (IDs never hold `|`; see outboxKey). */
function keyParts(doc: OutboxDocument): { shipmentId?: string; revision?: string } {
  const prefix = `${doc.orderId}|`;
  if (!doc._id.startsWith(prefix)) return {};
  const [, shipmentId, , ...revision] = doc._id.slice(prefix.length).split('|');
  return {
    ...(shipmentId && shipmentId !== '-' && { shipmentId }),
    ...(revision.length > 0 && { revision: revision.join('|') }),
  };
}

const iso = (date: Date | undefined): string | undefined => (date ? new Date(date).toISOString() : undefined);

export function toNotificationLogEntry(doc: OutboxDocument): NotificationLogEntry {
  const claimedAt = doc.claimedAt ? new Date(doc.claimedAt) : undefined;
  const entry: NotificationLogEntry = {
    id: doc._id,
    milestone: doc.milestone,
    channel: doc.channel,
    ...keyParts(doc),
    state: doc.state,
    attempts: doc.claims ?? 1,
    createdAt: iso(doc.createdAt),
    // A released claim is parked at the epoch so a retry may take it at once: no attempt time to show.
    lastAttemptAt: claimedAt && claimedAt.getTime() > 0 ? claimedAt.toISOString() : undefined,
    sentAt: iso(doc.sentAt),
    failedAt: iso(doc.failedAt),
    providerMessageId: doc.providerMessageId,
    failureReason: doc.failureReason === undefined ? undefined : redactFailureReason(doc.failureReason),
    skipReason: doc.skipReason,
  };
  return Object.fromEntries(Object.entries(entry).filter(([, value]) => value !== undefined)) as unknown as NotificationLogEntry;
}
