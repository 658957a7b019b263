import { Module } from '@nestjs/common';
import { OrderActionsController } from './order-actions.controller';
import { OrderActionsService } from './order-actions.service';
import { OrderWorkflows } from './order-workflows';
import { OrdersController } from './orders.controller';
import { OrdersService } from './orders.service';
import { SupportActionsController } from './support-actions.controller';

@Module({
  controllers: [OrdersController, OrderActionsController, SupportActionsController],
  providers: [OrdersService, OrderActionsService, OrderWorkflows],
  exports: [OrderWorkflows, OrderActionsService],
})
export class OrdersModule {}
