import type { WorkflowClientInterceptor } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry/lib/client';
import { CorrelationClientInterceptor } from './correlation-client-interceptor';

/**
 * The Temporal client's workflow interceptors. The OpenTelemetry one goes first (outermost), so its
 * span (a child of the HTTP request's) is the active context when the call's headers are written.
 * Without tracing it is left out: it would send an empty trace header on every call.
 */
export function workflowClientInterceptors(tracingEnabled: boolean): WorkflowClientInterceptor[] {
  return [...(tracingEnabled ? [new OpenTelemetryWorkflowClientInterceptor()] : []), new CorrelationClientInterceptor()];
}
