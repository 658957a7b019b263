import { createHash } from 'node:crypto';
import { Body, Controller, Get, Logger, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { defaultNotificationPreferences, type NotificationPreferences } from '../../activities/notifications/notification-policy';
import type { Principal } from '../auth/api-keys';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { Roles } from '../auth/roles.decorator';
import { NotificationPreferencesRepository, type EffectiveNotificationPreferences } from '../persistence/notification-preferences.repository';
import { CustomerRefParamDto, PutNotificationPreferencesDto, type NotificationPreferencesView } from './notification-preferences.dto';

const COMMON_ERRORS = [
  ApiResponse({ status: 400, description: 'Invalid input (customerRef, an unknown channel or milestone, a time not HH:MM, an unknown field); nothing was changed.' }),
  ApiResponse({ status: 401, description: 'Missing or invalid API key.' }),
  ApiResponse({ status: 403, description: 'The key’s role may not call this endpoint.' }),
];

const withErrors = (): MethodDecorator => (target, key, descriptor) => {
  for (const decorate of COMMON_ERRORS) decorate(target, key, descriptor);
};

const refDigest = (customerRef: string): string => createHash('sha256').update(customerRef).digest('hex').slice(0, 12);

const toView = (p: EffectiveNotificationPreferences): NotificationPreferencesView => ({
  customerRef: p.customerRef,
  channels: { email: p.channels.email, sms: p.channels.sms, push: p.channels.push },
  quietHours: p.quietHours,
  source: p.source,
  updatedAt: p.updatedAt ? p.updatedAt.toISOString() : null,
});

/** A customer's channels per milestone and SMS quiet hours, keyed by the platform's customerRef. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('v1/customers/:customerRef/notification-preferences')
export class NotificationPreferencesController {
  private readonly logger = new Logger(NotificationPreferencesController.name);

  constructor(private readonly preferences: NotificationPreferencesRepository) {}

  @Get()
  @Roles('platform', 'support')
  @ApiOperation({ summary: 'A customer’s notification preferences: the stored ones, or the defaults (source: default).' })
  @ApiResponse({ status: 200, description: 'The preferences in effect.' })
  @withErrors()
  async get(@Param() { customerRef }: CustomerRefParamDto): Promise<NotificationPreferencesView> {
    return toView(await this.preferences.get(customerRef));
  }

  @Put()
  @Roles('platform')
  @ApiOperation({
    summary: 'Replace a customer’s notification preferences. Channels or quietHours left out get their defaults; quietHours: null turns them off.',
  })
  @ApiResponse({ status: 200, description: 'Stored; the preferences now in effect.' })
  @withErrors()
  async put(
    @Param() { customerRef }: CustomerRefParamDto,
    @Body() body: PutNotificationPreferencesDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<NotificationPreferencesView> {
    const defaults = defaultNotificationPreferences();
    const preferences: NotificationPreferences = {
      channels: {
        email: body.channels?.email ?? defaults.channels.email,
        sms: body.channels?.sms ?? defaults.channels.sms,
        push: body.channels?.push ?? defaults.channels.push,
      },
      quietHours: body.quietHours === undefined ? defaults.quietHours : body.quietHours,
    };
    const stored = await this.preferences.put(customerRef, preferences);
    // A platform may build references from something personal: logs get a short digest of it only.
    this.logger.log(`Notification preferences of customer ref#${refDigest(customerRef)} replaced by ${principal.keyId}`);
    return toView(stored);
  }
}
