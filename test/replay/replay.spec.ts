import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import type { DataConverter } from '@temporalio/common';
import { Tracing } from '../../src/tracing/tracing';
import { workerObservability } from '../../src/tracing/worker-interceptors';
import { bundleWaybillWorkflows, installQuietRuntime, testDataConverter } from '../support/temporal-test-env';

const HISTORIES = join(__dirname, 'histories');
const files = readdirSync(HISTORIES).filter((f) => f.endsWith('.json'));

/**
 * Every committed history must replay on today's workflow code: a change that would break running
 * workflows fails here before it ships. Needs no server. Re-record with `npm run record-histories`
 * only for intended changes, keeping the old files. Replay uses production's data converter with the
 * test-only key: histories recorded since payload encryption are encrypted with it, older ones are
 * plain and pass through the codec untouched. The bundle and worker have production's interceptors
 * (tracing and correlation IDs), which must replay histories recorded before and after them.
 */
describe('replay of committed histories', () => {
  let bundle: Awaited<ReturnType<typeof bundleWaybillWorkflows>>;
  let dataConverter: DataConverter;

  beforeAll(async () => {
    installQuietRuntime();
    [bundle, dataConverter] = await Promise.all([bundleWaybillWorkflows(), testDataConverter()]);
  });

  it('has histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
  });

  it.each(files)('%s replays without nondeterminism', async (file) => {
    const history = historyFromJSON(JSON.parse(readFileSync(join(HISTORIES, file), 'utf8')));
    const workflowId = file.replace(/\.json$/, '');
    const results = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: bundle, dataConverter, replayName: 'waybill-replay', ...workerObservability(new Tracing({ serviceName: 'waybill-worker' }), false) }, [{ workflowId, history }])) {
      results.push(result);
    }
    expect(results).toHaveLength(1);
    expect(results[0].error).toBeUndefined();
  });
});
