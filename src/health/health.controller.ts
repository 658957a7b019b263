import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, MongooseHealthIndicator, type HealthCheckResult } from '@nestjs/terminus';
import type { Client } from '@temporalio/client';
import { Public } from '../auth/public.decorator';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client.module';

const CHECK_TIMEOUT_MS = 3000;

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly mongo: MongooseHealthIndicator,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'The process is up. Checks nothing else.' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Temporal and MongoDB both answer. 503 when either does not.' })
  ready(): Promise<HealthCheckResult> {
    return this.health.check([() => this.mongo.pingCheck('mongodb', { timeout: CHECK_TIMEOUT_MS }), () => this.checkTemporal()]);
  }

  private async checkTemporal() {
    const indicator = this.indicators.check('temporal');
    try {
      await this.temporal.connection.withDeadline(Date.now() + CHECK_TIMEOUT_MS, () =>
        this.temporal.workflowService.getSystemInfo({}),
      );
      return indicator.up();
    } catch (err) {
      return indicator.down({ message: err instanceof Error ? err.message : String(err) });
    }
  }
}
