import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { SearchAttributeType } from '@temporalio/common';
import { describeMissingTool, findTool, MissingToolError, temporalExecutable } from '../infra/tool-paths';
import { WAYBILL_SEARCH_ATTRIBUTES } from '../../workflows/shared/search-attributes';
import { carrierTaskQueue, WAYBILL_TASK_QUEUE } from '../../workflows/shared/ids';
import { CARRIERS } from '../../workflows/shared/vocabulary';
import { renderBanner } from './banner';
import { loadOrCreateDevApiKeys, loadOrCreateDevCustomerTokenSecrets, loadOrCreateDevPayloadEncryptionKeys } from './dev-api-keys';
import { assertPortFree, ProcessSupervisor, waitForHttpOk, waitForPort } from './process-supervisor';
import { dynamicConfigArgs, readStackSettings, type StackSettings } from './stack-settings';
import { waitForWorkerPollers } from './wait-for-workers';

const HOST = '127.0.0.1';
const STARTUP_TIMEOUT_MS = 120_000;
const TEMPORAL_START_ATTEMPTS = 3;

const apiUrlOf = (settings: StackSettings): string => `http://${HOST}:${settings.PORT}`;

const CLI_TYPE_NAMES: Partial<Record<string, string>> = {
  [SearchAttributeType.KEYWORD]: 'Keyword',
  [SearchAttributeType.KEYWORD_LIST]: 'KeywordList',
  [SearchAttributeType.BOOL]: 'Bool',
};

/** `--search-attribute Name=Type` pairs for every attribute Waybill's workflows set. */
const searchAttributeArgs = (): string[] =>
  WAYBILL_SEARCH_ATTRIBUTES.flatMap((key) => ['--search-attribute', `${key.name}=${CLI_TYPE_NAMES[key.type] ?? 'Keyword'}`]);

export interface Started {
  address: string;
  uiUrl?: string;
  stop?: () => Promise<void>;
}

/** The Temporal CLI dev server, persisting to SQLite in the data folder so workflows survive restarts. */
export async function startTemporal(settings: StackSettings, supervisor: ProcessSupervisor): Promise<Started> {
  if (settings.TEMPORAL_ADDRESS) return { address: settings.TEMPORAL_ADDRESS };
  const dbFile = join(settings.WAYBILL_DATA_DIR, 'temporal', 'dev.sqlite');
  mkdirSync(join(settings.WAYBILL_DATA_DIR, 'temporal'), { recursive: true });
  await assertPortFree(HOST, settings.TEMPORAL_PORT, 'the Temporal dev server');
  await assertPortFree(HOST, settings.TEMPORAL_UI_PORT, 'the Temporal UI');
  const address = `${HOST}:${settings.TEMPORAL_PORT}`;
  const uiUrl = `http://${HOST}:${settings.TEMPORAL_UI_PORT}`;
  // The UI decrypts payloads through the API's codec endpoint (docs/payload-encryption.md).
  const codecArgs = ['--ui-codec-endpoint', `${apiUrlOf(settings)}/codec`];
  const executable = await temporalExecutable('temporal');
  if (executable.type === 'cached-download') {
    // Only on a machine with internet and no provisioned CLI: let the SDK fetch and run it.
    const env = await TestWorkflowEnvironment.createLocal({
      server: {
        executable,
        ip: HOST,
        port: settings.TEMPORAL_PORT,
        ui: true,
        uiPort: settings.TEMPORAL_UI_PORT,
        dbFilename: dbFile,
        namespace: settings.TEMPORAL_NAMESPACE,
        searchAttributes: WAYBILL_SEARCH_ATTRIBUTES,
        extraArgs: [...codecArgs, ...dynamicConfigArgs(settings)],
      },
    });
    return { address, uiUrl, stop: () => env.teardown() };
  }
  const spec = {
    name: 'temporal',
    command: executable.path,
    args: [
      'server', 'start-dev',
      '--ip', HOST,
      '--port', String(settings.TEMPORAL_PORT),
      '--ui-port', String(settings.TEMPORAL_UI_PORT),
      '--namespace', settings.TEMPORAL_NAMESPACE,
      '--db-filename', dbFile,
      '--log-level', 'warn',
      '--dynamic-config-value', 'frontend.enableServerVersionCheck=false',
      ...dynamicConfigArgs(settings),
      ...codecArgs,
      ...searchAttributeArgs(),
    ],
    output: { file: join(settings.WAYBILL_DATA_DIR, 'logs', 'temporal.log') },
  };
  await supervisor.startWithRetries(spec, () => waitForPort(HOST, settings.TEMPORAL_PORT, STARTUP_TIMEOUT_MS, 'The Temporal dev server'), TEMPORAL_START_ATTEMPTS);
  return { address, uiUrl };
}

