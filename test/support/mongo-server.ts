import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitForPort } from '../../src/dev/process-supervisor';
import { describeMissingTool, findTool } from '../../src/infra/tool-paths';
import { freePort } from './free-port';

export interface TestMongo {
  /** A connection string to a database of this test file's own. */
  uri: string;
  stop(): Promise<void>;
}

/**
 * A MongoDB-wire server for integration tests: the one MONGODB_URI names (real MongoDB), otherwise
 * a private FerretDB on SQLite in a temporary folder. Each call gets its own database.
 */
export async function startTestMongo(database: string): Promise<TestMongo> {
  const external = process.env.MONGODB_URI;
  if (external) {
    const url = new URL(external);
    url.pathname = `/${database}`;
    return { uri: url.toString(), stop: async () => undefined };
  }
  const binary = findTool('ferretdb');
  if (!binary) throw new Error(describeMissingTool('ferretdb'));
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'waybill-ferretdb-'));
  const child = spawn(binary, ['--listen-addr', `127.0.0.1:${port}`, '--sqlite-dir', dataDir], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitForPort('127.0.0.1', port, 30_000, 'FerretDB');
  return {
    uri: `mongodb://127.0.0.1:${port}/${database}`,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
