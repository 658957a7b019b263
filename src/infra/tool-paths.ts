import { accessSync, constants } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';

/** The project root: this file lives in src/infra (or dist/src/infra once compiled). */
export const PROJECT_ROOT = resolve(__dirname, __dirname.includes(`${join('dist', 'src')}`) ? '../../..' : '../..');
export const TOOLS_DIR = join(PROJECT_ROOT, '.tools');

export type ToolName = 'temporal' | 'temporal-test-server' | 'ferretdb' | 'chromium';

interface ToolSpec {
  envVar: string;
  cached: string[];
  /** What to tell a user who has none of it. */
  remedy: string;
}

const SETUP = 'Run `bash scripts/setup-tools.sh` (npm run dev and npm test do this for you)';

const TOOLS: Record<ToolName, ToolSpec> = {
  temporal: {
    envVar: 'TEMPORAL_CLI_PATH',
    cached: [join(TOOLS_DIR, 'venv/bin/temporal'), join(TOOLS_DIR, 'bin/temporal')],
    remedy: `${SETUP}, set TEMPORAL_CLI_PATH to a Temporal CLI binary, or set TEMPORAL_ADDRESS to use a running Temporal server.`,
  },
  'temporal-test-server': {
    envVar: 'TEMPORAL_TEST_SERVER_PATH',
    cached: [join(TOOLS_DIR, 'venv/bin/temporal-test-server'), join(TOOLS_DIR, 'bin/temporal-test-server')],
    remedy: `${SETUP}, or set TEMPORAL_TEST_SERVER_PATH to a Temporal time-skipping test server binary.`,
  },
  ferretdb: {
    envVar: 'FERRETDB_PATH',
    cached: [join(TOOLS_DIR, 'bin/ferretdb')],
    remedy: `${SETUP}, set FERRETDB_PATH to a FerretDB binary, or set MONGODB_URI to use a running MongoDB.`,
  },
  // For the browser tests only. setup-tools.sh links .tools/bin/chromium to the Chromium it checked
  // (Debian's package, which it installs with apt when run as root).
  chromium: {
    envVar: 'CHROMIUM_PATH',
    cached: [join(TOOLS_DIR, 'bin/chromium'), '/usr/bin/chromium'],
    remedy:
      "Run `bash scripts/setup-tools.sh chromium` as root (it installs Debian's chromium package with apt; npm test does this for you), " +
      'install it yourself (`sudo apt-get install chromium`), or set CHROMIUM_PATH to a Chromium binary.',
  },
};

export class MissingToolError extends Error {
  override readonly name = 'MissingToolError';
}

const isExecutable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

function onPath(binary: string, env: NodeJS.ProcessEnv): string | undefined {
  return (env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, binary))
    .find(isExecutable);
}

/**
 * Finds a local tool: its environment variable, then the project's provisioned cache, then PATH.
 * Returns undefined when none has it; `describeMissingTool` says what to do about it.
 */
export function findTool(tool: ToolName, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const spec = TOOLS[tool];
  const fromEnv = env[spec.envVar];
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new MissingToolError(`${spec.envVar}=${fromEnv} is not an executable file.`);
    return fromEnv;
  }
  return spec.cached.find(isExecutable) ?? onPath(tool, env);
}

export function describeMissingTool(tool: ToolName): string {
  return `No ${tool} binary found (looked at ${TOOLS[tool].envVar}, ${TOOLS[tool].cached.join(', ')} and PATH). ${TOOLS[tool].remedy}`;
}

/** A machine marked offline must never wait on a download. */
const isOffline = (env: NodeJS.ProcessEnv): boolean => env.CI === 'true' || env.WAYBILL_OFFLINE === '1';

/** Whether the Temporal SDK's own server download can work from here. */
export async function canDownloadTemporalServers(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  if (isOffline(env)) return false;
  try {
    const response = await fetch('https://temporal.download/', { method: 'HEAD', signal: AbortSignal.timeout(3000) });
    return response.status < 500;
  } catch {
    return false;
  }
}

export type TemporalExecutable = { type: 'existing-path'; path: string } | { type: 'cached-download' };

/**
 * The executable to hand to the Temporal SDK's test environments: a local binary when there is
 * one, the SDK's cached download on a machine with internet, otherwise a clear error.
 */
export async function temporalExecutable(tool: 'temporal' | 'temporal-test-server', env: NodeJS.ProcessEnv = process.env): Promise<TemporalExecutable> {
  const path = findTool(tool, env);
  if (path) return { type: 'existing-path', path };
  if (await canDownloadTemporalServers(env)) return { type: 'cached-download' };
  throw new MissingToolError(describeMissingTool(tool));
}
