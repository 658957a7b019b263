import { Module } from '@nestjs/common';
import { OrderActionsController } from './order-actions.controller';
import { OrderActionsService } from './order-actions.service';
import { OrderWorkflows } from './order-workflows';
import { OrdersController } from './orders.controller';
import { OrdersService } from './orders.service';

@Module({
  controllers: [OrdersController, OrderActionsController],
  providers: [OrdersService, OrderActionsService, OrderWorkflows],
  exports: [OrderWorkflows],
})
export class OrdersModule {}
