import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker } from '@temporalio/worker';
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
import type { ActivityMetrics } from '../../activities/activity-metrics';
import { carrierTaskQueue, WAYBILL_TASK_QUEUE } from '../../workflows/shared/ids';
import type { Carrier } from '../../workflows/shared/vocabulary';
import type { WaybillConfig } from '../config/config';
import { WAYBILL_CONFIG } from '../config/config.module';
import { EscrowLedgerRepository } from '../persistence/escrow-ledger.repository';
import { OrderUpdatesRepository } from '../persistence/order-updates.repository';
import { OutboxRepository } from '../persistence/outbox.repository';
import { ReadModelRepository } from '../persistence/read-model.repository';
import { SupportAlertsRepository } from '../persistence/support-alerts.repository';
import { UnmatchedEventsRepository } from '../persistence/unmatched-events.repository';
import { ACTIVITY_METRICS } from '../metrics/metrics.tokens';
import { registerSearchAttributes } from '../temporal/search-attribute-registration';
import { waybillDataConverter } from '../temporal/payload-encryption/data-converter';
import type { Tracing } from '../tracing/tracing';
import { TRACING } from '../tracing/tracing.module';
import { workerObservability } from '../tracing/worker-interceptors';
import { buildCarrierAdapters } from './carrier-adapters';
import { buildEscrowProvider } from './escrow-provider';
import { NotificationPreferencesRepository } from '../persistence/notification-preferences.repository';
import { PlatformWebhookDeadLettersRepository } from '../persistence/platform-webhook-dead-letters.repository';
import { NotificationSuppressionsRepository } from '../persistence/notification-suppressions.repository';
import { UnsubscribeTokenService, unsubscribeTokenOptions } from '../notifications/unsubscribe-token.service';
import { CustomerTokenService, customerTokenOptions } from '../auth/customer-tokens';
import { SignedNotificationLinks } from './notification-links';
import { MongoNotificationPolicyStore } from './notification-policy-store';
import { buildPlatformWebhookSender } from './platform-webhook-sender';
import { buildPushSender } from './push-sender';
import { buildSmsSender } from './sms-sender';
import { SmtpEmailSender } from './smtp-email-sender';
import { workflowSource } from './workflow-source';

const CONNECT_RETRY_MS = 2000;

/**
 * Runs the Temporal workers: one on the main queue (workflows, read model, notifications) and one
 * activity-only worker per carrier queue, whose server-side rate limit caps calls to that carrier.
 * WORKER_TASK_QUEUES narrows a process to some of them (docs/operations.md).
 */