/** FerretDB on SQLite in the data folder, unless MONGODB_URI points at a MongoDB already. */
export async function startMongo(settings: StackSettings, supervisor: ProcessSupervisor): Promise<{ uri: string; description: string }> {
  if (settings.MONGODB_URI) return { uri: settings.MONGODB_URI, description: 'MONGODB_URI' };
  const binary = findTool('ferretdb');
  if (!binary) throw new MissingToolError(describeMissingTool('ferretdb'));
  await assertPortFree(HOST, settings.FERRETDB_PORT, 'FerretDB');
  const dataDir = join(settings.WAYBILL_DATA_DIR, 'ferretdb');
  supervisor.start({
    name: 'ferretdb',
    command: binary,
    args: ['--listen-addr', `${HOST}:${settings.FERRETDB_PORT}`, '--sqlite-dir', dataDir],
    output: { file: join(settings.WAYBILL_DATA_DIR, 'logs', 'ferretdb.log') },
  });
  await waitForPort(HOST, settings.FERRETDB_PORT, STARTUP_TIMEOUT_MS, 'FerretDB');
  return { uri: `mongodb://${HOST}:${settings.FERRETDB_PORT}/waybill`, description: `FerretDB on SQLite in ${dataDir}` };
}

async function main(): Promise<void> {
  const settings = readStackSettings();
  const supervisor = new ProcessSupervisor();
  let stopTemporal: (() => Promise<void>) | undefined;
  let shuttingDown = false;
  const shutdown = async (exitCode: number) => {
    if (shuttingDown) {
      supervisor.killAll();
      process.exit(exitCode);
    }
    shuttingDown = true;
    process.stdout.write('\nStopping Waybill…\n');
    await supervisor.stopAll();
    await stopTemporal?.();
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  supervisor.whenAnyExitsUnexpectedly((name, code) => {
    process.stderr.write(`\n${name} exited unexpectedly (code ${code}); stopping the stack. Logs: ${join(settings.WAYBILL_DATA_DIR, 'logs')}${supervisor.logTail(name)}\n`);
    void shutdown(1);
  });

  try {
    mkdirSync(settings.WAYBILL_DATA_DIR, { recursive: true });
    await assertPortFree(HOST, settings.PORT, 'the API');
    await assertPortFree(HOST, settings.SANDBOX_SMTP_PORT, 'the sandbox SMTP sink');
    const [temporal, mongo] = await Promise.all([startTemporal(settings, supervisor), startMongo(settings, supervisor)]);
    stopTemporal = temporal.stop;
    const apiKeys = settings.WAYBILL_API_KEYS ?? loadOrCreateDevApiKeys(join(settings.WAYBILL_DATA_DIR, 'dev-api-keys'));
    const apiUrl = apiUrlOf(settings);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      WAYBILL_ENV: process.env.WAYBILL_ENV ?? 'development',
      PORT: String(settings.PORT),
      HOST,
      PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL ?? apiUrl,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: settings.TEMPORAL_NAMESPACE,
      ...(temporal.uiUrl ? { TEMPORAL_UI_URL: temporal.uiUrl, TEMPORAL_UI_ORIGIN: process.env.TEMPORAL_UI_ORIGIN ?? new URL(temporal.uiUrl).origin } : {}),
      // One key for API and worker, kept in the data folder: after a restart both still read every history.
      PAYLOAD_ENCRYPTION_KEYS: process.env.PAYLOAD_ENCRYPTION_KEYS ?? loadOrCreateDevPayloadEncryptionKeys(settings.WAYBILL_DATA_DIR),
      MONGODB_URI: mongo.uri,
      WAYBILL_API_KEYS: apiKeys,
      CUSTOMER_TOKEN_SECRETS: process.env.CUSTOMER_TOKEN_SECRETS ?? loadOrCreateDevCustomerTokenSecrets(join(settings.WAYBILL_DATA_DIR, 'dev-customer-token-secrets')),
      SANDBOX_SMTP_PORT: String(settings.SANDBOX_SMTP_PORT),
    };
    const node = process.execPath;
    supervisor.start({ name: 'worker', command: node, args: [join(__dirname, '..', 'main.worker.js')], env, output: { console: true }, stopTimeoutMs: 20_000 });
    supervisor.start({ name: 'api', command: node, args: [join(__dirname, '..', 'main.api.js')], env, output: { console: true }, stopTimeoutMs: 15_000 });
    await waitForHttpOk(`${apiUrl}/health/ready`, STARTUP_TIMEOUT_MS, 'The API');
    await waitForWorkerPollers(temporal.address, settings.TEMPORAL_NAMESPACE, [WAYBILL_TASK_QUEUE, ...CARRIERS.map(carrierTaskQueue)], STARTUP_TIMEOUT_MS);
    process.stdout.write(
      renderBanner({
        apiUrl,
        temporalAddress: temporal.address,
        temporalUiUrl: temporal.uiUrl,
        namespace: settings.TEMPORAL_NAMESPACE,
        mongodb: `${mongo.uri} (${mongo.description})`,
        smtp: `${HOST}:${settings.SANDBOX_SMTP_PORT}`,
        dataDir: settings.WAYBILL_DATA_DIR,
        apiKeys,
      }),
    );
  } catch (err) {
    process.stderr.write(`\nWaybill could not start: ${err instanceof Error ? err.message : String(err)}\n`);
    await shutdown(1);
  }
}

// Run as the launcher; imported (the crash tests start the servers themselves), it only exports.
if (require.main === module) void main();
