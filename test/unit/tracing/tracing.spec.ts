import { SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { Tracing } from '../../../src/tracing/tracing';

describe('Tracing', () => {
  it('is off without a collector: nothing registered, spans are the API’s no-ops', async () => {
    const tracing = new Tracing({ serviceName: 'waybill-api' });
    expect(tracing.enabled).toBe(false);
    expect(trace.getTracer('t').startSpan('x').isRecording()).toBe(false);
    expect(tracing.resource.attributes['service.name']).toBe('waybill-api');
    await tracing.shutdown();
  });

  it('is on with a collector, recording spans until shut down', async () => {
    const tracing = new Tracing({ serviceName: 'waybill-worker', otlpEndpoint: 'http://127.0.0.1:9/' });
    expect(tracing.enabled).toBe(true);
    const span = trace.getTracer('t').startSpan('x');
    expect(span.isRecording()).toBe(true);
    await tracing.shutdown();
    expect(trace.getTracer('t').startSpan('y').isRecording()).toBe(false);
  });
});

describe('exported spans', () => {
  it('never carry a contact detail a failure message quoted', async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = new Tracing({ serviceName: 'waybill-worker', spanProcessor: new SimpleSpanProcessor(exporter) });
    const span = trace.getTracer('t').startSpan('RunActivity:sendNotification');
    const failure = new Error('550 5.1.1 <ada@example.com>: mailbox unavailable; SMS to +14155550123 refused');
    span.recordException(failure);
    span.setStatus({ code: SpanStatusCode.ERROR, message: failure.message });
    span.end();
    const [exported] = exporter.getFinishedSpans();
    await tracing.shutdown();
    expect(JSON.stringify([exported.status, exported.events])).not.toMatch(/ada@example\.com|4155550123/);
    expect(exported.status.message).toBe('550 5.1.1 <[email]>: mailbox unavailable; SMS to [phone] refused');
    expect(exported.spanContext().spanId).toBe(span.spanContext().spanId);
  });
});
