import type { Response } from 'express';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits `delayMs` before answering; false when the client hung up meanwhile, leaving no one to answer. */
export async function stillConnectedAfter(response: Response, delayMs: number): Promise<boolean> {
  await sleep(delayMs);
  return Boolean(response.socket && !response.socket.destroyed);
}

/**
 * Keeps an answer from the client whose request took effect: drops the connection, or with
 * `delayMs` holds the answer that long (past the client's timeout). True when it may still be sent.
 */
export async function cutOff(response: Response, { delayMs }: { delayMs?: number }): Promise<boolean> {
  if (delayMs === undefined) {
    response.socket?.destroy();
    return false;
  }
  return stillConnectedAfter(response, delayMs);
}
