import { Counter, Histogram, type Registry } from 'prom-client';
import type { CarrierCallOutcome, CarrierCallRecorder, CarrierEndpoint } from '../../activities/activity-metrics';
import { CARRIERS, type Carrier } from '../../workflows/shared/vocabulary';
import { boundedLabel } from './bounded-label';

export const CARRIER_ENDPOINTS: readonly CarrierEndpoint[] = ['track', 'token'];
export const CARRIER_CALL_OUTCOMES: readonly CarrierCallOutcome[] = [
  'ok',
  'redirect',
  'rate_limited',
  'client_error',
  'server_error',
  'timeout',
  'network_error',
  'bad_response',
  'cancelled',
];

/** Carrier HTTP calls, counted and timed at the adapters' HTTP layer (activities/carriers/http.ts). */
export class CarrierCallMetrics implements CarrierCallRecorder {
  private readonly calls: Counter<'carrier' | 'endpoint' | 'outcome'>;
  private readonly duration: Histogram<'carrier' | 'endpoint'>;

  constructor(registry: Registry) {
    this.calls = new Counter({
      name: 'waybill_carrier_calls_total',
      help: 'Carrier API calls by carrier, endpoint (track, token) and outcome (ok, rate_limited = HTTP 429, client_error, server_error, timeout, ...).',
      labelNames: ['carrier', 'endpoint', 'outcome'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'waybill_carrier_call_duration_seconds',
      help: 'Carrier API call duration, from the request to the whole body read, by carrier and endpoint.',
      labelNames: ['carrier', 'endpoint'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30],
      registers: [registry],
    });
    // Every series exists from the start at 0, so rate() and absent() work before the first call.
    for (const carrier of CARRIERS) {
      for (const endpoint of CARRIER_ENDPOINTS) {
        for (const outcome of CARRIER_CALL_OUTCOMES) this.calls.inc({ carrier, endpoint, outcome }, 0);
      }
    }
  }

  carrierCall(call: { carrier: Carrier; endpoint: CarrierEndpoint; outcome: CarrierCallOutcome; durationMs: number }): void {
    const carrier = boundedLabel(call.carrier, CARRIERS);
    const endpoint = boundedLabel(call.endpoint, CARRIER_ENDPOINTS);
    this.calls.inc({ carrier, endpoint, outcome: boundedLabel(call.outcome, CARRIER_CALL_OUTCOMES) });
    this.duration.observe({ carrier, endpoint }, call.durationMs / 1000);
  }
}
