import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { OrderIdParamDto } from '../orders/orders.dto';
import { OutboxRepository } from '../persistence/outbox.repository';
import { ReadModelRepository } from '../persistence/read-model.repository';
import { NOTIFICATION_LOG_LIMIT, toNotificationLogEntry, type NotificationLogResponse } from './notification-log';

/** The notification log of an order: the outbox entries, without any address. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('v1/orders')
export class NotificationLogController {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly readModel: ReadModelRepository,
  ) {}

  @Get(':orderId/notifications')
  @Roles('platform', 'support')
  @ApiOperation({
    summary: 'The order’s notification log, newest first: milestone, parcel, channel, revision, state, attempts, times, provider message ID, failure reason.',
  })
  @ApiResponse({ status: 200, description: 'The log (at most 500 entries). No addresses or message contents.' })
  @ApiResponse({ status: 400, description: 'Invalid order ID.' })
  @ApiResponse({ status: 401, description: 'Missing or invalid API key.' })
  @ApiResponse({ status: 403, description: 'The key’s role may not call this endpoint.' })
  @ApiResponse({ status: 404, description: 'Unknown order (no read model entry and no notification).' })
  async list(@Param() { orderId }: OrderIdParamDto): Promise<NotificationLogResponse> {
    const entries = await this.outbox.listByOrder(orderId, NOTIFICATION_LOG_LIMIT);
    if (entries.length === 0 && !(await this.readModel.findOrder(orderId))) throw new NotFoundException(`Order ${orderId} not found.`);
    return { orderId, notifications: entries.map(toNotificationLogEntry) };
  }
}
