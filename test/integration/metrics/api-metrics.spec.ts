import request from 'supertest';
import { PRODUCTION_ENV } from '../../support/config-env';
import { useSecurityTestApp } from '../../support/security-test-app';

/*
 * The API's GET /metrics over real HTTP, on the whole API as main.api.ts builds it in production:
 * METRICS_TOKEN as a bearer token, Node's default metrics and Waybill's, and a carrier webhook
 * timed into the acknowledgement histogram whatever its answer.
 */
const METRICS_TOKEN = 'metrics-scrape-token-0123456789abcdef0123';

describe('API /metrics in production', () => {
  const { MONGODB_URI: _mongo, WAYBILL_API_KEYS: _keys, ...production } = PRODUCTION_ENV;
  const api = useSecurityTestApp('api_metrics', {
    env: {
      ...production,
      SESSION_SECRET: 'metrics-spec-session-secret-0123456789abcdef',
      METRICS_TOKEN,
      UPS_WEBHOOK_CREDENTIAL: 'ups-webhook-credential-for-metrics-spec',
    },
  });
  const scrape = () => request(api.server).get('/metrics');

  it('runs in production', () => {
    expect(api.config.env).toBe('production');
  });

  it('refuses a scrape without the token, or with a wrong one, with 401', async () => {
    const missing = await scrape().expect(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="waybill-metrics"');
    await scrape().set('Authorization', `Bearer ${METRICS_TOKEN}x`).expect(401);
    await scrape().set('Authorization', `Basic ${Buffer.from(`prometheus:${METRICS_TOKEN}`).toString('base64')}`).expect(401);
  });

  it('does not take an API key instead of the metrics token', async () => {
    await scrape().set('Authorization', 'Bearer sec_admin_key_0123456789abcdef').expect(401);
  });

  it('serves Prometheus text with Node’s metrics to the token', async () => {
    const res = await scrape().set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toMatch(/^# HELP process_cpu_user_seconds_total/m);
    expect(res.text).toMatch(/^nodejs_eventloop_lag_seconds /m);
  });

  it('times a carrier webhook into waybill_carrier_webhook_ack_seconds, by carrier and status', async () => {
    await request(api.server).post('/v1/webhooks/ups').set('credential', 'not-the-credential').set('content-type', 'application/json').send('{}').expect(401);
    await request(api.server).post('/v1/webhooks/nosuchcarrier').send('{}').expect(404);
    const res = await scrape().set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
    expect(res.text).toMatch(/^waybill_carrier_webhook_ack_seconds_count\{carrier="ups",status="401"\} 1$/m);
    expect(res.text).toMatch(/^waybill_carrier_webhook_ack_seconds_count\{carrier="other",status="404"\} 1$/m);
    expect(res.text).toMatch(/^waybill_carrier_webhook_ack_seconds_bucket\{le="0.1",carrier="ups",status="401"\} 1$/m);
    expect(res.text).not.toContain('nosuchcarrier');
  });

  it('reads the pushes waiting for hand-over from the inbox at each scrape', async () => {
    const res = await scrape().set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
    expect(res.text).toMatch(/^waybill_carrier_webhook_waiting 0$/m);
    expect(res.text).toMatch(/^# TYPE waybill_carrier_webhook_forward_seconds histogram$/m);
  });
});
