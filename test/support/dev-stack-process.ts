import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/infra/tool-paths';
import { freePort } from './free-port';

export interface StackPorts {
  api: number;
  temporal: number;
  temporalUi: number;
  ferretdb: number;
  smtp: number;
}

export interface RunningStack {
  process: ChildProcess;
  apiUrl: string;
  apiKeys: Record<'platform' | 'support' | 'admin', string>;
  output: () => string;
  /** Sends SIGINT, as Ctrl-C does, and resolves with the exit code. */
  stop(): Promise<number | null>;
}

const LAUNCHER = join(PROJECT_ROOT, 'dist', 'src', 'dev', 'dev-stack.js');

/** Request limits no spec reaches (the API's limits are per client IP, and every spec is 127.0.0.1). */
export const GENEROUS_RATE_LIMITS: Readonly<Record<string, string>> = {
  RATE_LIMIT_PUBLIC: '100000/1m',
  RATE_LIMIT_WEBHOOKS: '100000/1m',
  RATE_LIMIT_CUSTOMER_TOKENS: '100000/1m',
  RATE_LIMIT_RESEND: '100000/1m',
  RATE_LIMIT_REFRESH: '100000/1m',
};

/** Every stack's output lands here too, so a failed CI run can show what the processes said. */
export const STACK_LOG = join(PROJECT_ROOT, '.test-output', 'e2e-stack.log');

export async function allocatePorts(): Promise<StackPorts> {
  return { api: await freePort(), temporal: await freePort(), temporalUi: await freePort(), ferretdb: await freePort(), smtp: await freePort() };
}

/** The launcher's settings that put a stack on private ports and a private data folder. */
export function stackLocationEnv(dataDir: string, ports: StackPorts): Record<string, string> {
  return {
    WAYBILL_DATA_DIR: dataDir,
    PORT: String(ports.api),
    TEMPORAL_PORT: String(ports.temporal),
    TEMPORAL_UI_PORT: String(ports.temporalUi),
    FERRETDB_PORT: String(ports.ferretdb),
    SANDBOX_SMTP_PORT: String(ports.smtp),
  };
}

/**
 * Starts the same launcher `npm run dev` runs, on private ports and a private data folder, and
 * resolves once it prints its banner (API ready, worker polling).
 */
export async function startDevStack(dataDir: string, ports: StackPorts, extraEnv: NodeJS.ProcessEnv = {}): Promise<RunningStack> {
  if (!existsSync(LAUNCHER)) throw new Error(`${LAUNCHER} is missing: run the build first (npm test does).`);
  const apiKeys = { platform: 'e2e_platform_key_0123456789', support: 'e2e_support_key_0123456789', admin: 'e2e_admin_key_0123456789' };
  // This stack starts its own Temporal and FerretDB, whatever the surrounding shell points at.
  const { TEMPORAL_ADDRESS: _temporal, MONGODB_URI: _mongo, ...inherited } = process.env;
  const child = spawn(process.execPath, [LAUNCHER], {
    cwd: PROJECT_ROOT,
    env: {
      ...inherited,
      ...stackLocationEnv(dataDir, ports),
      WAYBILL_API_KEYS: Object.entries(apiKeys).map(([role, key]) => `${role}:${key}`).join(','),
      LOG_LEVEL: 'warn',
      // Every request of a spec comes from 127.0.0.1: limits a real client would hit must not
      // decide a test. The limits themselves are tested in test/integration/api-security.
      ...GENEROUS_RATE_LIMITS,
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  mkdirSync(join(PROJECT_ROOT, '.test-output'), { recursive: true });
  appendFileSync(STACK_LOG, `\n===== dev stack started ${new Date().toISOString()} (api port ${ports.api}) =====\n`);
  const record = (chunk: Buffer) => {
    output += chunk.toString();
    appendFileSync(STACK_LOG, chunk);
  };
  child.stdout?.on('data', record);
  child.stderr?.on('data', record);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (output.includes('Waybill is running')) {
        clearInterval(timer);
        resolve();
      }
    }, 100);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`The dev stack exited with code ${code} before it was ready:\n${output}`));
    });
  });

  return {
    process: child,
    apiUrl: `http://127.0.0.1:${ports.api}`,
    apiKeys,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGINT');
      return exited;
    },
  };
}
