import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { NoBodyDto } from '../api/no-body.dto';
import type { Principal } from '../auth/api-keys';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { Roles } from '../auth/roles.decorator';
import { AlertIdParamDto, ListAlertsQueryDto } from './alerts.dto';
import type { SupportAlertView } from './alerts.responses';
import { AlertsService } from './alerts.service';

const COMMON_ERRORS = [
  ApiResponse({ status: 400, description: 'Invalid input; nothing was changed.' }),
  ApiResponse({ status: 401, description: 'Missing or invalid API key.' }),
  ApiResponse({ status: 403, description: 'The key’s role may not call this endpoint.' }),
];

const withErrors = (): MethodDecorator => (target, key, descriptor) => {
  for (const decorate of COMMON_ERRORS) decorate(target, key, descriptor);
};

/** Alerts the workflows raise for support staff (docs/support-alerts.md). Support and admin only. */
@ApiTags('alerts')
@ApiBearerAuth()
@Controller('v1/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get()
  @Roles('support')
  @ApiOperation({ summary: 'List support alerts, newest first, filtered by state and order, with cursor pagination.' })
  @withErrors()
  list(@Query() query: ListAlertsQueryDto): Promise<{ alerts: SupportAlertView[]; nextCursor: string | null }> {
    return this.alerts.list(query);
  }

  @Post(':alertId/acknowledge')
  @HttpCode(200)
  @Roles('support')
  @ApiOperation({ summary: 'Acknowledge an alert, recording the key that did. Idempotent: the first acknowledgement stands.' })
  @ApiResponse({ status: 200, description: 'The alert, acknowledged.' })
  @ApiResponse({ status: 404, description: 'Unknown alert.' })
  @withErrors()
  acknowledge(@Param() { alertId }: AlertIdParamDto, @Body() _body: NoBodyDto, @CurrentPrincipal() principal: Principal): Promise<SupportAlertView> {
    return this.alerts.acknowledge(alertId, principal);
  }
}
