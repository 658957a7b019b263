/**
 * Workflow interceptors that keep the correlation ID (workflows/shared/correlation.ts). Not a
 * workflow: a module the bundle loads for every workflow (src/tracing/workflow-interceptor-modules.ts).
 *
 * The ID is the one on the latest message that brought one: the start, then each signal or update.
 * Waybill's workflows apply a message and commit its effects from the main loop, so what a workflow
 * schedules next is what that message caused. Headers are recorded in history and not part of
 * Temporal's determinism checks, so replays see the same IDs and histories recorded without them
 * still replay.
 */
import type {
  ActivityInput,
  ContinueAsNewInput,
  GetLogAttributesInput,
  Headers,
  LocalActivityInput,
  Next,
  SignalInput,
  SignalWorkflowInput,
  StartChildWorkflowExecutionInput,
  UpdateInput,
  WorkflowExecuteInput,
  WorkflowInboundCallsInterceptor,
  WorkflowInterceptors,
  WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';
import { correlationIdFrom, withCorrelationId } from '../shared/correlation';

/** One per workflow run: the sandbox gives every run its own instance of this module. */
class CorrelationState {
  current: string | undefined;

  takeFrom(headers: Headers): void {
    this.current = correlationIdFrom(headers) ?? this.current;
  }
}

class CorrelationInbound implements WorkflowInboundCallsInterceptor {
  constructor(private readonly state: CorrelationState) {}

  execute(input: WorkflowExecuteInput, next: Next<WorkflowInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    this.state.takeFrom(input.headers);
    return next(input);
  }

  handleSignal(input: SignalInput, next: Next<WorkflowInboundCallsInterceptor, 'handleSignal'>): Promise<void> {
    this.state.takeFrom(input.headers);
    return next(input);
  }

  /** Runs once the update's validator accepted it: a rejected update caused nothing. */
  handleUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'handleUpdate'>): Promise<unknown> {
    this.state.takeFrom(input.headers);
    return next(input);
  }
}

class CorrelationOutbound implements WorkflowOutboundCallsInterceptor {
  constructor(private readonly state: CorrelationState) {}

  scheduleActivity(input: ActivityInput, next: Next<WorkflowOutboundCallsInterceptor, 'scheduleActivity'>): Promise<unknown> {
    return next({ ...input, headers: withCorrelationId(input.headers, this.state.current) });
  }

  scheduleLocalActivity(input: LocalActivityInput, next: Next<WorkflowOutboundCallsInterceptor, 'scheduleLocalActivity'>): Promise<unknown> {
    return next({ ...input, headers: withCorrelationId(input.headers, this.state.current) });
  }

  startChildWorkflowExecution(
    input: StartChildWorkflowExecutionInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'startChildWorkflowExecution'>,
  ): Promise<[Promise<string>, Promise<unknown>]> {
    return next({ ...input, headers: withCorrelationId(input.headers, this.state.current) });
  }

  signalWorkflow(input: SignalWorkflowInput, next: Next<WorkflowOutboundCallsInterceptor, 'signalWorkflow'>): Promise<void> {
    return next({ ...input, headers: withCorrelationId(input.headers, this.state.current) });
  }

  continueAsNew(input: ContinueAsNewInput, next: Next<WorkflowOutboundCallsInterceptor, 'continueAsNew'>): Promise<never> {
    return next({ ...input, headers: withCorrelationId(input.headers, this.state.current) });
  }

  /** The workflow's own log lines (replay-aware `log` from @temporalio/workflow) carry it too. */
  getLogAttributes(input: GetLogAttributesInput, next: Next<WorkflowOutboundCallsInterceptor, 'getLogAttributes'>): Record<string, unknown> {
    return next(this.state.current === undefined ? input : { correlationId: this.state.current, ...input });
  }
}

export const interceptors = (): WorkflowInterceptors => {
  const state = new CorrelationState();
  return { inbound: [new CorrelationInbound(state)], outbound: [new CorrelationOutbound(state)] };
};
