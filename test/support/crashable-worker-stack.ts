import type { ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { loadOrCreateDevCustomerTokenSecrets, loadOrCreateDevPayloadEncryptionKeys } from '../../src/dev/dev-api-keys';
import { startMongo, startTemporal } from '../../src/dev/dev-stack';
import { ProcessSupervisor, waitForHttpOk } from '../../src/dev/process-supervisor';
import { readStackSettings } from '../../src/dev/stack-settings';
import { PROJECT_ROOT } from '../../src/infra/tool-paths';
import { WAYBILL_TASK_QUEUE } from '../../workflows/shared/ids';
import { STACK_LOG, stackLocationEnv, type StackPorts } from './dev-stack-process';

const HOST = '127.0.0.1';
const STARTUP_TIMEOUT_MS = 120_000;
const DIST = join(PROJECT_ROOT, 'dist', 'src');

export interface CrashableWorkerStack {
  apiUrl: string;
  apiKeys: Record<'platform' | 'support' | 'admin', string>;
  temporalAddress: string;
  namespace: string;
  mongoUri: string;
  /** Kills the running worker with SIGKILL, as a crash or the OOM killer would, and resolves once it is gone. */
  killWorker(): Promise<void>;
  /** Starts a fresh worker process and resolves once it polls Waybill's task queue. */
  startWorker(): Promise<void>;
  /** What every worker process printed so far. */
  workerOutput(): string;
  /** Processes that died without being asked to (the killed worker excepted). */
  unexpectedExits(): string[];
  /** Stops Temporal or FerretDB (SIGTERM) and resolves once it has exited; the rest keeps running. */
  stopServer(name: ServerName): Promise<void>;
  /** Starts it again on the same port and data, and resolves once it listens. */
  startServer(name: ServerName): Promise<void>;
  stop(): Promise<void>;
}

/** The servers a fault test may stop and start again (test/faults/support/fault-stack.ts). */
export type ServerName = 'temporal' | 'ferretdb';

/**
 * The stack `npm run dev` runs, assembled from the launcher's own pieces, except that the worker is
 * a process of its own that a test can kill and start again: the launcher stops everything when
 * one child dies, which is right for development and wrong for a crash test. Temporal, FerretDB and
 * the API (with the sandbox) run on private ports and data, from `dist/`.
 */
export async function startCrashableWorkerStack(dataDir: string, ports: StackPorts, extraEnv: NodeJS.ProcessEnv = {}): Promise<CrashableWorkerStack> {
  const workerScript = join(DIST, 'main.worker.js');
  if (!existsSync(workerScript)) throw new Error(`${workerScript} is missing: run the build first (npm test does).`);
  // The launcher's own settings come from the test's environment only where a test asks for them.
  const { TEMPORAL_DEV_DYNAMIC_CONFIG } = extraEnv;
  const settings = readStackSettings({ ...stackLocationEnv(dataDir, ports), ...(TEMPORAL_DEV_DYNAMIC_CONFIG ? { TEMPORAL_DEV_DYNAMIC_CONFIG } : {}) });
  mkdirSync(join(PROJECT_ROOT, '.test-output'), { recursive: true });
  appendFileSync(STACK_LOG, `\n===== crashable-worker stack started ${new Date().toISOString()} (api port ${ports.api}) =====\n`);

  const exits: string[] = [];
  const supervised = () => {
    const supervisor = new ProcessSupervisor();
    supervisor.whenAnyExitsUnexpectedly((name, code) => exits.push(`${name} exited with code ${code}`));
    return supervisor;
  };
  const servers = supervised();
  // Temporal and FerretDB each under a supervisor of its own, so one can be stopped and started again alone.
  const serverSupervisors: Record<ServerName, ProcessSupervisor> = { temporal: supervised(), ferretdb: supervised() };
  const [temporalServer, mongo] = await Promise.all([startTemporal(settings, serverSupervisors.temporal), startMongo(settings, serverSupervisors.ferretdb)]);
  const stopServers = async () => {
    await serverSupervisors.ferretdb.stopAll();
    await serverSupervisors.temporal.stopAll();
  };

  const apiKeys = { platform: 'crash_platform_key_0123456789', support: 'crash_support_key_0123456789', admin: 'crash_admin_key_0123456789' };
  const apiUrl = `http://${HOST}:${settings.PORT}`;
  // This stack uses its own Temporal and FerretDB, whatever the surrounding shell points at.
  const { TEMPORAL_ADDRESS: _temporal, MONGODB_URI: _mongo, ...inherited } = process.env;
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    WAYBILL_ENV: 'development',
    PORT: String(settings.PORT),
    HOST,
    PUBLIC_BASE_URL: apiUrl,
    TEMPORAL_ADDRESS: temporalServer.address,
    TEMPORAL_NAMESPACE: settings.TEMPORAL_NAMESPACE,
    MONGODB_URI: mongo.uri,
    WAYBILL_API_KEYS: Object.entries(apiKeys).map(([role, key]) => `${role}:${key}`).join(','),
    // Shared by both processes: the worker signs the links in messages, the API verifies them.
    CUSTOMER_TOKEN_SECRETS: loadOrCreateDevCustomerTokenSecrets(join(dataDir, 'dev-customer-token-secrets')),
    // Likewise: every worker started here must decrypt what the API and the workers before it encrypted.
    PAYLOAD_ENCRYPTION_KEYS: loadOrCreateDevPayloadEncryptionKeys(dataDir),
    SANDBOX_SMTP_PORT: String(settings.SANDBOX_SMTP_PORT),
    LOG_LEVEL: 'warn',
    ...extraEnv,
  };
  servers.start({ name: 'api', command: process.execPath, args: [join(DIST, 'main.api.js')], env, output: { file: STACK_LOG }, stopTimeoutMs: 15_000 });

  const connection = await Connection.connect({ address: temporalServer.address });
  let worker: { supervisor: ProcessSupervisor; child: ChildProcess; killed: boolean } | undefined;
  let workerOutput = '';

  const startWorker = async (): Promise<void> => {
    if (worker && worker.child.exitCode === null && worker.child.signalCode === null) throw new Error('A worker is already running');
    const supervisor = new ProcessSupervisor();
    const child = supervisor.start({ name: 'worker', command: process.execPath, args: [workerScript], env, output: { file: STACK_LOG }, stopTimeoutMs: 20_000 });
    const started = { supervisor, child, killed: false };
    supervisor.whenAnyExitsUnexpectedly((name, code) => {
      if (!started.killed) exits.push(`${name} (pid ${child.pid}) exited with code ${code}`);
    });
    for (const stream of [child.stdout, child.stderr]) stream?.on('data', (chunk: Buffer) => (workerOutput += chunk.toString()));
    worker = started;
    await waitForPoller(connection, settings.TEMPORAL_NAMESPACE, child, STARTUP_TIMEOUT_MS);
  };

  try {
    await waitForHttpOk(`${apiUrl}/health/ready`, STARTUP_TIMEOUT_MS, 'The API');
    await startWorker();
  } catch (err) {
    await worker?.supervisor.stopAll();
    await servers.stopAll();
    await stopServers();
    await temporalServer.stop?.();
    await connection.close();
    throw err;
  }

  return {
    apiUrl,
    apiKeys,
    temporalAddress: temporalServer.address,
    namespace: settings.TEMPORAL_NAMESPACE,
    mongoUri: mongo.uri,
    async killWorker() {
      if (!worker?.child.pid) throw new Error('No worker is running');
      const { child } = worker;
      worker.killed = true;
      const gone = new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
      process.kill(-child.pid!, 'SIGKILL');
      await gone;
    },
    startWorker,
    workerOutput: () => workerOutput,
    unexpectedExits: () => [...exits],
    async stopServer(name) {
      if (name === 'temporal' && temporalServer.stop) throw new Error('This Temporal server was started by the SDK and cannot be restarted here');
      await serverSupervisors[name].stopAll();
    },
    async startServer(name) {
      // A stopped supervisor stays stopped: a fresh one takes the server over.
      serverSupervisors[name] = supervised();
      if (name === 'temporal') await startTemporal(settings, serverSupervisors.temporal);
      else await startMongo(settings, serverSupervisors.ferretdb);
    },
    async stop() {
      await worker?.supervisor.stopAll();
      await servers.stopAll();
      await stopServers();
      await temporalServer.stop?.();
      await connection.close();
    },
  };
}

/**
 * Resolves once this very process polls Waybill's task queue for workflow and activity tasks. A killed
 * worker's pollers stay listed for a while, so "some poller" would not do: Temporal's default worker
 * identity starts with the process ID.
 */
async function waitForPoller(connection: Connection, namespace: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const identity = `${child.pid}@`;
  const { TASK_QUEUE_TYPE_WORKFLOW, TASK_QUEUE_TYPE_ACTIVITY } = temporal.api.enums.v1.TaskQueueType;
  const deadline = Date.now() + timeoutMs;
  for (const taskQueueType of [TASK_QUEUE_TYPE_WORKFLOW, TASK_QUEUE_TYPE_ACTIVITY]) {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`The worker exited (${child.exitCode ?? child.signalCode}) before it polled`);
      const { pollers } = await connection.workflowService.describeTaskQueue({ namespace, taskQueue: { name: WAYBILL_TASK_QUEUE }, taskQueueType });
      if (pollers.some((poller) => poller.identity?.startsWith(identity))) break;
      if (Date.now() > deadline) throw new Error(`Worker ${child.pid} did not poll ${WAYBILL_TASK_QUEUE} within ${Math.round(timeoutMs / 1000)} s`);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }
}
