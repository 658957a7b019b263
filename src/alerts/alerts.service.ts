import { BadRequestException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { Principal } from '../auth/api-keys';
import { SupportAlertsRepository } from '../persistence/support-alerts.repository';
import { decodeAlertCursor, encodeAlertCursor } from './alert-cursor';
import type { ListAlertsQueryDto } from './alerts.dto';
import { toSupportAlertView, type SupportAlertView } from './alerts.responses';

@Injectable()
export class AlertsService {
  private readonly logger = new Logger(AlertsService.name);

  constructor(private readonly alerts: SupportAlertsRepository) {}

  async list(query: ListAlertsQueryDto): Promise<{ alerts: SupportAlertView[]; nextCursor: string | null }> {
    const after = query.cursor ? decodeAlertCursor(query.cursor) : undefined;
    if (query.cursor && !after) throw new BadRequestException('cursor is not valid; use the nextCursor of a previous page.');
    const found = await this.alerts.list({ state: query.state, orderId: query.orderId, limit: query.limit + 1, after });
    const page = found.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      alerts: page.map(toSupportAlertView),
      nextCursor: found.length > query.limit && last ? encodeAlertCursor({ createdAt: last.createdAt, alertId: last.alertId }) : null,
    };
  }

  /** Idempotent: acknowledging again answers the alert as first acknowledged. */
  async acknowledge(alertId: string, principal: Principal): Promise<SupportAlertView> {
    const alert = await this.alerts.acknowledge(alertId, principal.keyId);
    if (!alert) throw new NotFoundException(`Alert ${alertId} not found.`);
    this.logger.log(`Support alert ${alertId} (order ${alert.orderId}, ${alert.kind}) acknowledged by ${alert.acknowledgedBy ?? principal.keyId}`);
    return toSupportAlertView(alert);
  }
}
