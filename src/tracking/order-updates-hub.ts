import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { OrderUpdatesRepository, type OrderUpdate } from '../persistence/order-updates.repository';
import { TRACKING_OPTIONS, type TrackingOptions } from './tracking.options';

/** The most feed entries one query of a tick returns; a larger burst arrives over the next ticks. */
const BATCH_LIMIT = 500;

interface Subscription {
  orderId: string;
  /** The newest revision this subscriber has been given. */
  cursor: number;
  deliver: (update: OrderUpdate) => void;
}

/** What a subscriber calls to stop listening; calling it twice is harmless. */
export type Unsubscribe = () => void;

/**
 * The one poller of this API replica. Every open event stream subscribes to its order here; while
 * anyone listens, the hub asks the `order_updates` feed every TRACKING_EVENTS_POLL_MS for the
 * watched orders' revisions after what each subscriber was last given (one query per hundred
 * orders, not one per stream), and hands each new revision to that order's subscribers, oldest
 * first. With nobody listening it does not poll at all.
 *
 * Each replica polls the same feed the worker writes, so an update reaches a stream on any replica
 * without change streams (FerretDB has none) or replica-to-replica messaging.
 */
@Injectable()
export class OrderUpdatesHub implements OnModuleDestroy {
  private readonly logger = new Logger(OrderUpdatesHub.name);
  private readonly byOrder = new Map<string, Set<Subscription>>();
  private timer?: NodeJS.Timeout;
  private polling = false;
  private stopped = false;
  private failing = false;

  constructor(
    private readonly feed: OrderUpdatesRepository,
    @Inject(TRACKING_OPTIONS) private readonly options: TrackingOptions,
  ) {}

  /** Delivers the order's revisions after `afterRevision` as the feed gets them. */
  subscribe(orderId: string, afterRevision: number, deliver: (update: OrderUpdate) => void): Unsubscribe {
    const subscription: Subscription = { orderId, cursor: afterRevision, deliver };
    const subscribers = this.byOrder.get(orderId) ?? new Set<Subscription>();
    subscribers.add(subscription);
    this.byOrder.set(orderId, subscribers);
    this.schedule();
    return () => {
      subscribers.delete(subscription);
      if (subscribers.size === 0 && this.byOrder.get(orderId) === subscribers) this.byOrder.delete(orderId);
    };
  }

  /** How many orders are watched right now (for tests and diagnostics). */
  get watchedOrders(): number {
    return this.byOrder.size;
  }

  /** Whether a poll is waiting or running: false whenever nobody listens. */
  get active(): boolean {
    return this.timer !== undefined || this.polling;
  }

  onModuleDestroy(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** One tick at a time: the next is scheduled when this one has finished, so slow reads never pile up. */
  private schedule(): void {
    if (this.stopped || this.polling || this.timer || this.byOrder.size === 0) return;
    this.timer = setTimeout(() => void this.poll(), this.options.pollIntervalMs);
  }

  private async poll(): Promise<void> {
    this.timer = undefined;
    this.polling = true;
    try {
      const cursors = new Map<string, number>();
      for (const [orderId, subscribers] of this.byOrder) cursors.set(orderId, Math.min(...[...subscribers].map((s) => s.cursor)));
      if (cursors.size > 0) this.fanOut(await this.feed.newerThan(cursors, BATCH_LIMIT));
      if (this.failing) this.logger.log('Reading the order updates feed works again');
      this.failing = false;
    } catch (err) {
      // Streams stay open and catch up once the database answers: each subscriber's cursor is unchanged.
      if (!this.failing) this.logger.warn(`Reading the order updates feed failed; retrying every tick: ${String(err)}`);
      this.failing = true;
    } finally {
      this.polling = false;
      this.schedule();
    }
  }

  /** Updates come ordered by order, then revision, so each subscriber sees its order's revisions in order. */
  private fanOut(updates: OrderUpdate[]): void {
    for (const update of updates) {
      for (const subscription of this.byOrder.get(update.orderId) ?? []) {
        if (update.revision <= subscription.cursor) continue;
        subscription.cursor = update.revision;
        try {
          subscription.deliver(update);
        } catch (err) {
          this.logger.warn(`An update stream for order ${update.orderId} failed to take revision ${update.revision}: ${String(err)}`);
        }
      }
    }
  }
}
