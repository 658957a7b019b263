import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Histogram, type Registry } from 'prom-client';
import { WEBHOOK_SOURCES } from '../webhooks/carrier-webhook';
import { boundedLabel } from './bounded-label';

/** Around the goal (p99 < 100 ms), fine below it and coarse above. */
const ACK_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5, 5];

/**
 * How long the API takes to acknowledge a carrier's push: from the request's arrival (before its
 * body is read) to the last byte of the answer, by carrier and status code. Refusals count too: a
 * slow 401 is as much a problem for the carrier as a slow 200.
 */
export class WebhookAckMetrics {
  private readonly latency: Histogram<'carrier' | 'status'>;

  constructor(registry: Registry) {
    this.latency = new Histogram({
      name: 'waybill_carrier_webhook_ack_seconds',
      help: 'Carrier webhook acknowledgement latency in the API, from arrival to the answer sent, by carrier (path) and HTTP status code.',
      labelNames: ['carrier', 'status'],
      buckets: ACK_BUCKETS,
      registers: [registry],
    });
  }

  observe(source: string | undefined, statusCode: number, seconds: number): void {
    // Status codes come from this server, not the caller, but are bounded anyway.
    const status = Number.isInteger(statusCode) && statusCode >= 100 && statusCode <= 599 ? String(statusCode) : 'other';
    this.latency.observe({ carrier: boundedLabel(source, WEBHOOK_SOURCES), status }, seconds);
  }

  /** Express middleware for the webhook path prefix; mounted before the body parser so reading the body is timed. */
  middleware(): RequestHandler {
    return (request: Request, response: Response, next: NextFunction) => {
      const startedAt = process.hrtime.bigint();
      // Mounted at the prefix, so the path is `/{source}`; anything deeper is no carrier's.
      const source = /^\/([a-z]+)\/?$/.exec(request.path)?.[1];
      response.once('finish', () => this.observe(source, response.statusCode, Number(process.hrtime.bigint() - startedAt) / 1e9));
      next();
    };
  }
}
