import { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporalExecutable } from '../../src/infra/tool-paths';
import { WAYBILL_SEARCH_ATTRIBUTES } from '../../workflows/shared/search-attributes';
import { freePort } from '../../test/support/free-port';
import { installQuietRuntime, testDataConverter } from '../../test/support/temporal-test-env';

export interface BenchServer {
  env: TestWorkflowEnvironment;
  /** host:port, for the worker child process. */
  address: string;
  stop(): Promise<void>;
}

/**
 * The Temporal CLI dev server (from .tools/, like `npm run dev`), in memory, with Waybill's search
 * attributes, and a client with the production data converter (the committed test-only key).
 */
export async function startBenchServer(): Promise<BenchServer> {
  installQuietRuntime();
  const port = await freePort();
  const env = await TestWorkflowEnvironment.createLocal({
    server: { executable: await temporalExecutable('temporal'), ip: '127.0.0.1', port, searchAttributes: WAYBILL_SEARCH_ATTRIBUTES, ui: false },
    client: { dataConverter: await testDataConverter() },
  });
  return { env, address: `127.0.0.1:${port}`, stop: () => env.teardown() };
}
