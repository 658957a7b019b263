/**
 * Prebuilds the workflow bundle for production workers (`npm run build`), so they start without
 * running webpack. The failure converter that encrypts failure messages is built in: a prebuilt
 * bundle cannot take it from the worker's options; so are the workflow interceptor modules (tracing
 * and correlation IDs, see src/tracing/workflow-interceptor-modules.ts). Exits non-zero on any failure.
 */
import { writeFile } from 'node:fs/promises';
import { bundleWorkflowCode } from '@temporalio/worker';
import { FAILURE_CONVERTER_PATH } from '../src/temporal/payload-encryption/data-converter';
import { WORKFLOW_INTERCEPTOR_MODULES } from '../src/tracing/workflow-interceptor-modules';
import { WORKFLOW_BUNDLE_PATH } from '../src/worker/workflow-source';

async function main(): Promise<void> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../workflows'),
    failureConverterPath: FAILURE_CONVERTER_PATH,
    workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
  });
  await writeFile(WORKFLOW_BUNDLE_PATH, code);
  process.stdout.write(`Workflow bundle written to ${WORKFLOW_BUNDLE_PATH} (${Math.round(code.length / 1024)} KiB)\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
