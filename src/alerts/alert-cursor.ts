import { z } from 'zod';

export interface AlertCursor {
  createdAt: Date;
  alertId: string;
}

const CursorSchema = z.strictObject({ c: z.iso.datetime(), a: z.string().min(1).max(400) });

/** An opaque keyset cursor: the sort key of the last alert on a page. */
export const encodeAlertCursor = (cursor: AlertCursor): string =>
  Buffer.from(JSON.stringify({ c: cursor.createdAt.toISOString(), a: cursor.alertId })).toString('base64url');

/** Undefined for anything that is not a cursor this API issued. */
export function decodeAlertCursor(raw: string): AlertCursor | undefined {
  try {
    const parsed = CursorSchema.safeParse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
    return parsed.success ? { createdAt: new Date(parsed.data.c), alertId: parsed.data.a } : undefined;
  } catch {
    return undefined;
  }
}
