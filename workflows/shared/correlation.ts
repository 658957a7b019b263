/**
 * The correlation ID: the API request's ID (`X-Request-Id`), carried from the request to the
 * workflow it starts or messages and on to every activity and child workflow that follows, so one
 * ID finds every log line a request caused (docs/observability.md). Shared by the API, the worker
 * and the workflow sandbox.
 */
import { defaultPayloadConverter, type Headers } from '@temporalio/common';

/** The Temporal header it travels in: on start, signal, update, scheduled activities and children. */
export const CORRELATION_HEADER = 'waybill-correlation-id';

/** Letters, digits and `._:-`, up to 128: never anything that could forge or break a log line. */
const WELL_FORMED = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export function isCorrelationId(value: unknown): value is string {
  return typeof value === 'string' && WELL_FORMED.test(value);
}

/** The ID in `headers`, when there is a well-formed one. Any client can set headers: others are ignored. */
export function correlationIdFrom(headers: Headers | undefined): string | undefined {
  const payload = headers?.[CORRELATION_HEADER];
  if (!payload) return undefined;
  try {
    const id: unknown = defaultPayloadConverter.fromPayload(payload);
    return isCorrelationId(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

/** `headers` with `id` added; unchanged when there is no ID. */
export function withCorrelationId(headers: Headers, id: string | undefined): Headers {
  return id === undefined ? headers : { ...headers, [CORRELATION_HEADER]: defaultPayloadConverter.toPayload(id) };
}
