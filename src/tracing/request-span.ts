import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

const tracer = trace.getTracer('waybill-api');

/**
 * Express middleware (tracing on only): one server span per request, the child of the caller's
 * `traceparent` when it sent one, active while the request is handled, so the Temporal client's
 * spans (and through their headers the workflow's and activities') hang under it. Named by the
 * matched route pattern (`POST /v1/orders/:orderId/processing`), never the raw URL, so order IDs
 * stay attributes of Temporal's spans and tokens in paths never reach a trace.
 */
export function requestSpans(): RequestHandler {
  return (request: Request, response: Response, next: NextFunction): void => {
    const parent = propagation.extract(context.active(), request.headers);
    const span = tracer.startSpan(`${request.method}`, { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method } }, parent);
    const requestId = (request as Request & { id?: unknown }).id;
    if (typeof requestId === 'string') span.setAttribute('waybill.request_id', requestId);
    let ended = false;
    const end = (): void => {
      if (ended) return;
      ended = true;
      const route = routePattern(request);
      if (route) {
        span.updateName(`${request.method} ${route}`);
        span.setAttribute('http.route', route);
      }
      span.setAttribute('http.response.status_code', response.statusCode);
      if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    };
    response.once('finish', end);
    response.once('close', end);
    context.with(trace.setSpan(parent, span), next);
  };
}

/** Express's matched route, mounted path included; absent for unmatched paths and static files. */
function routePattern(request: Request): string | undefined {
  const path: unknown = (request.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? `${request.baseUrl}${path}` : undefined;
}
