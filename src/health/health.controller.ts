import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Client } from '@temporalio/client';
import type { Connection as MongoConnection } from 'mongoose';
import { Public } from '../auth/public.decorator';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client.module';

const CHECK_TIMEOUT_MS = 3000;

type Check = { status: 'up' } | { status: 'down'; message: string };

async function check(probe: () => Promise<unknown>): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS)));
  try {
    await Promise.race([probe(), timeout]);
    return { status: 'up' };
  } catch (err) {
    return { status: 'down', message: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @InjectConnection() private readonly mongo: MongoConnection,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'The process is up. Checks nothing else.' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Temporal and MongoDB both answer.' })
  @ApiResponse({ status: 200, description: 'Ready to serve.' })
  @ApiResponse({ status: 503, description: 'Temporal or MongoDB does not answer; details name which.' })
  async ready(): Promise<{ status: 'ok'; details: Record<string, Check> }> {
    const [mongodb, temporal] = await Promise.all([
      check(async () => {
        await this.mongo.asPromise();
        await this.mongo.db?.admin().ping();
      }),
      check(() => this.temporal.workflowService.getSystemInfo({})),
    ]);
    const details = { mongodb, temporal };
    if (mongodb.status === 'down' || temporal.status === 'down') throw new ServiceUnavailableException({ status: 'error', details });
    return { status: 'ok', details };
  }
}
