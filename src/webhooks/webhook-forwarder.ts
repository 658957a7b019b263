import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import type { PushedTrackingUpdate } from '../../activities/carriers/webhooks/webhook-delivery';
import { shipmentWorkflowId } from '../../workflows/shared/ids';
import { carrierEventsSignal, type CarrierEventsInput } from '../../workflows/shipment/shipment.messages';
import type { WaybillConfig } from '../config/config';
import { WAYBILL_CONFIG } from '../config/config.module';
import { WebhookForwardMetrics } from '../metrics/webhook-forward-metrics';
import { ReadModelRepository } from '../persistence/read-model.repository';
import { UnmatchedEventsRepository } from '../persistence/unmatched-events.repository';
import { WebhookInboxRepository, type ClaimedInboxEntry } from '../persistence/webhook-inbox.repository';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client.module';

export interface WebhookForwardingOptions {
  /** Hand-overs at once per API process. */
  concurrency: number;
  /** How long a taken entry is this process's; past it, another process (or a restart) may take it. */
  leaseMs: number;
  /** How often waiting entries are looked for: ones a crashed process held, and failed ones due a retry. */
  sweepIntervalMs: number;
  /** Back-off after a failed try: doubles from the first, up to the last. */
  retryMinMs: number;
  retryMaxMs: number;
  /** Keys handed over longer ago than the retention are deleted at most this often: until then they are only clutter. */
  forgetIntervalMs: number;
}
export const WEBHOOK_FORWARDING = Symbol('WEBHOOK_FORWARDING');
export const DEFAULT_WEBHOOK_FORWARDING: WebhookForwardingOptions = { concurrency: 16, leaseMs: 60_000, sweepIntervalMs: 5_000, retryMinMs: 1_000, retryMaxMs: 300_000, forgetIntervalMs: 600_000 };
/** Keys queued (or parked) in memory; past this, the sweep picks the rest up from the inbox. */
const MAX_QUEUED = 10_000;
/** Entries a sweep looks at: it pages through the waiting ones, so a long backlog is covered in turns. */
const SWEEP_PAGE = 500;
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * Hands acknowledged carrier pushes to the shipment workflows that follow their tracking numbers
 * (docs/webhooks.md). The inbox is the queue: an entry is taken under a lease, so API replicas do
 * not hand the same payload over at once (on MongoDB; FerretDB's claims can overlap), and one a
 * crashed process held is taken again once its lease runs out. The workflows drop repeated scans,
 * so a payload handed over twice is harmless.
 *
 * A parcel's payloads go over one at a time, in arrival order, retries included: the inbox refuses
 * to hand out an entry while an earlier one about the same parcel waits. Such an entry is parked
 * here and queued again the moment its predecessor is handed over (or by a later sweep, if another
 * process hands the predecessor over).
 */
@Injectable()
export class WebhookForwarder implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WebhookForwarder.name);
  private readonly queue: string[] = [];
  /** Keys queued or being handed over here, so a sweep does not queue one again meanwhile. */
  private readonly active = new Set<string>();
  private readonly inFlight = new Set<Promise<void>>();
  /** Keys waiting behind an earlier payload, by the parcel lanes they wait on. */
  private readonly parkedByLane = new Map<string, Set<string>>();
  private readonly lanesOfParked = new Map<string, string[]>();
  /** Where the next sweep resumes in the arrival order; 0 starts over. */
  private sweepCursor = 0;
  /** Payloads this process has handed over so far: tells a blocked claim whether a wake-up may have passed it by. */
  private handedOver = 0;
  private lastForgetAt = 0;
  private sweepTimer?: NodeJS.Timeout;
  private sweeping = false;
  private stopped = false;

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(WAYBILL_CONFIG) private readonly config: WaybillConfig,
    @Inject(WEBHOOK_FORWARDING) private readonly options: WebhookForwardingOptions,
    private readonly inbox: WebhookInboxRepository,
    private readonly unmatched: UnmatchedEventsRepository,
    private readonly readModel: ReadModelRepository,
    private readonly metrics: WebhookForwardMetrics,
  ) {}

  onApplicationBootstrap(): void {
    // At once: a restart picks up what the previous process acknowledged but did not hand over.
    void this.sweep();
    this.sweepTimer = setInterval(() => void this.sweep(), this.options.sweepIntervalMs);
    this.sweepTimer.unref();
  }

  /** Before the Temporal and MongoDB connections close, so the hand-overs under way can finish. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.sweepTimer);
    // What is still queued or held is taken again from the inbox, by another replica or the next start.
    const grace = new Promise<void>((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref());
    await Promise.race([Promise.allSettled([...this.inFlight]), grace]);
  }

  /** Hands the entry over soon, in this process. */
  schedule(key: string): void {
    if (this.stopped || this.active.has(key) || this.queue.length >= MAX_QUEUED) return;
    this.unpark(key);
    this.queue.push(key);
    this.active.add(key);
    this.pump();
  }

  /** Queues every entry that is free to take now. */
  async sweep(): Promise<void> {
    if (this.sweeping || this.stopped) return;
    this.sweeping = true;
    try {
      const room = MAX_QUEUED - this.queue.length;
      if (room <= 0) return;
      const limit = Math.min(room, SWEEP_PAGE);
      const page = await this.inbox.due(limit, this.sweepCursor);
      this.sweepCursor = page.length < limit ? 0 : (page.at(-1)?.sequence ?? 0);
      for (const { key } of page) this.schedule(key);
      await this.forgetOldKeys();
    } catch (err) {
      this.logger.warn(`Could not look for waiting carrier pushes: ${(err as Error).message}`);
    } finally {
      this.sweeping = false;
    }
  }

  /**
   * Deletes the keys of payloads handed over longer ago than the retention. A carrier resending one
   * after that is handed over again, which the workflows' fingerprint dedupe makes harmless.
   */
  private async forgetOldKeys(): Promise<void> {
    const now = Date.now();
    if (now - this.lastForgetAt < this.options.forgetIntervalMs) return;
    this.lastForgetAt = now;
    const forgotten = await this.inbox.forgetProcessedBefore(new Date(now - this.config.webhooks.inboxRetentionMs));
    if (forgotten > 0) this.logger.log(`Forgot ${forgotten} carrier push keys handed over more than the retention ago`);
  }

  /** Resolves once nothing is queued or being handed over (for tests and shutdown). */
  async idle(): Promise<void> {
    // Anything queued is taken as soon as a slot frees, so nothing in flight means nothing queued.
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private pump(): void {
    while (!this.stopped && this.inFlight.size < this.options.concurrency && this.queue.length > 0) {
      const key = this.queue.shift() as string;
      const run: Promise<void> = this.forward(key)
        .catch(() => false)
        .then((claimAgain) => {
          this.inFlight.delete(run);
          this.active.delete(key);
          if (claimAgain) this.schedule(key);
          this.pump();
        });
      this.inFlight.add(run);
    }
  }

  /** One try at handing the entry over; true when it should be claimed again at once. */
  private async forward(key: string): Promise<boolean> {
    let entry: ClaimedInboxEntry | undefined;
    try {
      const handedOverBefore = this.handedOver;
      const claim = await this.inbox.claim(key, this.options.leaseMs);
      if (claim.outcome === 'blocked') {
        // The predecessor may have gone over while the store answered, waking what was parked
        // before this entry could park: look again rather than wait for the next sweep.
        if (this.handedOver !== handedOverBefore) return true;
        this.park(key, claim.lanes);
        return false;
      }
      if (claim.outcome === 'unavailable') return false;
      entry = claim.entry;
      let matched = 0;
      for (const update of entry.updates) if (await this.route(update)) matched += 1;
      await this.inbox.markProcessed(key);
      this.handedOver += 1;
      this.wakeBehind(entry.lanes);
      this.metrics.observe(entry.source, 'forwarded', secondsSince(entry.receivedAt));
      // Key prefix and counts only: payloads hold addresses and names.
      this.logger.log(`Webhook ${key.slice(0, 80)}: ${matched} of ${entry.updates.length} updates handed to shipments, the rest kept for later`);
    } catch (err) {
      if (!entry) {
        this.logger.warn(`Could not take webhook ${key.slice(0, 80)} from the inbox: ${(err as Error).message}`);
        return false;
      }
      const delayMs = retryDelayMs(entry.attempts, this.options);
      this.metrics.observe(entry.source, 'retry', secondsSince(entry.receivedAt));
      this.logger.warn(`Webhook ${key.slice(0, 80)} not handed over (try ${entry.attempts}), next try in ${Math.round(delayMs / 1000)} s: ${(err as Error).message}`);
      // If even this fails, the lease runs out and the sweep tries again.
      await this.inbox.release(key, new Date(Date.now() + delayMs)).catch(() => undefined);
    }
    return false;
  }

  private park(key: string, lanes: string[]): void {
    if (this.lanesOfParked.size >= MAX_QUEUED) return; // the sweep finds it later
    this.lanesOfParked.set(key, lanes);
    for (const lane of lanes) {
      const parked = this.parkedByLane.get(lane) ?? new Set<string>();
      parked.add(key);
      this.parkedByLane.set(lane, parked);
    }
  }

  private unpark(key: string): void {
    for (const lane of this.lanesOfParked.get(key) ?? []) {
      const parked = this.parkedByLane.get(lane);
      parked?.delete(key);
      if (parked?.size === 0) this.parkedByLane.delete(lane);
    }
    this.lanesOfParked.delete(key);
  }

  /** A payload went over: what waited behind it on its parcels may go next. */
  private wakeBehind(lanes: string[]): void {
    for (const lane of lanes) for (const key of [...(this.parkedByLane.get(lane) ?? [])]) this.schedule(key);
  }

  /** True when a shipment took the update; false when it was kept for a shipment added later. */
  private async route(update: PushedTrackingUpdate): Promise<boolean> {
    if (await this.signalShipments(update)) return true;
    const expiresAt = new Date(Date.now() + this.config.webhooks.unmatchedRetentionMs);
    const id = await this.unmatched.keep(update, expiresAt);
    // A shipment created between the lookup and the insert has already taken what was kept before;
    // look again so this update is not stranded until it expires.
    if (await this.signalShipments(update)) {
      await this.unmatched.remove(id);
      return true;
    }
    return false;
  }

  private async signalShipments(update: PushedTrackingUpdate): Promise<boolean> {
    const shipmentIds = await this.readModel.findShipmentIdsByTracking(update.carrier, update.trackingNumber);
    const input: CarrierEventsInput = { events: update.events, estimatedDelivery: update.estimatedDelivery, proofOfDelivery: update.proofOfDelivery };
    for (const shipmentId of shipmentIds) {
      try {
        await this.temporal.workflow.getHandle(shipmentWorkflowId(shipmentId)).signal(carrierEventsSignal, input);
      } catch (err) {
        // A finished shipment has nothing left to learn from the carrier.
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      }
    }
    return shipmentIds.length > 0;
  }
}

/** The wait after failed try number `attempt` (1-based): doubling from the first delay, capped. */
export function retryDelayMs(attempt: number, { retryMinMs, retryMaxMs }: Pick<WebhookForwardingOptions, 'retryMinMs' | 'retryMaxMs'>): number {
  return Math.min(retryMaxMs, retryMinMs * 2 ** Math.min(30, Math.max(0, attempt - 1)));
}

function secondsSince(date: Date): number {
  return Math.max(0, (Date.now() - date.getTime()) / 1000);
}
