import { HttpStatus, Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** OAuth token requests are a few dozen bytes. */
export const MAX_FORM_BYTES = 8 * 1024;

function isUrlEncoded(req: Request): boolean {
  return (req.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
}

/** First value of each field; `Object.fromEntries` makes own properties, so `__proto__` stays data. */
function parseForm(raw: string): Record<string, string> {
  const fields = new Map<string, string>();
  for (const [key, value] of new URLSearchParams(raw)) if (!fields.has(key)) fields.set(key, value);
  return Object.fromEntries(fields);
}

/**
 * Parses `application/x-www-form-urlencoded` bodies for the emulated OAuth endpoints when the app
 * has not already done so (an app created with `bodyParser: false`, or a test app).
 */
@Injectable()
export class FormBodyMiddleware implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction): void {
    if (req.body !== undefined || !isUrlEncoded(req) || req.readableEnded) {
      next();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const fail = (status: HttpStatus, message: string): void => {
      settled = true;
      res.status(status).json({ statusCode: status, message });
    };
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size <= MAX_FORM_BYTES) chunks.push(chunk);
      else fail(HttpStatus.PAYLOAD_TOO_LARGE, `Form bodies are limited to ${MAX_FORM_BYTES} bytes`);
    });
    req.on('error', () => {
      if (!settled) fail(HttpStatus.BAD_REQUEST, 'The request body could not be read');
    });
    req.on('end', () => {
      if (settled) return;
      settled = true;
      req.body = parseForm(Buffer.concat(chunks).toString('utf8'));
      next();
    });
  }
}
