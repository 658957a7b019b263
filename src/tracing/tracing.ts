import { context, propagation, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, NoopSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { ScrubbingSpanProcessor } from './scrubbing-span-processor';

export interface TracingOptions {
  serviceName: string;
  /** OTEL_EXPORTER_OTLP_ENDPOINT: the collector's base URL; spans go to `<endpoint>/v1/traces`. */
  otlpEndpoint?: string;
  /** Where spans go instead of OTLP (tests: an InMemorySpanExporter behind a SimpleSpanProcessor). */
  spanProcessor?: SpanProcessor;
}

/**
 * The process's tracing. Off (no endpoint, no processor): nothing is registered, the OpenTelemetry
 * API stays the no-op it is by default, and `spanProcessor` drops the workflow spans the worker's
 * sink hands it. On: a tracer provider registered globally (with W3C trace-context propagation and
 * an AsyncLocalStorage context manager), batching spans to the collector over OTLP/HTTP, with
 * contact details masked in error messages (scrubbing-span-processor.ts).
 */
export class Tracing {
  readonly enabled: boolean;
  readonly resource: Resource;
  readonly spanProcessor: SpanProcessor;
  private readonly provider?: NodeTracerProvider;

  constructor(options: TracingOptions) {
    this.resource = new Resource({ [ATTR_SERVICE_NAME]: options.serviceName });
    const processor =
      options.spanProcessor ??
      (options.otlpEndpoint ? new BatchSpanProcessor(new OTLPTraceExporter({ url: `${options.otlpEndpoint.replace(/\/+$/, '')}/v1/traces` })) : undefined);
    this.enabled = processor !== undefined;
    this.spanProcessor = processor ? new ScrubbingSpanProcessor(processor) : new NoopSpanProcessor();
    if (this.enabled) {
      this.provider = new NodeTracerProvider({ resource: this.resource, spanProcessors: [this.spanProcessor] });
      this.provider.register();
    }
  }

  /** Sends what is still batched, then stops; the global API is a no-op again. */
  async shutdown(): Promise<void> {
    if (!this.provider) return;
    await this.provider.shutdown();
    trace.disable();
    propagation.disable();
    context.disable();
  }
}
