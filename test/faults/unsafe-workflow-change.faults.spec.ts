import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataConverter } from '@temporalio/common';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { bundleWorkflowCode, DefaultLogger, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { PROJECT_ROOT } from '../../src/infra/tool-paths';
import { FAILURE_CONVERTER_PATH } from '../../src/temporal/payload-encryption/data-converter';
import { WORKFLOW_INTERCEPTOR_MODULES } from '../../src/tracing/workflow-interceptor-modules';
import { bundleWaybillWorkflows, installQuietRuntime, testDataConverter } from '../support/temporal-test-env';

const HISTORIES = join(PROJECT_ROOT, 'test', 'replay', 'histories');
const histories = readdirSync(HISTORIES).filter((f) => f.endsWith('.json'));
const orderHistories = histories.filter((f) => f.startsWith('order.'));
const shipmentHistories = histories.filter((f) => f.startsWith('shipment.'));

/** Where the existing code registers its handlers and is about to start its main loop. */
const ANCHOR = '  /** Side effects that run beside the main loop; all are awaited before the run ends. */';

/**
 * The change a careless deploy would make: the order workflow waits on a new timer before the
 * commands it already schedules, with no `patched()` guard. Every running order would break on its
 * next replay. The copy lives under `.test-output/` (next to node_modules, so the bundler resolves
 * the SDK); `activities` and `src` are links to the real folders, since workflows import their types.
 */
function writeUnsafeCopy(): string {
  const root = join(PROJECT_ROOT, '.test-output', `unsafe-workflow-change-${process.pid}`);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  cpSync(join(PROJECT_ROOT, 'workflows'), join(root, 'workflows'), { recursive: true });
  for (const linked of ['activities', 'src']) symlinkSync(join(PROJECT_ROOT, linked), join(root, linked), 'dir');
  const file = join(root, 'workflows', 'order', 'order.workflow.ts');
  const source = readFileSync(file, 'utf8');
  if (!source.includes(ANCHOR)) throw new Error(`order.workflow.ts no longer contains the anchor this test edits after:\n${ANCHOR}`);
  const altered = `import { sleep as unguardedSleep } from '@temporalio/workflow';\n${source.replace(ANCHOR, `  await unguardedSleep('1 second');\n${ANCHOR}`)}`;
  writeFileSync(file, altered);
  return root;
}

async function replay(bundle: WorkflowBundleWithSourceMap, dataConverter: DataConverter, file: string) {
  const history = historyFromJSON(JSON.parse(readFileSync(join(HISTORIES, file), 'utf8')));
  const results = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle: bundle, dataConverter, replayName: 'waybill-unsafe-change' }, [{ workflowId: file, history }])) {
    results.push(result);
  }
  expect(results).toHaveLength(1);
  return results[0].error;
}

/**
 * Fault scenario: an unsafe workflow-code change must be caught by the replay tests before it ships
 * (docs/reliability.md). The committed histories replay through a bundle built from an altered copy
 * of the workflows, and each order history reports a DeterminismViolationError; the same histories
 * replay cleanly through the real code, so the failure is the change's and nothing else's.
 */
describe('fault: a workflow change unsafe for running workflows', () => {
  let copy: string;
  let unsafe: WorkflowBundleWithSourceMap;
  let real: WorkflowBundleWithSourceMap;
  let dataConverter: DataConverter;

  beforeAll(async () => {
    installQuietRuntime();
    copy = writeUnsafeCopy();
    [unsafe, real, dataConverter] = await Promise.all([
      // Production's interceptors too: they take part in ordering commands, so the change is the only difference.
      bundleWorkflowCode({
        workflowsPath: join(copy, 'workflows'),
        failureConverterPath: FAILURE_CONVERTER_PATH,
        workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
        logger: new DefaultLogger('ERROR'),
      }),
      bundleWaybillWorkflows(),
      testDataConverter(),
    ]);
  }, 120_000);

  afterAll(() => {
    if (copy) rmSync(copy, { recursive: true, force: true });
  });

  it('has order and shipment histories to replay', () => {
    expect(orderHistories.length).toBeGreaterThanOrEqual(3);
    expect(shipmentHistories.length).toBeGreaterThanOrEqual(1);
  });

  it.each(orderHistories)('%s fails to replay on the altered code with a DeterminismViolationError', async (file) => {
    const error = await replay(unsafe, dataConverter, file);
    expect(error).toBeInstanceOf(DeterminismViolationError);
  });

  it.each(shipmentHistories)('%s, whose workflow the change left alone, still replays on the altered bundle', async (file) => {
    expect(await replay(unsafe, dataConverter, file)).toBeUndefined();
  });

  it.each(histories)('%s replays cleanly on the real code', async (file) => {
    expect(await replay(real, dataConverter, file)).toBeUndefined();
  });

  /**
   * The OpenTelemetry workflow interceptors add awaits around what a workflow schedules, which can
   * change the order of commands scheduled together (SDK flags record this in each history). So the
   * interceptor set is workflow code: dropping it, or changing its package generation, breaks runs
   * that started with it, and the replay tests catch that too.
   */
  it('treats removing the tracing interceptors as an unsafe change for histories recorded with them', async () => {
    const withoutInterceptors = await bundleWorkflowCode({
      workflowsPath: require.resolve('../../workflows'),
      failureConverterPath: FAILURE_CONVERTER_PATH,
      logger: new DefaultLogger('ERROR'),
    });
    const recordedWithInterceptors = histories.filter((f) => !/\.v[1-5]\.json$/.test(f));
    expect(recordedWithInterceptors.length).toBeGreaterThanOrEqual(1);
    const errors = await Promise.all(recordedWithInterceptors.map((file) => replay(withoutInterceptors, dataConverter, file)));
    expect(errors.some((error) => error instanceof DeterminismViolationError)).toBe(true);
  }, 60_000);
});
