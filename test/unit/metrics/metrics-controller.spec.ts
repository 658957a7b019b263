import request from 'supertest';
import { Counter, Registry } from 'prom-client';
import { MetricsController } from '../../../src/metrics/metrics.controller';
import { apiMetricsAccess } from '../../../src/metrics/metrics-access';
import { METRICS_ACCESS, METRICS_REGISTRY } from '../../../src/metrics/metrics.tokens';
import { bearer, createApiTestApp, type ApiTestApp } from '../../support/api-test-app';

/* GET /metrics over HTTP behind the API-key guard, for each access rule (test/integration/metrics has the whole API). */
describe('MetricsController', () => {
  const apps: ApiTestApp[] = [];
  afterAll(() => Promise.all(apps.map(({ app }) => app.close())));

  const appFor = async (env: 'development' | 'production', token?: string) => {
    const registry = new Registry();
    new Counter({ name: 'waybill_spec_total', help: 'spec', registers: [registry] });
    const built = await createApiTestApp({
      controllers: [MetricsController],
      providers: [
        { provide: METRICS_REGISTRY, useValue: registry },
        { provide: METRICS_ACCESS, useValue: apiMetricsAccess(env, token) },
      ],
    });
    apps.push(built);
    return built.server;
  };

  it('is open outside production without a token, with no API key needed', async () => {
    const res = await request(await appFor('development')).get('/metrics').expect(200);
    expect(res.text).toContain('# TYPE waybill_spec_total counter');
  });

  it('is 404 in production without METRICS_TOKEN, whoever asks', async () => {
    const server = await appFor('production');
    await request(server).get('/metrics').expect(404);
    await request(server).get('/metrics').set('Authorization', bearer('admin')).expect(404);
  });

  it('needs the token in production once it is set, and takes no API key for it', async () => {
    const token = 'metrics-token-for-controller-spec-0123456789';
    const server = await appFor('production', token);
    await request(server).get('/metrics').expect(401);
    await request(server).get('/metrics').set('Authorization', bearer('admin')).expect(401);
    await request(server).get('/metrics').set('Authorization', `Bearer ${token}`).expect(200);
  });
});
