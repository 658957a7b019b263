import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createCarrierActivities, createNotificationActivities, createReadModelActivities, createUnmatchedEventsActivities } from '../../activities';
import type { PushedTrackingUpdate } from '../../activities/carriers/webhooks/webhook-delivery';
import type { CarrierAdapter } from '../../activities/carriers/carrier-adapter';
import type { PollPolicy } from '../../workflows/shipment/polling';
import { carrierTaskQueue, WAYBILL_TASK_QUEUE } from '../../workflows/shared/ids';
import { InMemoryOutbox, InMemoryReadModel, RecordingEmailSender } from './in-memory-stores';

export const TEST_POLL_POLICY: PollPolicy = {
  preTransitMs: 60 * 60_000,
  inTransitMs: 4 * 60 * 60_000,
  outForDeliveryMs: 30 * 60_000,
  awaitingPickupMs: 6 * 60 * 60_000,
  exceptionMs: 2 * 60 * 60_000,
  failureBackoffMs: 60 * 60_000,
};

/** Pushed updates waiting for a shipment, as the webhook ingress keeps them. */
export class InMemoryUnmatchedEvents {
  readonly kept: PushedTrackingUpdate[] = [];

  async take(carrier: string, trackingNumber: string): Promise<PushedTrackingUpdate[]> {
    const taken = this.kept.filter((u) => u.carrier === carrier && u.trackingNumber === trackingNumber);
    for (const update of taken) this.kept.splice(this.kept.indexOf(update), 1);
    return taken;
  }
}

export interface Harness {
  readModel: InMemoryReadModel;
  unmatched: InMemoryUnmatchedEvents;
  outbox: InMemoryOutbox;
  email: RecordingEmailSender;
  /** Runs the main and carrier workers around `fn`. */
  run<T>(fn: () => Promise<T>): Promise<T>;
}

/**
 * The real workflows and the real activity code, with in-memory stores and a scripted carrier in
 * place of MongoDB, SMTP and the carrier's HTTP API. Every harness gets its own task queues.
 */
export function createHarness(env: TestWorkflowEnvironment, bundle: WorkflowBundleWithSourceMap, carrier: CarrierAdapter): Harness {
  const readModel = new InMemoryReadModel();
  const outbox = new InMemoryOutbox();
  const email = new RecordingEmailSender();
  const unmatched = new InMemoryUnmatchedEvents();
  return {
    readModel,
    unmatched,
    outbox,
    email,
    async run<T>(fn: () => Promise<T>): Promise<T> {
      const main = await Worker.create({
        connection: env.nativeConnection,
        taskQueue: WAYBILL_TASK_QUEUE,
        workflowBundle: bundle,
        activities: {
          ...createReadModelActivities(readModel),
          ...createUnmatchedEventsActivities(unmatched),
          ...createNotificationActivities({ outbox, email, brand: { name: 'Waybill Test' }, messageIdDomain: 'waybill.test' }),
        },
      });
      const carrierWorker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue: carrierTaskQueue(carrier.carrier),
        activities: createCarrierActivities({ [carrier.carrier]: carrier }),
      });
      return main.runUntil(carrierWorker.runUntil(fn()));
    },
  };
}

export const uniqueOrderId = (): string => `T-${randomUUID().slice(0, 8)}`;
