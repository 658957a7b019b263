import type {
  Next,
  WorkflowClientInterceptor,
  WorkflowSignalInput,
  WorkflowSignalWithStartInput,
  WorkflowStartInput,
  WorkflowStartOutput,
  WorkflowStartUpdateInput,
  WorkflowStartUpdateOutput,
  WorkflowStartUpdateWithStartInput,
  WorkflowStartUpdateWithStartOutput,
} from '@temporalio/client';
import { withCorrelationId } from '../../workflows/shared/correlation';
import { currentCorrelationId } from '../logging/correlation-context';

/**
 * Sends the current correlation ID (the API request's ID, see logging/correlation-context.ts) to the
 * workflow on every call that can change it: start, signal, signal-with-start, update. Queries and
 * describes cause nothing in the workflow, so they carry none.
 */
export class CorrelationClientInterceptor implements WorkflowClientInterceptor {
  start(input: WorkflowStartInput, next: Next<WorkflowClientInterceptor, 'start'>): Promise<string> {
    return next({ ...input, headers: withCorrelationId(input.headers, currentCorrelationId()) });
  }

  startWithDetails(input: WorkflowStartInput, next: Next<WorkflowClientInterceptor, 'startWithDetails'>): Promise<WorkflowStartOutput> {
    return next({ ...input, headers: withCorrelationId(input.headers, currentCorrelationId()) });
  }

  signal(input: WorkflowSignalInput, next: Next<WorkflowClientInterceptor, 'signal'>): Promise<void> {
    return next({ ...input, headers: withCorrelationId(input.headers, currentCorrelationId()) });
  }

  signalWithStart(input: WorkflowSignalWithStartInput, next: Next<WorkflowClientInterceptor, 'signalWithStart'>): Promise<string> {
    return next({ ...input, headers: withCorrelationId(input.headers, currentCorrelationId()) });
  }

  startUpdate(input: WorkflowStartUpdateInput, next: Next<WorkflowClientInterceptor, 'startUpdate'>): Promise<WorkflowStartUpdateOutput> {
    return next({ ...input, headers: withCorrelationId(input.headers, currentCorrelationId()) });
  }

  startUpdateWithStart(
    input: WorkflowStartUpdateWithStartInput,
    next: Next<WorkflowClientInterceptor, 'startUpdateWithStart'>,
  ): Promise<WorkflowStartUpdateWithStartOutput> {
    const id = currentCorrelationId();
    return next({ ...input, workflowStartHeaders: withCorrelationId(input.workflowStartHeaders, id), updateHeaders: withCorrelationId(input.updateHeaders, id) });
  }
}
