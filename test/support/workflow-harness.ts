import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createCarrierActivities, createNotificationActivities, createReadModelActivities } from '../../activities';
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

export interface Harness {
  readModel: InMemoryReadModel;
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
  return {
    readModel,
    outbox,
    email,
    async run<T>(fn: () => Promise<T>): Promise<T> {
      const main = await Worker.create({
        connection: env.nativeConnection,
        taskQueue: WAYBILL_TASK_QUEUE,
        workflowBundle: bundle,
        activities: {
          ...createReadModelActivities(readModel),
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
