import { Registry } from 'prom-client';
import { CARRIER_CALL_OUTCOMES, CARRIER_ENDPOINTS, CarrierCallMetrics } from '../../../src/metrics/carrier-call-metrics';
import { ESCROW_ACTIONS, ESCROW_OUTCOMES, EscrowMetrics } from '../../../src/metrics/escrow-metrics';
import { NOTIFICATION_CHANNELS, NOTIFICATION_OUTCOMES, NotificationMetrics } from '../../../src/metrics/notification-metrics';
import { PLATFORM_WEBHOOK_OUTCOMES, PlatformWebhookMetrics } from '../../../src/metrics/platform-webhook-metrics';
import { WebhookAckMetrics } from '../../../src/metrics/webhook-ack-metrics';
import { createActivityMetrics } from '../../../src/metrics/worker-activity-metrics';
import { CARRIERS } from '../../../workflows/shared/vocabulary';

/** A metric's series as prom-client holds them: labels and value. */
async function seriesOf(registry: Registry, name: string): Promise<Array<{ labels: Record<string, string | number>; value: number }>> {
  const metric = registry.getSingleMetric(name);
  if (!metric) throw new Error(`${name} is not registered`);
  return (await metric.get()).values.map(({ labels, value }) => ({ labels: labels as Record<string, string | number>, value }));
}

const valueOf = async (registry: Registry, name: string, labels: Record<string, string>): Promise<number | undefined> =>
  (await seriesOf(registry, name)).find((series) => Object.entries(labels).every(([key, value]) => series.labels[key] === value))?.value;

describe('metric recorders', () => {
  let registry: Registry;
  beforeEach(() => {
    registry = new Registry();
  });

  describe('carrier calls', () => {
    it('counts by carrier, endpoint and outcome, and times by carrier and endpoint', async () => {
      const metrics = new CarrierCallMetrics(registry);
      metrics.carrierCall({ carrier: 'ups', endpoint: 'track', outcome: 'rate_limited', durationMs: 120 });
      metrics.carrierCall({ carrier: 'ups', endpoint: 'track', outcome: 'rate_limited', durationMs: 80 });
      metrics.carrierCall({ carrier: 'fedex', endpoint: 'token', outcome: 'ok', durationMs: 40 });
      expect(await valueOf(registry, 'waybill_carrier_calls_total', { carrier: 'ups', endpoint: 'track', outcome: 'rate_limited' })).toBe(2);
      expect(await valueOf(registry, 'waybill_carrier_calls_total', { carrier: 'fedex', endpoint: 'token', outcome: 'ok' })).toBe(1);
      const text = await registry.metrics();
      expect(text).toContain('waybill_carrier_call_duration_seconds_count{carrier="ups",endpoint="track"} 2');
      expect(text).toContain('waybill_carrier_call_duration_seconds_sum{carrier="ups",endpoint="track"} 0.2');
    });

    it('starts every series at zero, and has exactly carriers × endpoints × outcomes of them', async () => {
      new CarrierCallMetrics(registry);
      const series = await seriesOf(registry, 'waybill_carrier_calls_total');
      expect(series).toHaveLength(CARRIERS.length * CARRIER_ENDPOINTS.length * CARRIER_CALL_OUTCOMES.length);
      expect(series.every((s) => s.value === 0)).toBe(true);
    });

    it('records a value outside its closed set as other, never as itself', async () => {
      const metrics = new CarrierCallMetrics(registry);
      metrics.carrierCall({ carrier: '1Z999AA10123456784' as never, endpoint: 'track/1Z999AA10123456784' as never, outcome: 'HTTP 418' as never, durationMs: 1 });
      expect(await valueOf(registry, 'waybill_carrier_calls_total', { carrier: 'other', endpoint: 'other', outcome: 'other' })).toBe(1);
      expect(await registry.metrics()).not.toContain('1Z999');
    });
  });

  it('counts notifications by channel and outcome, bounded', async () => {
    const metrics = new NotificationMetrics(registry);
    metrics.notification('sms', 'sent');
    metrics.notification('email', 'failed_permanent');
    metrics.notification('email', 'failed_permanent');
    metrics.notification('fax' as never, 'ada@example.com' as never);
    expect(await valueOf(registry, 'waybill_notifications_total', { channel: 'sms', outcome: 'sent' })).toBe(1);
    expect(await valueOf(registry, 'waybill_notifications_total', { channel: 'email', outcome: 'failed_permanent' })).toBe(2);
    expect(await valueOf(registry, 'waybill_notifications_total', { channel: 'other', outcome: 'other' })).toBe(1);
    expect(await registry.metrics()).not.toContain('example.com');
    expect(await seriesOf(registry, 'waybill_notifications_total')).toHaveLength(NOTIFICATION_CHANNELS.length * NOTIFICATION_OUTCOMES.length + 1);
  });

  it('counts escrow settlements by action and outcome', async () => {
    const metrics = new EscrowMetrics(registry);
    metrics.escrowSettlement('release', 'settled');
    metrics.escrowSettlement('refund', 'declined');
    expect(await valueOf(registry, 'waybill_escrow_settlements_total', { action: 'release', outcome: 'settled' })).toBe(1);
    expect(await valueOf(registry, 'waybill_escrow_settlements_total', { action: 'refund', outcome: 'declined' })).toBe(1);
    expect(await seriesOf(registry, 'waybill_escrow_settlements_total')).toHaveLength(ESCROW_ACTIONS.length * ESCROW_OUTCOMES.length);
  });

  it('counts platform webhook deliveries by outcome', async () => {
    const metrics = new PlatformWebhookMetrics(registry);
    metrics.platformWebhook('failed_retryable');
    metrics.platformWebhook('delivered');
    expect(await valueOf(registry, 'waybill_platform_webhooks_total', { outcome: 'failed_retryable' })).toBe(1);
    expect(await seriesOf(registry, 'waybill_platform_webhooks_total')).toHaveLength(PLATFORM_WEBHOOK_OUTCOMES.length);
  });

  it('times webhook acknowledgements by carrier and status code, an unknown path as other', async () => {
    const metrics = new WebhookAckMetrics(registry);
    metrics.observe('ups', 200, 0.012);
    metrics.observe('../../etc', 404, 0.001);
    const text = await registry.metrics();
    expect(text).toContain('waybill_carrier_webhook_ack_seconds_bucket{le="0.025",carrier="ups",status="200"} 1');
    expect(text).toContain('waybill_carrier_webhook_ack_seconds_count{carrier="other",status="404"} 1');
    expect(text).not.toContain('etc');
  });

  it('puts every worker recorder on one registry under the waybill_ prefix', async () => {
    const metrics = createActivityMetrics(registry);
    metrics.carrierCall({ carrier: 'dhl', endpoint: 'track', outcome: 'ok', durationMs: 5 });
    metrics.notification('push', 'suppressed');
    metrics.escrowSettlement('refund', 'settled');
    metrics.platformWebhook('dead_lettered');
    const names = (await registry.getMetricsAsJSON()).map((metric) => metric.name);
    expect(names.sort()).toEqual(
      ['waybill_carrier_call_duration_seconds', 'waybill_carrier_calls_total', 'waybill_escrow_settlements_total', 'waybill_notifications_total', 'waybill_platform_webhooks_total'].sort(),
    );
  });
});
