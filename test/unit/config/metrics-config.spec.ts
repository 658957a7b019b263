import { ConfigError, loadConfig } from '../../../src/config/config';
import { temporalRuntimeTelemetry } from '../../../src/metrics/temporal-runtime-metrics';
import { PRODUCTION_ENV } from '../../support/config-env';

describe('loadConfig: metrics', () => {
  it('serves the worker’s metrics on 0.0.0.0:9464 in production, with core’s exporter on loopback 9465', () => {
    const { metrics } = loadConfig(PRODUCTION_ENV);
    expect(metrics).toEqual({ token: undefined, workerPort: 9464, workerHost: '0.0.0.0', temporalPort: 9465 });
    expect(temporalRuntimeTelemetry(metrics)).toEqual({ metrics: { prometheus: { bindAddress: '127.0.0.1:9465' } } });
  });

  it('keeps the worker’s port off outside production unless set, and core’s exporter with it', () => {
    const { metrics } = loadConfig({ WAYBILL_ENV: 'development' });
    expect(metrics).toMatchObject({ workerPort: 0, workerHost: '127.0.0.1' });
    expect(temporalRuntimeTelemetry(metrics)).toBeUndefined();
    expect(loadConfig({ WAYBILL_ENV: 'development', WORKER_METRICS_PORT: '9464' }).metrics).toMatchObject({ workerPort: 9464, workerHost: '127.0.0.1' });
    expect(temporalRuntimeTelemetry(loadConfig({ ...PRODUCTION_ENV, WORKER_TEMPORAL_METRICS_PORT: '0' }).metrics)).toBeUndefined();
  });

  it('takes a token of 32+ characters without spaces', () => {
    expect(loadConfig({ WAYBILL_ENV: 'development', METRICS_TOKEN: 'a'.repeat(32) }).metrics.token).toBe('a'.repeat(32));
    for (const token of ['short', `${'a'.repeat(20)} ${'b'.repeat(20)}`]) {
      expect(() => loadConfig({ WAYBILL_ENV: 'development', METRICS_TOKEN: token })).toThrow(/METRICS_TOKEN/);
    }
  });

  it('refuses bad ports, and the same port for both exporters', () => {
    for (const port of ['-1', '65536', 'http']) expect(() => loadConfig({ WAYBILL_ENV: 'development', WORKER_METRICS_PORT: port })).toThrow(/WORKER_METRICS_PORT/);
    expect(() => loadConfig({ ...PRODUCTION_ENV, WORKER_TEMPORAL_METRICS_PORT: '9464' })).toThrow(ConfigError);
  });
});
