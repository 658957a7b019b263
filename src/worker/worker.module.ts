import { Module, type DynamicModule } from '@nestjs/common';
import type { WaybillConfig } from '../config/config';
import { ConfigModule } from '../config/config.module';
import { LoggingModule } from '../logging/logging.module';
import { MetricsModule } from '../metrics/metrics.module';
import { WorkerMetricsServer } from '../metrics/worker-metrics-server';
import { PersistenceModule } from '../persistence/persistence.module';
import { TracingModule } from '../tracing/tracing.module';
import { WorkerHost } from './worker-host';

/** The worker process: Temporal workers and the dependencies their activities need. */
@Module({})
export class WorkerModule {
  static forRoot(config: WaybillConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot('worker', config.logLevel),
        TracingModule.forRoot('worker', config.tracing),
        PersistenceModule.forRoot(config.mongodbUri),
        MetricsModule.forWorker(),
      ],
      // The metrics server listens before the workers connect, so /health answers 503 while they do.
      providers: [WorkerHost, WorkerMetricsServer],
    };
  }
}
