import { Controller, Get, Headers, HttpCode, Inject, NotFoundException, Res, UnauthorizedException } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Registry } from 'prom-client';
import { Public } from '../auth/public.decorator';
import { decideMetricsAccess, type MetricsAccess } from './metrics-access';
import { METRICS_ACCESS, METRICS_REGISTRY } from './metrics.tokens';

/**
 * Prometheus scrapes of the API process. Public for the API-key guard: scrapers hold a metrics
 * token, not an API key, and an API key with a role would be far more than a scraper needs. The
 * token rule is METRICS_ACCESS's (docs/observability.md).
 */
@ApiTags('metrics')
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(METRICS_ACCESS) private readonly access: MetricsAccess,
  ) {}

  @Get()
  @HttpCode(200)
  @ApiOperation({ summary: 'Prometheus metrics of this API replica. In production only with METRICS_TOKEN as a bearer token.' })
  @ApiProduces('text/plain')
  @ApiResponse({ status: 401, description: 'METRICS_TOKEN is set and the bearer token is missing or wrong.' })
  @ApiResponse({ status: 404, description: 'Production without METRICS_TOKEN: metrics are not served.' })
  async scrape(@Headers('authorization') authorization: string | undefined, @Res() response: Response): Promise<void> {
    const decision = decideMetricsAccess(this.access, authorization);
    if (decision === 'not_found') throw new NotFoundException('Cannot GET /metrics');
    if (decision === 'unauthorized') {
      response.setHeader('WWW-Authenticate', 'Bearer realm="waybill-metrics"');
      throw new UnauthorizedException('Send the metrics token: Authorization: Bearer <METRICS_TOKEN>.');
    }
    const text = await this.registry.metrics();
    response.setHeader('Cache-Control', 'no-store');
    response.type(this.registry.contentType).send(text);
  }
}
