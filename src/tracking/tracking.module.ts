import { Module } from '@nestjs/common';
import type { WaybillConfig } from '../config/config';
import { WAYBILL_CONFIG } from '../config/config.module';
import { OrdersModule } from '../orders/orders.module';
import { TrackingAssets } from './assets/tracking-assets';
import { OrderUpdatesHub } from './order-updates-hub';
import { StreamLimits } from './stream-limits';
import { TrackingAssetsController } from './tracking-assets.controller';
import { TrackingEventsController } from './tracking-events.controller';
import { TrackingPageErrorFilter } from './tracking-page-error.filter';
import { TrackingPageController } from './tracking-page.controller';
import { TrackingStreams } from './tracking-streams';
import { TrackingViews } from './tracking-views';
import { TRACKING_OPTIONS, trackingOptions } from './tracking.options';

/**
 * The customer's tracking page (`/t/{token}`), its assets, and the live updates for it and for
 * mobile apps (`/v1/track/{token}/events`), read from the `order_updates` feed by one shared poller
 * per replica (docs/tracking-page.md). Needs the app's ConfigModule, PersistenceModule,
 * TemporalClientModule and CustomerModule (tokens and the customer's actions).
 */
@Module({
  imports: [OrdersModule],
  controllers: [TrackingEventsController, TrackingAssetsController, TrackingPageController],
  providers: [
    { provide: TRACKING_OPTIONS, inject: [WAYBILL_CONFIG], useFactory: (config: WaybillConfig) => trackingOptions(config) },
    OrderUpdatesHub,
    StreamLimits,
    TrackingViews,
    TrackingStreams,
    TrackingAssets,
    TrackingPageErrorFilter,
  ],
})
export class TrackingModule {}
