import { Gauge, Histogram, type Registry } from 'prom-client';
import { WEBHOOK_SOURCES } from '../webhooks/carrier-webhook';
import { boundedLabel } from './bounded-label';

export type WebhookForwardOutcome = 'forwarded' | 'retry';
const OUTCOMES: readonly WebhookForwardOutcome[] = ['forwarded', 'retry'];
/** From sub-second hand-overs to payloads that waited out a Temporal outage. */
const FORWARD_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800];

/**
 * The hand-over behind an acknowledged carrier push (docs/webhooks.md): how long after its arrival a
 * payload reached its shipments, or failed a try; and how many wait.
 */
export class WebhookForwardMetrics {
  private readonly latency: Histogram<'carrier' | 'outcome'>;

  constructor(registry: Registry, waiting: () => Promise<number>) {
    this.latency = new Histogram({
      name: 'waybill_carrier_webhook_forward_seconds',
      help: 'Time from a carrier push arriving to its updates reaching their shipments (outcome forwarded), or to a failed try (outcome retry), by carrier.',
      labelNames: ['carrier', 'outcome'],
      buckets: FORWARD_BUCKETS,
      registers: [registry],
    });
    new Gauge({
      name: 'waybill_carrier_webhook_waiting',
      help: 'Acknowledged carrier pushes whose updates have not yet reached their shipments.',
      registers: [registry],
      async collect() {
        // During a MongoDB outage the gauge reads NaN rather than failing the whole scrape.
        this.set(await waiting().catch(() => Number.NaN));
      },
    });
  }

  observe(source: string, outcome: WebhookForwardOutcome, seconds: number): void {
    this.latency.observe({ carrier: boundedLabel(source, WEBHOOK_SOURCES), outcome: boundedLabel(outcome, OUTCOMES) }, seconds);
  }
}
