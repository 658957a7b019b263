import { Global, Module } from '@nestjs/common';
import { CustomerTokenGuard } from '../auth/customer-token.guard';
import { CUSTOMER_TOKEN_OPTIONS, CustomerTokenService, customerTokenOptions } from '../auth/customer-tokens';
import { WAYBILL_CONFIG } from '../config/config.module';
import { OrdersModule } from '../orders/orders.module';
import { CustomerActionsController } from './customer-actions.controller';
import { CustomerActionsService } from './customer-actions.service';
import { CustomerTokenController } from './customer-token.controller';
import { OrderLookup } from './order-lookup';

/**
 * Customer tokens: issuing them to the platform, the guard customer routes verify them with, and
 * the customer's own routes under /v1/track/{token} (view, confirm receipt, report a problem).
 * Global, so a controller in any module can put CustomerTokenRoute() on its routes without
 * importing this one. Needs the app's ConfigModule, PersistenceModule and TemporalClientModule.
 */
@Global()
@Module({
  imports: [OrdersModule],
  controllers: [CustomerTokenController, CustomerActionsController],
  providers: [
    CustomerActionsService,
    { provide: CUSTOMER_TOKEN_OPTIONS, inject: [WAYBILL_CONFIG], useFactory: customerTokenOptions },
    CustomerTokenService,
    CustomerTokenGuard,
    OrderLookup,
  ],
  exports: [CustomerTokenService, CustomerTokenGuard, CustomerActionsService],
})
export class CustomerModule {}
