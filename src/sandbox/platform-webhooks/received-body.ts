import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';

/** Status webhooks are a few kilobytes; a hundred parcels stay well under this. */
export const PLATFORM_WEBHOOK_RECEIVER_MAX_BODY = 256 * 1024;

type RequestWithBody = Request & { rawBody?: Buffer };

/**
 * Keeps the receiver's request bytes untouched, as a signature check needs them. Mount it before
 * the JSON parser: `app.use('/sandbox/platform-webhooks', platformWebhookReceiverRawBody())`. It
 * takes the POST to the receiver itself only, so the controls under the same path still get JSON.
 */
export function platformWebhookReceiverRawBody(): RequestHandler {
  const raw = express.raw({ type: () => true, limit: PLATFORM_WEBHOOK_RECEIVER_MAX_BODY });
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'POST' && (req.path === '/' || req.path === '')) {
      raw(req, res, next);
      return;
    }
    next();
  };
}

function readStream(req: Request): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > PLATFORM_WEBHOOK_RECEIVER_MAX_BODY) {
        reject(new RangeError(`Bodies are limited to ${PLATFORM_WEBHOOK_RECEIVER_MAX_BODY} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/**
 * The body as the sender sent it, for the signature check: the bytes when the app kept them
 * (`platformWebhookReceiverRawBody`, Nest's `rawBody` option, or no parser at all).
 *
 * When the app's JSON parser consumed the bytes and kept none (a plain Nest app, as in the contract
 * tests), the parsed body is serialized again. Waybill's sender writes its bodies with
 * `JSON.stringify`, and parsing then stringifying such a body gives back the same bytes, so every
 * honest delivery still verifies and every changed value still fails. What this fallback cannot
 * see is a change of whitespace alone, which changes no value. A real receiver verifies the bytes.
 */
export async function receivedBody(req: RequestWithBody): Promise<string> {
  if (Buffer.isBuffer(req.body)) return req.body.toString('utf8');
  if (Buffer.isBuffer(req.rawBody)) return req.rawBody.toString('utf8');
  if (req.body !== undefined && req.body !== null) return JSON.stringify(req.body);
  if (req.readableEnded) return '';
  return readStream(req);
}
