import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import express from 'express';
import request from 'supertest';
import { requestSpans } from '../../../src/tracing/request-span';
import { Tracing } from '../../../src/tracing/tracing';

/* The API's span per request (tracing on): parent from `traceparent`, named by route, active in handlers. */

describe('requestSpans', () => {
  const exporter = new InMemorySpanExporter();
  const tracing = new Tracing({ serviceName: 'waybill-api', spanProcessor: new SimpleSpanProcessor(exporter) });
  afterAll(() => tracing.shutdown());
  beforeEach(() => exporter.reset());

  const app = express();
  app.use(requestSpans());
  app.get('/t/:token', (_req, res) => {
    res.json({ activeTraceId: trace.getActiveSpan()?.spanContext().traceId });
  });
  app.post('/v1/orders/:orderId/processing', (_req, res) => {
    res.status(500).end();
  });

  it('continues the caller’s trace and is the active span while the request is handled', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const response = await request(app).get('/t/eyJhbGciOiJIUzI1NiJ9.secret').set('traceparent', `00-${traceId}-00f067aa0ba902b7-01`).expect(200);
    const [span] = exporter.getFinishedSpans();
    expect(span.spanContext().traceId).toBe(traceId);
    expect(span.parentSpanId).toBe('00f067aa0ba902b7');
    expect(response.body).toEqual({ activeTraceId: traceId });
  });

  it('is named by the route pattern, so tokens and IDs in paths never reach the trace', async () => {
    await request(app).get('/t/eyJhbGciOiJIUzI1NiJ9.secret').expect(200);
    await request(app).post('/v1/orders/A-1001/processing').expect(500);
    const [page, failed] = exporter.getFinishedSpans();
    expect(page.name).toBe('GET /t/:token');
    expect(page.attributes).toEqual({ 'http.request.method': 'GET', 'http.route': '/t/:token', 'http.response.status_code': 200 });
    expect(failed.name).toBe('POST /v1/orders/:orderId/processing');
    expect(failed.status.code).toBe(2); // ERROR
    expect(JSON.stringify(exporter.getFinishedSpans().map((s) => [s.name, s.attributes]))).not.toMatch(/secret|A-1001/);
  });

  it('starts a new trace without a traceparent, and says only the method for unknown paths', async () => {
    await request(app).get('/nowhere').expect(404);
    const [span] = exporter.getFinishedSpans();
    expect(span.parentSpanId).toBeUndefined();
    expect(span.name).toBe('GET');
  });
});
