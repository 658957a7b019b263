import { OpenTelemetryActivityInboundInterceptor, OpenTelemetryActivityOutboundInterceptor, type OpenTelemetrySinks } from '@temporalio/interceptors-opentelemetry';
import type { InjectedSinks, WorkerInterceptors } from '@temporalio/worker';
import { correlationActivityInterceptors } from './correlation-activity-interceptor';
import type { Tracing } from './tracing';
import { WORKFLOW_INTERCEPTOR_MODULES } from './workflow-interceptor-modules';
import { workflowSpanSinks } from './workflow-span-sink';

/**
 * What every Waybill worker adds to `Worker.create`: the activity interceptors (an OpenTelemetry
 * span per attempt under the workflow's, and the correlation ID in the activity's log context), the
 * workflow interceptor modules when the worker bundles its own code (a prebuilt bundle has them
 * built in), and the sink that exports workflow spans. The OpenTelemetry activity interceptors cost
 * next to nothing with tracing off (the API's no-op tracer), so the set does not depend on it.
 */
export function workerObservability(tracing: Tracing, bundling: boolean): { interceptors: WorkerInterceptors; sinks: InjectedSinks<OpenTelemetrySinks> } {
  return {
    interceptors: {
      activity: [
        (ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx), outbound: new OpenTelemetryActivityOutboundInterceptor(ctx) }),
        () => correlationActivityInterceptors(),
      ],
      ...(bundling ? { workflowModules: WORKFLOW_INTERCEPTOR_MODULES } : {}),
    },
    sinks: workflowSpanSinks(tracing),
  };
}
