import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { WaybillConfig } from './config';

export const WAYBILL_CONFIG = Symbol('waybill:config');

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: WaybillConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: WAYBILL_CONFIG, useValue: config }], exports: [WAYBILL_CONFIG] };
  }
}
