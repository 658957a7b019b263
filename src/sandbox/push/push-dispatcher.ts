import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Carrier } from '../../../workflows/shared/vocabulary';
import { CARRIER_EMULATORS } from '../carrier-emulators';
import { CarrierControls } from '../controls/carrier-controls';
import { SandboxParcelRepository } from '../parcels/sandbox-parcel.repository';
import type { SandboxParcel } from '../parcels/sandbox-parcel.schema';
import { SandboxParcelsService } from '../parcels/sandbox-parcels.service';
import { SANDBOX_CLOCK, SANDBOX_OPTIONS, type SandboxClock, type SandboxModuleOptions, type SandboxPushOptions } from '../sandbox.options';
import type { CarrierPushRenderer, PushMessage } from './carrier-push-renderer';

const DEFAULT_INTERVAL_MS = 500;
const BATCH = 50;
/** Waybill must acknowledge quickly (DHL expects 5 s); slower counts as a failed delivery. */
const DELIVERY_TIMEOUT_MS = 5_000;
const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 5 * 60_000;
/** Then the subscription is considered broken and the parcel is left to polling, as carriers disable failing hooks. */
const MAX_FAILURES = 12;

/**
 * Pushes each parcel's newly visible scans to Waybill's carrier webhooks, the way a subscribed
 * carrier does, and retries with back-off until Waybill acknowledges. Progress is stored on the
 * parcel with a conditional update, so several API replicas never push the same step twice on
 * purpose (duplicates after a lost acknowledgement are realistic, and Waybill must absorb them).
 */
@Injectable()
export class PushDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PushDispatcher.name);
  private readonly push: SandboxPushOptions | undefined;
  private readonly renderers: ReadonlyMap<Carrier, CarrierPushRenderer>;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    @Inject(SANDBOX_OPTIONS) options: SandboxModuleOptions,
    @Inject(SANDBOX_CLOCK) private readonly clock: SandboxClock,
    private readonly repository: SandboxParcelRepository,
    private readonly parcels: SandboxParcelsService,
    private readonly controls: CarrierControls,
  ) {
    this.push = options.push;
    const secrets = options.push?.secrets;
    this.renderers = new Map(secrets ? CARRIER_EMULATORS.map((e) => [e.carrier, e.pushRenderer(secrets)] as const) : []);
  }

  onApplicationBootstrap(): void {
    if (!this.push) return;
    this.timer = setInterval(() => void this.tick(), this.push.intervalMs ?? DEFAULT_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass over due parcels; a pass still running makes the next tick a no-op. */
  async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.pushDue()
      .catch((err: unknown) => this.logger.warn(`Push pass failed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => (this.running = undefined));
    await this.running;
  }

  private async pushDue(): Promise<void> {
    const due = await this.repository.findDueForPush(this.clock(), BATCH);
    await Promise.all(due.map((parcel) => this.pushParcel(parcel)));
  }

  private async pushParcel(parcel: SandboxParcel): Promise<void> {
    const push = this.push;
    const renderer = this.renderers.get(parcel.carrier);
    const played = await this.parcels.play(parcel.trackingNumber);
    if (!push || !renderer || !played) return;
    const seen = { pushedSteps: parcel.pushedSteps ?? 0, pushFailures: parcel.pushFailures ?? 0 };
    const { timeline } = played;
    const newSteps = timeline.steps.slice(seen.pushedSteps);
    if (newSteps.length === 0) {
      await this.repository.recordPush(parcel.trackingNumber, seen, { ...seen, pushEnabled: true, nextPushAt: timeline.nextStepAt });
      return;
    }
    const messages = renderer.render({ parcel, scenario: played.scenario, timeline, newSteps });
    const delivered = await this.deliverAll(`${push.targetUrl}/${parcel.carrier}`, messages);
    this.controls.recordPush(parcel.carrier, delivered);
    if (delivered) {
      await this.repository.recordPush(parcel.trackingNumber, seen, {
        pushedSteps: timeline.steps.length,
        pushFailures: 0,
        pushEnabled: true,
        nextPushAt: timeline.nextStepAt,
      });
      return;
    }
    const failures = seen.pushFailures + 1;
    const retryIn = Math.min(FIRST_RETRY_MS * 2 ** (failures - 1), MAX_RETRY_MS);
    if (failures >= MAX_FAILURES) this.logger.warn(`Giving up pushing ${parcel.carrier} parcel ${parcel.trackingNumber} after ${failures} failures`);
    await this.repository.recordPush(parcel.trackingNumber, seen, {
      pushedSteps: seen.pushedSteps,
      pushFailures: failures,
      pushEnabled: failures < MAX_FAILURES,
      nextPushAt: new Date(this.clock().getTime() + retryIn),
    });
  }

  /** Sends the messages in order; true only when Waybill acknowledged every one with a 2xx. */
  private async deliverAll(url: string, messages: PushMessage[]): Promise<boolean> {
    for (const message of messages) {
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: message.headers,
          body: message.body,
          signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
        });
        await response.arrayBuffer();
        if (!response.ok) {
          this.logger.warn(`Push to ${url} answered ${response.status}`);
          return false;
        }
      } catch (err) {
        this.logger.warn(`Push to ${url} failed: ${err instanceof Error ? err.message : String(err)}`);
        return false;
      }
    }
    return true;
  }
}
