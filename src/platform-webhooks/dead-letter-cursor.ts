import { z } from 'zod';

export interface DeadLetterCursor {
  deadAt: Date;
  webhookId: string;
}

const CursorSchema = z.strictObject({ d: z.iso.datetime(), w: z.string().min(1).max(200) });

/** An opaque keyset cursor: the sort key of the last dead letter on a page. */
export const encodeDeadLetterCursor = (cursor: DeadLetterCursor): string =>
  Buffer.from(JSON.stringify({ d: cursor.deadAt.toISOString(), w: cursor.webhookId })).toString('base64url');

/** Undefined for anything that is not a cursor this API issued. */
export function decodeDeadLetterCursor(raw: string): DeadLetterCursor | undefined {
  try {
    const parsed = CursorSchema.safeParse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
    return parsed.success ? { deadAt: new Date(parsed.data.d), webhookId: parsed.data.w } : undefined;
  } catch {
    return undefined;
  }
}
