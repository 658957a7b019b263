import { createHash } from 'node:crypto';
import type { ChannelName } from './notification-policy';

/**
 * Addresses are never stored or put in links: unsubscribes are keyed by the SHA-256 of the
 * normalised address. Normalising first makes `Ann@Example.com ` and `ann@example.com` one address.
 *
 * - email: trimmed, Unicode NFC, lower-cased (local parts are case-insensitive in practice).
 * - sms: the E.164 number, with any spaces, dots, dashes and brackets taken out.
 * - push: the platform's `customerRef` (push reaches the customer's devices through the platform),
 *   trimmed, case kept.
 */
export function normaliseAddress(channel: ChannelName, address: string): string {
  const trimmed = address.normalize('NFC').trim();
  switch (channel) {
    case 'email':
      return trimmed.toLowerCase();
    case 'sms':
      return trimmed.replace(/[\s().-]/g, '');
    case 'push':
      return trimmed;
  }
}

/** Lower-case hex SHA-256 of the normalised address: 64 characters. */
export const hashAddress = (channel: ChannelName, address: string): string =>
  createHash('sha256').update(normaliseAddress(channel, address), 'utf8').digest('hex');

export const ADDRESS_HASH_PATTERN = /^[0-9a-f]{64}$/;

/** The hashes an unsubscribe link carries for one customer: one per channel Waybill can reach them on. */
export type AddressHashes = Partial<Record<ChannelName, string>>;

/** The hash of each address the customer has: email, phone (SMS) and `customerRef` (push). */
export function addressHashesOf(contact: { email?: string; phone?: string; customerRef?: string }): AddressHashes {
  const hashes: AddressHashes = {};
  if (contact.email) hashes.email = hashAddress('email', contact.email);
  if (contact.phone) hashes.sms = hashAddress('sms', contact.phone);
  if (contact.customerRef) hashes.push = hashAddress('push', contact.customerRef);
  return hashes;
}
