import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { NoBodyDto } from '../api/no-body.dto';
import type { Principal } from '../auth/api-keys';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { Roles } from '../auth/roles.decorator';
import { ListDeadLettersQueryDto, WebhookIdParamDto } from './platform-webhooks.dto';
import type { PlatformWebhookDeadLetterView, PlatformWebhookReplayView } from './platform-webhooks.responses';
import { PlatformWebhooksService } from './platform-webhooks.service';

const COMMON_ERRORS = [
  ApiResponse({ status: 400, description: 'Invalid input; nothing was changed.' }),
  ApiResponse({ status: 401, description: 'Missing or invalid API key.' }),
  ApiResponse({ status: 403, description: 'The key’s role may not call this endpoint.' }),
];

const withErrors = (): MethodDecorator => (target, key, descriptor) => {
  for (const decorate of COMMON_ERRORS) decorate(target, key, descriptor);
};

const DEAD_LETTER_EXAMPLE = {
  webhookId: 'evt_order_A-1001_3',
  orderId: 'A-1001',
  sequence: 3,
  payload: {
    orderId: 'A-1001',
    sequence: 3,
    status: 'shipped',
    previousStatus: 'processing',
    occurredAt: '2026-11-20T10:00:00.000Z',
    shipments: [{ shipmentId: 'shp_0123456789abcdef01234567', carrier: 'ups', trackingNumber: '1Z999AA10123456784', status: 'in_transit' }],
  },
  failure: { type: 'PlatformWebhookUnavailable', message: 'Platform webhook evt_order_A-1001_3 to https://platform.example.com answered 503', httpStatus: 503 },
  attempts: 80,
  deadAt: '2026-11-23T10:00:00.000Z',
  replays: 0,
};

/**
 * Platform status sync's dead letters (docs/platform-webhooks.md): order status webhooks Waybill
 * gave up on after 3 days of retries, or that the platform refused for good. Support reads them;
 * admins replay them.
 */
@ApiTags('platform-webhooks')
@ApiBearerAuth()
@Controller('v1/platform-webhooks')
export class PlatformWebhooksController {
  constructor(private readonly platformWebhooks: PlatformWebhooksService) {}

  @Get('dead-letters')
  @Roles('support')
  @ApiOperation({ summary: 'List dead-lettered platform webhooks, newest first, optionally for one order, with cursor pagination.' })
  @ApiResponse({ status: 200, description: 'A page of dead letters.', schema: { example: { deadLetters: [DEAD_LETTER_EXAMPLE], nextCursor: null } } })
  @withErrors()
  list(@Query() query: ListDeadLettersQueryDto): Promise<{ deadLetters: PlatformWebhookDeadLetterView[]; nextCursor: string | null }> {
    return this.platformWebhooks.list(query);
  }

  @Post('dead-letters/:webhookId/replay')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: 'Admin: send a dead letter to the platform again, now, with the same webhook ID, and record the outcome.',
    description:
      'Synchronous: answers once the platform has. The body and `webhook-id` are those of the original webhook; the signature and `webhook-timestamp` are new. ' +
      'Replaying one the platform already has is harmless: it drops repeats by `webhook-id`.',
  })
  @ApiResponse({
    status: 200,
    description: 'The platform accepted it (2xx).',
    schema: {
      example: {
        webhookId: 'evt_order_A-1001_3',
        outcome: { result: 'delivered', httpStatus: 204, replayedBy: 'key_0a1b2c3d' },
        deadLetter: { ...DEAD_LETTER_EXAMPLE, replays: 1, replayedAt: '2026-11-24T09:00:00.000Z' },
      },
    },
  })
  @ApiResponse({ status: 404, description: 'Unknown webhook ID.' })
  @ApiResponse({ status: 502, description: 'The platform still refused or could not be reached; `outcome.failure` says how. Recorded on the dead letter.' })
  @ApiResponse({ status: 503, description: 'Platform status sync is off (PLATFORM_WEBHOOK_URL unset).' })
  @withErrors()
  replay(@Param() { webhookId }: WebhookIdParamDto, @Body() _body: NoBodyDto, @CurrentPrincipal() principal: Principal): Promise<PlatformWebhookReplayView> {
    return this.platformWebhooks.replay(webhookId, principal);
  }
}
