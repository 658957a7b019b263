import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { loadOrCreateDevCustomerTokenSecrets, loadOrCreateDevPayloadEncryptionKeys } from '../../src/dev/dev-api-keys';
import { ProcessSupervisor, waitForHttpOk } from '../../src/dev/process-supervisor';
import { PROJECT_ROOT } from '../../src/infra/tool-paths';
import { WORKFLOW_BUNDLE_PATH } from '../../src/worker/workflow-source';
import { carrierTaskQueue, WAYBILL_TASK_QUEUE } from '../../workflows/shared/ids';
import { startCrashableWorkerStack, type CrashableWorkerStack } from '../support/crashable-worker-stack';
import { allocatePorts, GENEROUS_RATE_LIMITS, STACK_LOG } from '../support/dev-stack-process';
import { freePort } from '../support/free-port';
import { httpClient, waitUntil } from '../support/http-client';

const DIST = join(PROJECT_ROOT, 'dist', 'src');
const HOST = '127.0.0.1';

/** A worker's own /health and /metrics port, and Temporal core's behind it: in production each container has the defaults. */
const metricsPorts = async (workerPort: number) => ({ WORKER_METRICS_PORT: String(workerPort), WORKER_TEMPORAL_METRICS_PORT: String(await freePort()) });

/**
 * The production process layout of docker-compose.yml, as real processes from `dist/`: an API, a
 * worker on the main queue only and a worker on the UPS queue only, each with WAYBILL_ENV=production
 * and the prebuilt workflow bundle. Temporal, FerretDB and the sandbox (carrier emulators, SMTP
 * sink) come from the crashable-worker stack, whose own development worker is stopped first;
 * production refuses the sandbox, so it is reached at its URLs as a real carrier would be.
 *
 * Carrier pushes are off: the parcel can only be seen delivered by polling, and only the
 * carrier-only process serves the UPS queue. Until it starts, nothing asks the carrier.
 */