@Injectable()
export class WorkerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkerHost.name);
  private connection?: NativeConnection;
  private workers: Worker[] = [];
  private running?: Promise<unknown>;
  private email?: SmtpEmailSender;

  constructor(
    @Inject(WAYBILL_CONFIG) private readonly config: WaybillConfig,
    private readonly readModel: ReadModelRepository,
    private readonly outbox: OutboxRepository,
    private readonly unmatched: UnmatchedEventsRepository,
    private readonly escrowLedger: EscrowLedgerRepository,
    private readonly supportAlerts: SupportAlertsRepository,
    private readonly preferences: NotificationPreferencesRepository,
    private readonly suppressions: NotificationSuppressionsRepository,
    private readonly platformDeadLetters: PlatformWebhookDeadLettersRepository,
    private readonly orderUpdates: OrderUpdatesRepository,
    @Inject(TRACING) private readonly tracing: Tracing,
    @Inject(ACTIVITY_METRICS) private readonly metrics: ActivityMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // WORKER_TASK_QUEUES: a process may serve the main queue, some carrier queues, or (by default) all.
    const serves = this.config.workerTaskQueues;
    this.connection = await this.connect();
    if (serves.main) await this.ensureSearchAttributes(this.connection);
    const { connection } = this;
    const namespace = this.config.temporal.namespace;
    // Every worker decrypts what it reads and encrypts what it writes, carrier queues included.
    const dataConverter = await waybillDataConverter(this.config.temporal.payloadEncryptionKeys);

    const main = serves.main ? [await this.createMainWorker(connection, dataConverter)] : [];
    const carrierWorkers = await Promise.all(
      Object.entries(buildCarrierAdapters(this.config, this.metrics))
        .filter(([carrier]) => serves.carriers.includes(carrier as Carrier))
        .map(([carrier, configured]) =>
          Worker.create({
            connection,
            namespace,
            dataConverter,
            taskQueue: carrierTaskQueue(carrier),
            activities: createCarrierActivities({ [carrier]: configured.adapter }),
            maxTaskQueueActivitiesPerSecond: configured.maxCallsPerSecond,
            ...workerObservability(this.tracing, false),
            shutdownGraceTime: '10s',
          }),
        ),
    );
    this.workers = [...main, ...carrierWorkers];
    this.running = Promise.all(this.workers.map((w) => w.run())).catch((err: unknown) => {
      this.logger.error(`A Temporal worker stopped unexpectedly: ${err instanceof Error ? err.stack : String(err)}`);
      process.exit(1);
    });
    this.logger.log(`Workers polling ${this.workers.map((w) => w.options.taskQueue).join(', ')} at ${this.config.temporal.address}`);
  }

  /** The main queue's worker: both workflows and every activity but the carriers' calls. Only it sends email. */
  private async createMainWorker(connection: NativeConnection, dataConverter: DataConverter): Promise<Worker> {
    const namespace = this.config.temporal.namespace;
    this.email = new SmtpEmailSender(this.config.mail.smtpUrl, this.config.mail.from);
    const policy = new MongoNotificationPolicyStore(this.preferences, this.suppressions);
    return Worker.create({
      connection,
      namespace,
      dataConverter,
      taskQueue: WAYBILL_TASK_QUEUE,
      ...workflowSource(this.config.env === 'production'),
      // Tracing and correlation IDs (docs/observability.md); a production bundle has the workflow interceptors built in.
      ...workerObservability(this.tracing, this.config.env !== 'production'),
      activities: {
        ...createReadModelActivities(this.readModel, this.orderUpdates),
        ...createUnmatchedEventsActivities(this.unmatched),
        ...createEscrowActivities({ ledger: this.escrowLedger, provider: buildEscrowProvider(this.config), metrics: this.metrics }),
        ...createNotificationActivities({
          outbox: this.outbox,
          email: this.email,
          sms: buildSmsSender(this.config),
          push: buildPushSender(this.config),
          policy,
          links: new SignedNotificationLinks(
            new UnsubscribeTokenService(unsubscribeTokenOptions(this.config)),
            new CustomerTokenService(customerTokenOptions(this.config)),
            this.config.publicBaseUrl,
          ),
          brand: this.config.brand,
          messageIdDomain: new URL(this.config.publicBaseUrl).hostname,
          claimLeaseMs: this.config.outboxClaimLeaseMs,
          metrics: this.metrics,
        }),
        ...createNotificationPolicyActivities(policy),
        ...createPlatformWebhookActivities({ sender: buildPlatformWebhookSender(this.config), deadLetters: this.platformDeadLetters, metrics: this.metrics }),
        ...createSupportAlertActivities({
          store: this.supportAlerts,
          notifier: this.config.supportAlertEmail
            ? { email: this.email, to: this.config.supportAlertEmail, messageIdDomain: new URL(this.config.publicBaseUrl).hostname }
            : undefined,
        }),
      },
      shutdownGraceTime: '10s',
    });
  }

  /** Each Temporal worker's queue and state, for the worker's /health (empty until they are created). */
  workerStates(): Array<{ taskQueue: string; state: string }> {
    return this.workers.map((worker) => ({ taskQueue: worker.options.taskQueue, state: worker.getState() }));
  }

  async beforeApplicationShutdown(): Promise<void> {
    for (const worker of this.workers) if (worker.getState() === 'RUNNING') worker.shutdown();
    await this.running;
    this.email?.close();
    await this.connection?.close();
  }

  /** On a fresh cluster the search attributes do not exist yet; without them every start fails. */
  private async ensureSearchAttributes(connection: NativeConnection): Promise<void> {
    try {
      await registerSearchAttributes(connection, this.config.temporal.namespace);
    } catch (err) {
      this.logger.warn(`Could not register search attributes (register them as an admin, see the README): ${String(err)}`);
    }
  }

  /** Temporal may still be starting (a fresh dev stack, a rolling deploy): keep trying. */
  private async connect(): Promise<NativeConnection> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await NativeConnection.connect({ address: this.config.temporal.address });
      } catch (err) {
        if (attempt % 5 === 1) this.logger.warn(`Temporal at ${this.config.temporal.address} is not reachable yet (${String(err)}); retrying`);
        await new Promise((resolve) => setTimeout(resolve, CONNECT_RETRY_MS));
      }
    }
  }
}
