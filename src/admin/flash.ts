/**
 * The messages a redirect after an action shows, by code (`?flash=escrow-held`). Codes, not text,
 * travel in the URL, so a crafted link can only ever show one of these fixed sentences.
 */
export const FLASH_MESSAGES = {
  'signed-out': 'Signed out.',
  'refresh-requested': 'Asked the carrier for news now; anything new shows up here when it arrives.',
  'notification-resent': 'The message is being sent again; its outcome appears in the notification log.',
  'escrow-held': 'Escrow on hold: it will not be released automatically.',
  'escrow-released': 'Escrow release handed to the payment provider.',
  'dispute-resolved': 'Resolved; the escrow is being settled.',
  'marked-delivered': 'Parcel marked delivered.',
} as const;
export type FlashCode = keyof typeof FLASH_MESSAGES;

export interface Flash {
  kind: 'success' | 'error';
  message: string;
}

export function flashOf(code: unknown): Flash | undefined {
  if (typeof code !== 'string' || !Object.hasOwn(FLASH_MESSAGES, code)) return undefined;
  return { kind: 'success', message: FLASH_MESSAGES[code as FlashCode] };
}
