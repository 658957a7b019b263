import { AsyncLocalStorage } from 'node:async_hooks';
import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';

/**
 * The correlation ID of whatever this code runs for: an API request (its request ID) or an activity
 * (the ID its workflow was given, see workflows/shared/correlation.ts). The Temporal client reads it
 * to send it on; the logger stamps it on every line written meanwhile.
 */
const storage = new AsyncLocalStorage<string>();

export function runWithCorrelationId<T>(id: string | undefined, fn: () => T): T {
  return id === undefined ? fn() : storage.run(id, fn);
}

export function currentCorrelationId(): string | undefined {
  return storage.getStore();
}

/** Express middleware, after the request logger (which gives `req.id`): the rest of the request runs under its ID. */
export function correlateRequest(request: Request, _response: Response, next: NextFunction): void {
  const id = (request as Request & { id?: unknown }).id;
  runWithCorrelationId(typeof id === 'string' ? id : undefined, next);
}

/**
 * What a log line written now adds (pino's `mixin`): the correlation ID, and the trace ID when
 * tracing is on and a span is active (with tracing off the OpenTelemetry API has no spans).
 */
export function correlationLogFields(): { correlationId?: string; traceId?: string } {
  const fields: { correlationId?: string; traceId?: string } = {};
  const id = storage.getStore();
  if (id !== undefined) fields.correlationId = id;
  const span = trace.getSpanContext(context.active());
  if (span && isSpanContextValid(span)) fields.traceId = span.traceId;
  return fields;
}
