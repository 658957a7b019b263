import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor, TimedEvent } from '@opentelemetry/sdk-trace-base';
import { scrubContactDetails } from '../logging/log-redaction';

/**
 * Masks email addresses and phone numbers in what a span says about an error before it leaves the
 * process. Waybill never puts personal data in span names or attributes, but the Temporal
 * interceptors record every failure's message (the span's status and an `exception` event), and an
 * SMTP or SMS provider's refusal often quotes the recipient: the same rule the logs follow.
 */
export class ScrubbingSpanProcessor implements SpanProcessor {
  constructor(private readonly inner: SpanProcessor) {}

  onStart(span: Span, parentContext: Context): void {
    this.inner.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    this.inner.onEnd(scrubbed(span));
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}

/** A copy with the status message and event attributes masked; the span itself (and its methods) untouched. */
function scrubbed(span: ReadableSpan): ReadableSpan {
  const copy = Object.assign(Object.create(Object.getPrototypeOf(span) as object) as ReadableSpan, span);
  return Object.assign(copy, {
    status: span.status.message === undefined ? span.status : { ...span.status, message: scrubContactDetails(span.status.message) },
    events: span.events.map(scrubEvent),
  });
}

function scrubEvent(event: TimedEvent): TimedEvent {
  if (!event.attributes) return event;
  const attributes = Object.fromEntries(Object.entries(event.attributes).map(([key, value]) => [key, typeof value === 'string' ? scrubContactDetails(value) : value]));
  return { ...event, attributes };
}