describe('production worker roles: a main-only worker and a carrier-only worker', () => {
  const runId = Date.now().toString(36);
  let dataDir: string;
  let stack: CrashableWorkerStack;
  let connection: Connection;
  const processes = new ProcessSupervisor();
  const exits: string[] = [];
  processes.whenAnyExitsUnexpectedly((name, code) => exits.push(`${name} exited with code ${code}`));
  let productionApiUrl: string;
  let productionEnv: NodeJS.ProcessEnv;
  let mainWorkerPid: number;
  let mainHealthPort: number;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'waybill-e2e-roles-'));
    const ports = await allocatePorts();
    stack = await startCrashableWorkerStack(dataDir, ports, { SANDBOX_PUSH_ENABLED: 'false', ...GENEROUS_RATE_LIMITS });
    await stack.killWorker();
    connection = await Connection.connect({ address: stack.temporalAddress });

    const apiPort = await freePort();
    productionApiUrl = `http://${HOST}:${apiPort}`;
    const sandbox = `${stack.apiUrl}/sandbox`;
    const { TEMPORAL_ADDRESS: _t, MONGODB_URI: _m, WAYBILL_ENV: _e, ...inherited } = process.env;
    productionEnv = {
      ...inherited,
      WAYBILL_ENV: 'production',
      HOST,
      PORT: String(apiPort),
      PUBLIC_BASE_URL: productionApiUrl,
      TEMPORAL_ADDRESS: stack.temporalAddress,
      TEMPORAL_NAMESPACE: stack.namespace,
      MONGODB_URI: stack.mongoUri,
      WAYBILL_API_KEYS: Object.entries(stack.apiKeys).map(([role, key]) => `${role}:${key}`).join(','),
      // The stack's own keys, so the two APIs and every worker read one another's payloads and links.
      CUSTOMER_TOKEN_SECRETS: loadOrCreateDevCustomerTokenSecrets(join(dataDir, 'dev-customer-token-secrets')),
      PAYLOAD_ENCRYPTION_KEYS: loadOrCreateDevPayloadEncryptionKeys(dataDir),
      SESSION_SECRET: randomBytes(32).toString('base64url'),
      SMTP_URL: `smtp://${HOST}:${ports.smtp}`,
      // Production takes real carriers only; these are the sandbox's emulators, as the dev stack points at them.
      UPS_BASE_URL: `${sandbox}/ups`,
      UPS_CLIENT_ID: 'sandbox-ups-client',
      UPS_CLIENT_SECRET: 'sandbox-ups-secret',
      WORKFLOW_BUNDLE_PATH,
      // Production's schedule is hours between polls and 15 minutes before the confirming read.
      POLL_INTERVAL_PRE_TRANSIT_MS: '1000',
      POLL_INTERVAL_IN_TRANSIT_MS: '1000',
      POLL_INTERVAL_OUT_FOR_DELIVERY_MS: '1000',
      DELIVERY_CONFIRM_DELAY_MS: '1000',
      LOG_LEVEL: 'warn',
      ...GENEROUS_RATE_LIMITS,
    };
    processes.start({ name: 'production-api', command: process.execPath, args: [join(DIST, 'main.api.js')], env: productionEnv, output: { file: STACK_LOG }, stopTimeoutMs: 15_000 });
    mainHealthPort = await freePort();
    const main = processes.start({
      name: 'production-worker-main',
      command: process.execPath,
      args: [join(DIST, 'main.worker.js')],
      env: { ...productionEnv, WORKER_TASK_QUEUES: 'main', ...(await metricsPorts(mainHealthPort)) },
      output: { file: STACK_LOG },
      stopTimeoutMs: 20_000,
    });
    mainWorkerPid = main.pid!;
    await waitForHttpOk(`${productionApiUrl}/health/ready`, 60_000, 'The production API');
    await waitForPoller(WAYBILL_TASK_QUEUE, mainWorkerPid);
    // The compose file's health check of a worker.
    await waitForHttpOk(`http://${HOST}:${mainHealthPort}/health`, 30_000, 'The main worker');
  }, 240_000);

  afterAll(async () => {
    await processes.stopAll();
    await connection?.close();
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }, 90_000);

  /** The process IDs polling a task queue now (Temporal's default worker identity starts with the PID). */
  const pollerPids = async (taskQueue: string, taskQueueType = temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY): Promise<number[]> => {
    const { pollers } = await connection.workflowService.describeTaskQueue({ namespace: stack.namespace, taskQueue: { name: taskQueue }, taskQueueType });
    return pollers.map((p) => Number(p.identity?.split('@')[0]));
  };
  const waitForPoller = (taskQueue: string, pid: number) =>
    waitUntil(
      `process ${pid} polling ${taskQueue}`,
      async () => {
        if (exits.length > 0) throw new Error(exits.join('; '));
        return (await pollerPids(taskQueue)).includes(pid) ? true : undefined;
      },
      60_000,
      300,
    );

  it('delivers a sandbox parcel by polling only once the carrier-only process serves the UPS queue', async () => {
    const api = httpClient(productionApiUrl);
    const sandbox = httpClient(stack.apiUrl);
    const key = stack.apiKeys.platform;
    const orderId = `ROLES-${runId}`;

    const parcel = await sandbox.post('/sandbox/parcels', { carrier: 'ups', scenario: 'delivered', speed: 20_000 });
    expect(parcel.status).toBe(201);
    const trackingNumber: string = parcel.body.trackingNumber;
    const created = await api.post('/v1/orders', { orderId, customer: { name: 'Ada Lovelace', email: `ada.${runId}@example.com`, timeZone: 'America/New_York' } }, key);
    expect(created.status).toBe(201);
    expect((await api.post(`/v1/orders/${orderId}/processing`, undefined, key)).status).toBe(200);
    const shipment = await api.post(`/v1/orders/${orderId}/shipments`, { trackingNumber }, key);
    expect(shipment.status).toBe(201);

    // The parcel's whole timeline plays out with no process on the UPS queue: no call, no progress.
    await waitUntil('the sandbox parcel to play out', async () => ((await sandbox.get(`/sandbox/parcels/${trackingNumber}`)).body.nextStepAt === null ? true : undefined), 30_000);
    expect((await sandbox.get(`/sandbox/parcels/${trackingNumber}`)).body.carrierCalls.track).toBe(0);
    expect((await api.get(`/v1/orders/${orderId}`, key)).body.status).not.toBe('delivered');
    expect(await pollerPids(carrierTaskQueue('ups'))).not.toContain(mainWorkerPid);

    const carrierHealthPort = await freePort();
    const carrierWorker = processes.start({
      name: 'production-worker-ups',
      command: process.execPath,
      args: [join(DIST, 'main.worker.js')],
      env: { ...productionEnv, WORKER_TASK_QUEUES: 'carrier:ups', ...(await metricsPorts(carrierHealthPort)) },
      output: { file: STACK_LOG },
      stopTimeoutMs: 20_000,
    });
    await waitForPoller(carrierTaskQueue('ups'), carrierWorker.pid!);
    await waitForHttpOk(`http://${HOST}:${carrierHealthPort}/health`, 30_000, 'The UPS worker');

    const delivered = await waitUntil(
      'the order to be delivered',
      async () => {
        const order = (await api.get(`/v1/orders/${orderId}`, key)).body;
        return order.status === 'delivered' ? order : undefined;
      },
      45_000,
    );
    expect(delivered.shipments[0]).toMatchObject({ trackingNumber, status: 'delivered' });
    expect((await sandbox.get(`/sandbox/parcels/${trackingNumber}`)).body.carrierCalls.track).toBeGreaterThan(0);

    // Each process polls only its own queues.
    expect(await pollerPids(WAYBILL_TASK_QUEUE)).not.toContain(carrierWorker.pid);
    expect(await pollerPids(WAYBILL_TASK_QUEUE, temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW)).not.toContain(carrierWorker.pid);
    expect(await pollerPids(carrierTaskQueue('ups'))).not.toContain(mainWorkerPid);
    expect([...stack.unexpectedExits(), ...exits]).toEqual([]);
  }, 120_000);
});
