import { HttpException, HttpStatus, Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { CustomerTokenClaims } from '../auth/customer-tokens';
import { expiredEvent, heartbeat, orderEvent, retryField } from './event-stream-format';
import { OrderUpdatesHub } from './order-updates-hub';
import { StreamLimits } from './stream-limits';
import { TRACKING_OPTIONS, type TrackingOptions } from './tracking.options';
import { TrackingViews, type TrackedView } from './tracking-views';

/** A client that reads slower than this much unsent data is cut off; it reconnects with Last-Event-ID and catches up. */
const MAX_BUFFERED_BYTES = 256 * 1024;

/** setTimeout's longest delay (about 24.8 days); a token lives up to a year, so its timer is re-armed. */
const MAX_TIMER_MS = 2_147_483_647;

export const EVENT_STREAM_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  // Nothing may cache or transform (compress, buffer) the stream on the way.
  'Cache-Control': 'no-store, no-transform',
  Connection: 'keep-alive',
  // nginx buffers proxied answers unless told not to.
  'X-Accel-Buffering': 'no',
};

/**
 * One customer's event stream per call to `open`, from the first byte to its cleanup. The answer is
 * written by hand (not Nest's @Sse()): heartbeats are SSE comments, which @Sse() cannot send; a
 * refusal (429, 404) must be an ordinary JSON answer decided before any stream byte; and cleanup
 * must run exactly once whichever comes first, the client leaving, the token expiring, a slow
 * reader, or the API shutting down.
 */
@Injectable()
export class TrackingStreams implements BeforeApplicationShutdown {
  private readonly logger = new Logger(TrackingStreams.name);
  private readonly closers = new Set<() => void>();

  constructor(
    private readonly hub: OrderUpdatesHub,
    private readonly views: TrackingViews,
    private readonly limits: StreamLimits,
    @Inject(TRACKING_OPTIONS) private readonly options: TrackingOptions,
  ) {}

  async open(customer: CustomerTokenClaims, lastEventId: number | undefined, request: Request, response: Response): Promise<void> {
    const release = this.limits.acquire(customer.tokenId, request.ip ?? 'unknown');
    if (!release) {
      throw new HttpException(
        { statusCode: 429, error: 'Too Many Requests', message: 'Too many open update streams for this link or address; close one and try again.' },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    let initial: TrackedView[];
    try {
      initial = await this.views.since(customer.orderId, lastEventId, this.options.replayLimit);
    } catch (err) {
      release();
      throw err;
    }
    // The client may have left while the feed was read. (The request's own `destroyed` and `close`
    // only say its body was read; the response's tell whether the connection is still there.)
    if (response.destroyed || !response.socket || response.socket.destroyed) return release();

    const timers: { heartbeat?: NodeJS.Timeout; expiry?: NodeJS.Timeout } = {};
    let unsubscribe = (): void => undefined;
    let closed = false;
    const close = (): void => {
      if (closed) return;
      closed = true;
      unsubscribe();
      clearInterval(timers.heartbeat);
      clearTimeout(timers.expiry);
      release();
      this.closers.delete(close);
      if (!response.writableEnded) response.end();
    };
    const write = (chunk: string): void => {
      if (closed) return;
      response.write(chunk);
      if (response.writableLength > MAX_BUFFERED_BYTES) {
        this.logger.debug(`Event stream for order ${customer.orderId} closed: the client reads too slowly`);
        close();
      }
    };

    response.status(200).set(EVENT_STREAM_HEADERS);
    response.flushHeaders();
    this.closers.add(close);
    response.once('close', close);
    write(retryField());
    let cursor = lastEventId ?? 0;
    for (const update of initial) {
      write(orderEvent(update));
      cursor = update.revision;
    }
    unsubscribe = this.hub.subscribe(customer.orderId, cursor, (update) => write(orderEvent(update)));
    timers.heartbeat = setInterval(() => write(heartbeat()), this.options.heartbeatMs);
    const endAtExpiry = (): void => {
      const left = customer.expiresAt.getTime() - Date.now();
      if (left > 0) {
        timers.expiry = setTimeout(endAtExpiry, Math.min(left, MAX_TIMER_MS));
        return;
      }
      write(expiredEvent());
      close();
    };
    endAtExpiry();
  }

  /** Open streams would hold the HTTP server open on shutdown: end them; clients reconnect to another replica. */
  beforeApplicationShutdown(): void {
    for (const close of [...this.closers]) close();
  }
}
