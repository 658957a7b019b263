import { Module, type DynamicModule } from '@nestjs/common';
import type { WaybillConfig } from '../config/config';
import { ConfigModule } from '../config/config.module';
import { LoggingModule } from '../logging/logging.module';
import { PersistenceModule } from '../persistence/persistence.module';
import { WorkerHost } from './worker-host';

/** The worker process: Temporal workers and the dependencies their activities need. */
@Module({})
export class WorkerModule {
  static forRoot(config: WaybillConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [ConfigModule.forRoot(config), LoggingModule.forRoot('worker', config.logLevel), PersistenceModule.forRoot(config.mongodbUri)],
      providers: [WorkerHost],
    };
  }
}
