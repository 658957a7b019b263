import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Registry } from 'prom-client';
import type { WaybillConfig } from '../config/config';
import { WAYBILL_CONFIG } from '../config/config.module';
import { WorkerHost } from '../worker/worker-host';
import { decideMetricsAccess, workerMetricsAccess, type MetricsAccess } from './metrics-access';
import { METRICS_REGISTRY } from './metrics.tokens';
import { fetchTemporalMetrics, temporalMetricsEnabled } from './temporal-runtime-metrics';

/**
 * The worker's own HTTP port (WORKER_METRICS_PORT, 0 = off): `GET /metrics`, Waybill's series
 * followed by Temporal core's, and `GET /health`, 200 while every Temporal worker is RUNNING and
 * 503 otherwise (still connecting, shutting down, or failed), for the container's health check.
 * Plain node:http: two read-only routes need no framework, and it listens before the workers
 * connect, so a worker that cannot reach Temporal reports unhealthy instead of not answering.
 */
@Injectable()
export class WorkerMetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerMetricsServer.name);
  private readonly access: MetricsAccess;
  private server?: Server;

  constructor(
    @Inject(WAYBILL_CONFIG) private readonly config: WaybillConfig,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    private readonly workers: WorkerHost,
  ) {
    this.access = workerMetricsAccess(config.metrics.token);
  }

  async onApplicationBootstrap(): Promise<void> {
    const { workerPort: port, workerHost: host } = this.config.metrics;
    if (port === 0) return;
    const server = createServer((request, response) => {
      this.handle(request, response).catch((err: unknown) => {
        this.logger.error(`Metrics request failed: ${err instanceof Error ? err.message : String(err)}`);
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
        response.end('Internal error\n');
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    this.logger.log(`Metrics and health on http://${host}:${this.port()}`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The bound port (differs from the configured one only in tests that ask for any free port). */
  port(): number | undefined {
    return (this.server?.address() as AddressInfo | null)?.port;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'Method not allowed\n', { allow: 'GET, HEAD' });
    if (path === '/health') return this.health(response);
    if (path === '/metrics') return this.metrics(request, response);
    send(response, 404, 'Not found\n');
  }

  private health(response: ServerResponse): void {
    const workers = this.workers.workerStates();
    const healthy = workers.length > 0 && workers.every((worker) => worker.state === 'RUNNING');
    send(response, healthy ? 200 : 503, `${JSON.stringify({ status: healthy ? 'ok' : 'error', workers })}\n`, { 'content-type': 'application/json' });
  }

  private async metrics(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const decision = decideMetricsAccess(this.access, request.headers.authorization);
    if (decision !== 'allowed') return send(response, 401, 'Send the metrics token: Authorization: Bearer <METRICS_TOKEN>.\n', { 'www-authenticate': 'Bearer realm="waybill-metrics"' });
    const metrics = this.config.metrics;
    const [own, temporal] = await Promise.all([this.registry.metrics(), temporalMetricsEnabled(metrics) ? fetchTemporalMetrics(metrics.temporalPort) : '']);
    send(response, 200, `${own}\n${temporal}`, { 'content-type': this.registry.contentType });
  }
}

function send(response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers });
  response.end(body);
}
