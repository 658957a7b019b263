import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import {
  createCarrierActivities,
  createEscrowActivities,
  createNotificationActivities,
  createNotificationPolicyActivities,
  createPlatformWebhookActivities,
  createReadModelActivities,
  createSupportAlertActivities,
  createUnmatchedEventsActivities,
} from '../../activities';
import type { PushedTrackingUpdate } from '../../activities/carriers/webhooks/webhook-delivery';
import type { CarrierAdapter } from '../../activities/carriers/carrier-adapter';
import { DEFAULT_LIFECYCLE_POLICY, type LifecyclePolicy } from '../../workflows/shared/lifecycle-policy';
import type { PollPolicy } from '../../workflows/shipment/polling';
import { carrierTaskQueue, WAYBILL_TASK_QUEUE } from '../../workflows/shared/ids';
import { Tracing } from '../../src/tracing/tracing';
import { workerObservability } from '../../src/tracing/worker-interceptors';
import { InMemoryEscrowLedger, InMemoryEscrowProvider } from './in-memory-escrow';
import { InMemoryOutbox, InMemoryReadModel, RecordingEmailSender } from './in-memory-stores';
import { InMemoryNotificationPolicy, RecordingPushSender, RecordingSmsSender } from './in-memory-notifications';
import { InMemoryPlatformWebhookDeadLetters, ScriptedPlatformWebhookSender } from './in-memory-platform-webhooks';
import { InMemorySupportAlerts } from './in-memory-support-alerts';
import { testDataConverter } from './temporal-test-env';

export const TEST_POLL_POLICY: PollPolicy = {
  preTransitMs: 60 * 60_000,
  inTransitMs: 4 * 60 * 60_000,
  outForDeliveryMs: 30 * 60_000,
  awaitingPickupMs: 6 * 60 * 60_000,
  exceptionMs: 2 * 60 * 60_000,
  failureBackoffMs: 60 * 60_000,
};

/**
 * Production's lifecycle with one change for tests on the real-time dev server: a delivery's second,
 * confirming read comes 50 ms after the first rather than 15 minutes.
 */
export const TEST_LIFECYCLE_POLICY: LifecyclePolicy = { ...DEFAULT_LIFECYCLE_POLICY, deliveryConfirmDelayMs: 50 };

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
  escrowLedger: InMemoryEscrowLedger;
  escrowProvider: InMemoryEscrowProvider;
  alerts: InMemorySupportAlerts;
  sms: RecordingSmsSender;
  push: RecordingPushSender;
  notificationPolicy: InMemoryNotificationPolicy;
  platformWebhooks: ScriptedPlatformWebhookSender;
  platformDeadLetters: InMemoryPlatformWebhookDeadLetters;
  /** Runs the main and carrier workers around `fn`. */
  run<T>(fn: () => Promise<T>): Promise<T>;
}

/**
 * The real workflows and the real activity code, with in-memory stores and a scripted carrier in
 * place of MongoDB, SMTP and the carrier's HTTP API. Every harness gets its own task queues. Its
 * workers have production's interceptors and span sink; `tracing` is off unless a test gives one.
 */
export function createHarness(
  env: TestWorkflowEnvironment,
  bundle: WorkflowBundleWithSourceMap,
  carrier: CarrierAdapter,
  tracing: Tracing = new Tracing({ serviceName: 'waybill-worker' }),
): Harness {
  const readModel = new InMemoryReadModel();
  const outbox = new InMemoryOutbox();
  const email = new RecordingEmailSender();
  const unmatched = new InMemoryUnmatchedEvents();
  const escrowLedger = new InMemoryEscrowLedger();
  const escrowProvider = new InMemoryEscrowProvider();
  const alerts = new InMemorySupportAlerts();
  const sms = new RecordingSmsSender();
  const push = new RecordingPushSender();
  const notificationPolicy = new InMemoryNotificationPolicy();
  const platformWebhooks = new ScriptedPlatformWebhookSender();
  const platformDeadLetters = new InMemoryPlatformWebhookDeadLetters();
  return {
    readModel,
    unmatched,
    outbox,
    email,
    escrowLedger,
    escrowProvider,
    alerts,
    sms,
    push,
    notificationPolicy,
    platformWebhooks,
    platformDeadLetters,
    async run<T>(fn: () => Promise<T>): Promise<T> {
      const dataConverter = await testDataConverter();
      const main = await Worker.create({
        connection: env.nativeConnection,
        dataConverter,
        taskQueue: WAYBILL_TASK_QUEUE,
        // A test's end stops the worker: let activities in flight finish rather than wait out their timeouts.
        shutdownGraceTime: '10s',
        workflowBundle: bundle,
        ...workerObservability(tracing, false),
        activities: {
          ...createReadModelActivities(readModel),
          ...createUnmatchedEventsActivities(unmatched),
          ...createNotificationActivities({ outbox, email, sms, push, policy: notificationPolicy, brand: { name: 'Waybill Test' }, messageIdDomain: 'waybill.test' }),
          ...createNotificationPolicyActivities(notificationPolicy),
          ...createPlatformWebhookActivities({ sender: platformWebhooks, deadLetters: platformDeadLetters }),
          ...createEscrowActivities({ ledger: escrowLedger, provider: escrowProvider }),
          ...createSupportAlertActivities({ store: alerts }),
        },
      });
      const carrierWorker = await Worker.create({
        connection: env.nativeConnection,
        dataConverter,
        taskQueue: carrierTaskQueue(carrier.carrier),
        shutdownGraceTime: '10s',
        activities: createCarrierActivities({ [carrier.carrier]: carrier }),
        ...workerObservability(tracing, false),
      });
      return main.runUntil(carrierWorker.runUntil(fn()));
    },
  };
}

export const uniqueOrderId = (): string => `T-${randomUUID().slice(0, 8)}`;
