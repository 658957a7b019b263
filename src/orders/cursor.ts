import { z } from 'zod';

export interface OrderCursor {
  createdAt: Date;
  orderId: string;
}

const CursorSchema = z.strictObject({ c: z.iso.datetime(), o: z.string().min(1).max(64) });

/** An opaque keyset cursor: the sort key of the last order on a page. */
export const encodeCursor = (cursor: OrderCursor): string =>
  Buffer.from(JSON.stringify({ c: cursor.createdAt.toISOString(), o: cursor.orderId })).toString('base64url');

/** Undefined for anything that is not a cursor this API issued. */
export function decodeCursor(raw: string): OrderCursor | undefined {
  try {
    const parsed = CursorSchema.safeParse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
    return parsed.success ? { createdAt: new Date(parsed.data.c), orderId: parsed.data.o } : undefined;
  } catch {
    return undefined;
  }
}
