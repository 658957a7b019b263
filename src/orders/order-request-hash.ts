import { createHash } from 'node:crypto';
import { stringify } from 'safe-stable-stringify';

/**
 * Identifies a create-order request body, to tell a harmless repeat from a conflicting one. Keys
 * are sorted, so the same order sent with its fields in another order hashes the same.
 */
export const orderRequestHash = (body: unknown): string => createHash('sha256').update(stringify(body) ?? '').digest('hex');
