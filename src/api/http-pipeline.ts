import express from 'express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { CODEC_MAX_BODY, CODEC_PATH } from '../codec/codec.options';
import { platformWebhookReceiverRawBody } from '../sandbox/platform-webhooks/received-body';
import { WEBHOOK_PATH_PREFIX, WEBHOOK_MAX_BODY } from '../webhooks/webhooks.controller';

/** Request bodies are small JSON documents; anything bigger is refused with 413 before it is parsed. */
export const MAX_BODY = '64kb';

/**
 * Body parsing for the API. Carrier webhooks get their bytes untouched, whatever the content type,
 * because signatures cover the raw body; registered first, they are never re-parsed as JSON. The
 * sandbox's receivers of Waybill's own signed webhooks (platform status, mobile push) verify the
 * bytes as sent, too.
 */
export function configureHttpPipeline(app: NestExpressApplication): void {
  app.use(`/${WEBHOOK_PATH_PREFIX}`, express.raw({ type: () => true, limit: WEBHOOK_MAX_BODY }));
  app.use('/sandbox/platform-webhooks', platformWebhookReceiverRawBody());
  app.use('/sandbox/mobile-push/v1/notifications', express.raw({ type: () => true, limit: MAX_BODY }));
  // The Temporal UI's codec calls carry whole history payloads: a larger, JSON-only limit of their own.
  app.use(CODEC_PATH, express.json({ limit: CODEC_MAX_BODY }));
  app.useBodyParser('json', { limit: MAX_BODY });
  app.useBodyParser('urlencoded', { limit: MAX_BODY, extended: false });
}
