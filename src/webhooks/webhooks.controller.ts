import { Controller, Headers, HttpCode, NotFoundException, Param, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../auth/public.decorator';
import { WEBHOOK_SOURCES, type WebhookHeaders } from './carrier-webhook';
import { WebhooksService, type WebhookReceipt } from './webhooks.service';

export const WEBHOOK_PATH_PREFIX = 'v1/webhooks';
/** Carrier payloads are small; a FedEx batch of scans stays well under this. */
export const WEBHOOK_MAX_BODY = '1mb';

/**
 * Carrier push endpoints. Public to API keys: each carrier authenticates with its own scheme
 * (signature or shared credential), checked by the service before anything is stored.
 */
@Public()
@ApiTags('webhooks')
@Controller(WEBHOOK_PATH_PREFIX)
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post(':source')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Receive a carrier push (UPS Track Alert, FedEx AIV, DHL Push, USPS subscription, EasyPost)',
    description:
      'Authenticated by the carrier scheme (UPS `credential`, FedEx `fdx-signature`, DHL configured header, USPS `X-HMAC`, ' +
      'EasyPost `X-Hmac-Signature`). 401 when it does not verify; 400 when the payload is malformed; replays answer 200 with accepted=false.',
  })
  @ApiParam({ name: 'source', enum: WEBHOOK_SOURCES })
  @ApiOkResponse({ description: 'Recorded and routed', schema: { example: { accepted: true, matched: 1, kept: 0 } } })
  receive(@Param('source') source: string, @Headers() headers: WebhookHeaders, @Req() request: Request): Promise<WebhookReceipt> {
    if (!(WEBHOOK_SOURCES as readonly string[]).includes(source)) throw new NotFoundException(`No webhook endpoint for ${source}.`);
    const body: unknown = request.body;
    return this.webhooks.receive(source, headers, Buffer.isBuffer(body) ? body : Buffer.alloc(0));
  }
}
