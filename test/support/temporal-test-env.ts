import { bundleWorkflowCode, DefaultLogger, Runtime, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { DataConverter } from '@temporalio/common';
import { temporalExecutable } from '../../src/infra/tool-paths';
import { registerSearchAttributes } from '../../src/temporal/search-attribute-registration';
import { WORKFLOW_INTERCEPTOR_MODULES } from '../../src/tracing/workflow-interceptor-modules';
import { FAILURE_CONVERTER_PATH, waybillDataConverter } from '../../src/temporal/payload-encryption/data-converter';
import { TEST_ONLY_PAYLOAD_ENCRYPTION_KEYS } from '../../src/temporal/payload-encryption/payload-encryption-keys';
import { WAYBILL_SEARCH_ATTRIBUTES } from '../../workflows/shared/search-attributes';

let runtimeInstalled = false;

/** Quiet Temporal's own logging in tests; failures still surface through assertions. */
export function installQuietRuntime(): void {
  if (runtimeInstalled) return;
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  runtimeInstalled = true;
}

/**
 * The production data converter with the committed test-only key: every test client, worker and
 * replay encrypts payloads and failure messages exactly as production does.
 */
export const testDataConverter = (): Promise<DataConverter> => waybillDataConverter(TEST_ONLY_PAYLOAD_ENCRYPTION_KEYS);

/** The time-skipping test server, from the provisioned binary (never a download on CI). */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  installQuietRuntime();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: await temporalExecutable('temporal-test-server') },
    client: { dataConverter: await testDataConverter() },
  });
  await registerSearchAttributes(env.connection, env.namespace ?? 'default');
  return env;
}

/**
 * The Temporal CLI dev server, in memory, with Waybill's search attributes. Used where the
 * time-skipping server falls short: it starts a continued-as-new run only while time is unlocked.
 */
export async function createLocalDevEnv(): Promise<TestWorkflowEnvironment> {
  installQuietRuntime();
  return TestWorkflowEnvironment.createLocal({
    server: { executable: await temporalExecutable('temporal'), searchAttributes: WAYBILL_SEARCH_ATTRIBUTES },
    client: { dataConverter: await testDataConverter() },
  });
}

/** Bundles the real workflow code once per test file, with the failure converter and interceptor modules production's bundle has. */
export function bundleWaybillWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    failureConverterPath: FAILURE_CONVERTER_PATH,
    workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
    logger: new DefaultLogger('ERROR'),
  });
}

/**
 * A spec's Temporal server and workflow bundle: started before its tests, stopped after them.
 * `ready` receives both once they are up.
 */
export function useWorkflowTestServer(kind: 'time-skipping' | 'dev', ready: (env: TestWorkflowEnvironment, bundle: WorkflowBundleWithSourceMap) => void): void {
  let started: TestWorkflowEnvironment | undefined;
  beforeAll(async () => {
    const [env, bundle] = await Promise.all([kind === 'dev' ? createLocalDevEnv() : createTimeSkippingEnv(), bundleWaybillWorkflows()]);
    started = env;
    ready(env, bundle);
  });
  afterAll(async () => {
    await started?.teardown();
  });
}
