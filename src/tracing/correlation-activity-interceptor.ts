import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, ActivityInterceptors, ActivityOutboundCallsInterceptor, GetLogAttributesInput, Next } from '@temporalio/worker';
import { correlationIdFrom } from '../../workflows/shared/correlation';
import { runWithCorrelationId } from '../logging/correlation-context';

/**
 * Runs each activity under the correlation ID its workflow scheduled it with, so every log line
 * written meanwhile carries it: pino's lines through the logger's mixin, and the Temporal activity
 * logger's (`log` from @temporalio/activity) as an attribute.
 */
export function correlationActivityInterceptors(): ActivityInterceptors {
  // One set per activity attempt: the ID read by `execute` lives in this closure.
  let id: string | undefined;
  const inbound: ActivityInboundCallsInterceptor = {
    execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
      id = correlationIdFrom(input.headers);
      return runWithCorrelationId(id, () => next(input));
    },
  };
  const outbound: ActivityOutboundCallsInterceptor = {
    getLogAttributes(input: GetLogAttributesInput, next: Next<ActivityOutboundCallsInterceptor, 'getLogAttributes'>): Record<string, unknown> {
      return next(id === undefined ? input : { correlationId: id, ...input });
    },
  };
  return { inbound, outbound };
}
