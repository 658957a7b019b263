/**
 * The benchmarks' worker, in a child process of its own so its CPU time and resident memory are its
 * own (`process.cpuUsage`, `process.memoryUsage().rss`), not the bench driver's. It runs Waybill's
 * real workflows and real activity code, and the bare baseline on a queue of its own.
 *
 * The activities' dependencies are in-process sinks that keep nothing (read model, email) or little
 * (outbox keys, escrow ledger): the benchmarks measure the worker's durable-execution cost, not
 * MongoDB's or an SMTP server's latency, which the bare baseline would not pay either.
 *
 * Started by bench/lib/worker-process.ts with its settings in BENCH_WORKER_SETTINGS (JSON).
 */
import { NativeConnection, Worker, bundleWorkflowCode, DefaultLogger, Runtime } from '@temporalio/worker';
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
import type { OutgoingEmail } from '../../activities/notifications/outbox';
import type { ReadModelStore } from '../../activities/read-model/read-model.activities';
import { FAILURE_CONVERTER_PATH } from '../../src/temporal/payload-encryption/data-converter';
import { carrierTaskQueue } from '../../workflows/shared/ids';
import type { TrackingEvent } from '../../workflows/shared/tracking';
import { InMemoryEscrowLedger, InMemoryEscrowProvider } from '../../test/support/in-memory-escrow';
import { InMemoryOutbox } from '../../test/support/in-memory-stores';
import { InMemoryNotificationPolicy, RecordingPushSender, RecordingSmsSender } from '../../test/support/in-memory-notifications';
import { InMemoryPlatformWebhookDeadLetters, ScriptedPlatformWebhookSender } from '../../test/support/in-memory-platform-webhooks';
import { InMemorySupportAlerts } from '../../test/support/in-memory-support-alerts';
import { InMemoryUnmatchedEvents } from '../../test/support/workflow-harness';
import { testDataConverter } from '../../test/support/temporal-test-env';
import { bareActivities } from '../workflows/bare.activities';
import { BenchCarrier } from './bench-carrier';

export interface BenchWorkerSettings {
  address: string;
  /** Waybill's order and shipment workflows; shipments inherit the order's queue. */
  candidateTaskQueue?: string;
  bareTaskQueue?: string;
  maxCachedWorkflows: number;
  maxConcurrentWorkflowTaskExecutions?: number;
}

export type ToWorker = { type: 'scan'; trackingNumber: string; event: TrackingEvent } | { type: 'forget'; trackingNumber: string } | { type: 'usage'; id: number; gc?: boolean };
export type FromWorker = { type: 'ready' } | { type: 'usage'; id: number; cpuMicros: number; rss: number; heapUsed: number; cachedWorkflows: number; carrierCalls: number; carrierCallGapsMs: number[] };

/** Writes go nowhere: the bench reads state from Temporal, and keeping it would grow the worker's memory. */
class DiscardingReadModel implements ReadModelStore {
  upsertOrder(): Promise<boolean> {
    return Promise.resolve(true);
  }
  async upsertShipment(): Promise<void> {}
}

class DiscardingEmailSender {
  private sent = 0;
  send(_email: OutgoingEmail): Promise<{ providerMessageId: string }> {
    this.sent += 1;
    return Promise.resolve({ providerMessageId: `bench-${this.sent}` });
  }
}

async function main(): Promise<void> {
  const settings = JSON.parse(process.env.BENCH_WORKER_SETTINGS ?? '') as BenchWorkerSettings;
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const connection = await NativeConnection.connect({ address: settings.address });
  const dataConverter = await testDataConverter();
  const carrier = new BenchCarrier('ups');
  const common = { connection, dataConverter, maxCachedWorkflows: settings.maxCachedWorkflows, shutdownGraceTime: '2s' as const, maxConcurrentWorkflowTaskExecutions: settings.maxConcurrentWorkflowTaskExecutions };
  const workers: Worker[] = [];
  if (settings.candidateTaskQueue) {
    const outbox = new InMemoryOutbox();
    const notificationPolicy = new InMemoryNotificationPolicy();
    workers.push(
      await Worker.create({
        ...common,
        taskQueue: settings.candidateTaskQueue,
        workflowBundle: await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), failureConverterPath: FAILURE_CONVERTER_PATH, logger: new DefaultLogger('ERROR') }),
        activities: {
          ...createReadModelActivities(new DiscardingReadModel()),
          ...createUnmatchedEventsActivities(new InMemoryUnmatchedEvents()),
          ...createNotificationActivities({ outbox, email: new DiscardingEmailSender(), sms: new RecordingSmsSender(), push: new RecordingPushSender(), policy: notificationPolicy, brand: { name: 'Waybill Bench' }, messageIdDomain: 'waybill.bench' }),
          ...createNotificationPolicyActivities(notificationPolicy),
          ...createPlatformWebhookActivities({ sender: new ScriptedPlatformWebhookSender(), deadLetters: new InMemoryPlatformWebhookDeadLetters() }),
          ...createEscrowActivities({ ledger: new InMemoryEscrowLedger(), provider: new InMemoryEscrowProvider() }),
          ...createSupportAlertActivities({ store: new InMemorySupportAlerts() }),
        },
      }),
      await Worker.create({ ...common, taskQueue: carrierTaskQueue(carrier.carrier), activities: createCarrierActivities({ [carrier.carrier]: carrier }) }),
    );
  }
  if (settings.bareTaskQueue) {
    workers.push(
      await Worker.create({
        ...common,
        taskQueue: settings.bareTaskQueue,
        workflowBundle: await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), failureConverterPath: FAILURE_CONVERTER_PATH, logger: new DefaultLogger('ERROR') }),
        activities: bareActivities,
      }),
    );
  }
  process.on('message', (message: ToWorker) => {
    if (message.type === 'scan') carrier.record(message.trackingNumber, message.event);
    else if (message.type === 'forget') carrier.forget(message.trackingNumber);
    else if (message.type === 'usage') {
      // Memory is read after a full collection (the worker runs with --expose-gc), so garbage is not counted.
      if (message.gc) (globalThis as { gc?: () => void }).gc?.();
      const { user, system } = process.cpuUsage();
      const cachedWorkflows = workers.reduce((sum, w) => sum + w.getStatus().numCachedWorkflows, 0);
      const { rss, heapUsed } = process.memoryUsage();
      send({ type: 'usage', id: message.id, cpuMicros: user + system, rss, heapUsed, cachedWorkflows, carrierCalls: carrier.calls, carrierCallGapsMs: carrier.takeCallGaps() });
    }
  });
  process.on('disconnect', () => workers.forEach((w) => w.shutdown()));
  const running = Promise.all(workers.map((w) => w.run()));
  send({ type: 'ready' });
  await running;
  await connection.close();
}

const send = (message: FromWorker) => process.send?.(message);

main().catch((err: unknown) => {
  console.error('Bench worker failed:', err);
  process.exit(1);
});
