import { ConfigError, loadConfig } from '../../../src/config/config';

describe('loadConfig: tracing', () => {
  const dev = { WAYBILL_ENV: 'development' };

  it('is off without a collector, with no service name of its own', () => {
    expect(loadConfig(dev).tracing).toEqual({ otlpEndpoint: undefined, serviceName: undefined });
  });

  it('takes OpenTelemetry’s standard variables', () => {
    const config = loadConfig({ ...dev, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318', OTEL_SERVICE_NAME: 'waybill-worker-ups' });
    expect(config.tracing).toEqual({ otlpEndpoint: 'http://otel-collector:4318', serviceName: 'waybill-worker-ups' });
  });

  it('refuses an endpoint that is not an http(s) URL and a service name that could break a label, naming the variable', () => {
    expect(() => loadConfig({ ...dev, OTEL_EXPORTER_OTLP_ENDPOINT: 'otel-collector:4318' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
    expect(() => loadConfig({ ...dev, OTEL_EXPORTER_OTLP_ENDPOINT: 'grpc://collector:4317' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...dev, OTEL_SERVICE_NAME: 'waybill api' })).toThrow(/OTEL_SERVICE_NAME/);
  });
});
