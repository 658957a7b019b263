import { makeWorkflowExporter, type OpenTelemetrySinks } from '@temporalio/interceptors-opentelemetry';
import type { InjectedSinks } from '@temporalio/worker';
import type { WorkflowInfo } from '@temporalio/workflow';
import type { Tracing } from './tracing';

/** What a workflow span may say about its run. Not the memo, search attributes or last result. */
const SAFE_INFO = ['workflowId', 'runId', 'workflowType', 'taskQueue', 'namespace', 'attempt'] as const;

/**
 * The sink the workflow interceptors hand their finished spans to (workflow code cannot export
 * them itself). The package's sink copies the whole WorkflowInfo onto each span's attributes; this
 * one gives it only the run's IDs and type, so nothing a workflow keeps (memo, search attributes,
 * last result) can leak into a trace. Not called during replay: a replayed span was sent already.
 */
export function workflowSpanSinks(tracing: Tracing): InjectedSinks<OpenTelemetrySinks> {
  const exporter = makeWorkflowExporter(tracing.spanProcessor, tracing.resource).export;
  return {
    exporter: {
      export: {
        fn: (info: WorkflowInfo, spans) => exporter.fn(pickSafe(info), spans),
        callDuringReplay: false,
      },
    },
  };
}

function pickSafe(info: WorkflowInfo): WorkflowInfo {
  const safe: Record<string, unknown> = {};
  for (const key of SAFE_INFO) safe[key] = info[key];
  return safe as unknown as WorkflowInfo;
}
