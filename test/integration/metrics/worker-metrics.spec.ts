import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadConfig } from '../../../src/config/config';
import { temporalExecutable } from '../../../src/infra/tool-paths';
import { temporalRuntimeTelemetry } from '../../../src/metrics/temporal-runtime-metrics';
import { TEST_ONLY_PAYLOAD_ENCRYPTION_KEYS } from '../../../src/temporal/payload-encryption/payload-encryption-keys';
import { WorkerModule } from '../../../src/worker/worker.module';
import type { OrderWorkflowInput } from '../../../workflows/order/order.types';
import { orderWorkflow } from '../../../workflows/order/order.workflow';
import { orderWorkflowId, WAYBILL_TASK_QUEUE } from '../../../workflows/shared/ids';
import { WAYBILL_SEARCH_ATTRIBUTES } from '../../../workflows/shared/search-attributes';
import { freePort } from '../../support/free-port';
import { waitUntil } from '../../support/http-client';
import { startTestMongo, type TestMongo } from '../../support/mongo-server';
import { testDataConverter } from '../../support/temporal-test-env';
import { TEST_POLL_POLICY, uniqueOrderId } from '../../support/workflow-harness';

/*
 * The real worker host (WorkerModule, as main.worker.ts starts it) with its metrics port, on
 * FerretDB and the Temporal dev server, with Temporal core's Prometheus exporter installed as
 * main.worker.ts installs it. An order's first notification and status webhook fail (no SMTP
 * server, no platform receiver) and are counted; one scrape of /metrics has Waybill's series and
 * Temporal core's; /health follows the workers' state.
 */
describe('worker /metrics and /health', () => {
  let mongo: TestMongo | undefined;
  let temporal: TestWorkflowEnvironment | undefined;
  let worker: INestApplicationContext | undefined;
  let baseUrl = '';
  const token = 'worker-metrics-token-0123456789abcdef0123';

  beforeAll(async () => {
    const [metricsPort, temporalMetricsPort, unreachable] = await Promise.all([freePort(), freePort(), freePort()]);
    mongo = await startTestMongo('worker_metrics');
    const config = loadConfig({
      WAYBILL_ENV: 'test',
      MONGODB_URI: mongo.uri,
      PAYLOAD_ENCRYPTION_KEYS: TEST_ONLY_PAYLOAD_ENCRYPTION_KEYS,
      // Nothing listens there: every email and status webhook fails, and is retried.
      SMTP_URL: `smtp://127.0.0.1:${unreachable}`,
      PLATFORM_WEBHOOK_URL: `http://127.0.0.1:${unreachable}/webhooks`,
      PLATFORM_WEBHOOK_SECRET: `whsec_${Buffer.from('worker-metrics-spec-secret-32byte').toString('base64')}`,
      WORKER_METRICS_PORT: String(metricsPort),
      WORKER_TEMPORAL_METRICS_PORT: String(temporalMetricsPort),
      METRICS_TOKEN: token,
      LOG_LEVEL: 'error',
    });
    // As main.worker.ts does, before anything talks to Temporal.
    Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: temporalRuntimeTelemetry(config.metrics) });
    temporal = await TestWorkflowEnvironment.createLocal({
      server: { executable: await temporalExecutable('temporal'), searchAttributes: WAYBILL_SEARCH_ATTRIBUTES },
      client: { dataConverter: await testDataConverter() },
    });
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot({ ...config, temporal: { ...config.temporal, address: temporal.address } }), { logger: false });
    worker.enableShutdownHooks();
    baseUrl = `http://127.0.0.1:${metricsPort}`;
  }, 180_000);

  afterAll(async () => {
    await worker?.close();
    await Promise.all([temporal?.teardown(), mongo?.stop()]);
  }, 60_000);

  const scrape = async (): Promise<string> => {
    const response = await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    return response.text();
  };
  const sample = (text: string, series: string): number | undefined => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };

  it('answers /health 200 with every worker RUNNING', async () => {
    const response = await fetch(`${baseUrl}/health`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; workers: Array<{ taskQueue: string; state: string }> };
    expect(body.status).toBe('ok');
    expect(body.workers.map((w) => w.taskQueue)).toEqual(expect.arrayContaining([WAYBILL_TASK_QUEUE, 'carrier-ups']));
    expect(body.workers.every((w) => w.state === 'RUNNING')).toBe(true);
  });

  it('refuses /metrics without the token', async () => {
    expect((await fetch(`${baseUrl}/metrics`)).status).toBe(401);
    expect((await fetch(`${baseUrl}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
  });

  it('counts what an order’s activities did, and appends Temporal core’s series to the same scrape', async () => {
    const orderId = uniqueOrderId();
    const input: OrderWorkflowInput = {
      order: { orderId, customer: { name: 'Ada Lovelace', email: 'ada@example.com', timeZone: 'America/New_York' } },
      requestHash: 'metrics-spec',
      pollPolicy: TEST_POLL_POLICY,
    };
    await temporal!.client.workflow.start(orderWorkflow, { workflowId: orderWorkflowId(orderId), taskQueue: WAYBILL_TASK_QUEUE, args: [input] });

    const text = await waitUntil(
      'the failed email and status webhook to be counted',
      async () => {
        const current = await scrape();
        const emails = sample(current, 'waybill_notifications_total{channel="email",outcome="failed_retryable"}') ?? 0;
        const webhooks = sample(current, 'waybill_platform_webhooks_total{outcome="failed_retryable"}') ?? 0;
        return emails >= 1 && webhooks >= 1 ? current : undefined;
      },
      60_000,
    );
    expect(text).not.toContain('ada@example.com');
    expect(text).not.toContain(orderId);
    // Waybill's own series, pre-initialised at zero…
    expect(sample(text, 'waybill_carrier_calls_total{carrier="ups",endpoint="track",outcome="rate_limited"}')).toBe(0);
    expect(sample(text, 'waybill_escrow_settlements_total{action="release",outcome="settled"}')).toBe(0);
    // …Node's…
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    // …and Temporal core's, from its exporter on loopback.
    expect(text).toMatch(/^temporal_worker_task_slots_available\{.*task_queue="waybill".*\} \d+/m);
    expect(text).toMatch(/^temporal_request\{/m);
    expect(text).toMatch(/^temporal_activity_execution_failed\{.*activity_type="sendNotification"/m);
  }, 90_000);
});
