import { Body, Controller, Get, HttpCode, PayloadTooLargeException, Post, Query, Req, UseFilters, UsePipes } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ZodValidationPipe } from 'nestjs-zod';
import { Public } from '../../auth/public.decorator';
import { ZodMessageFilter } from '../http/zod-message.filter';
import { PlatformWebhookReceiverControls, type PlatformWebhookReceiverStats, type QueuedPlatformWebhookReceiverFault } from './platform-webhook-receiver-controls';
import { ListReceivedPlatformWebhooksDto, QueuePlatformWebhookFaultDto } from './platform-webhook-receiver.dto';
import { PlatformWebhookReceiverService } from './platform-webhook-receiver.service';
import { receivedBody } from './received-body';

/** Where the sandbox platform receives; development's PLATFORM_WEBHOOK_URL is `<PUBLIC_BASE_URL>/sandbox/platform-webhooks`. */
export const PLATFORM_WEBHOOK_RECEIVER_PATH = 'sandbox/platform-webhooks';

export interface ReceivedPlatformWebhookView {
  webhookId: string;
  orderId: string;
  sequence: number;
  status: string;
  previousStatus?: string;
  type: string;
  webhookTimestamp: number;
  receivedAt: string;
  data: Record<string, unknown>;
}

export interface PlatformWebhookReceiverControlsView {
  pendingFaults: QueuedPlatformWebhookReceiverFault[];
  stats: PlatformWebhookReceiverStats;
}

/**
 * The sandbox platform: receives Waybill's order status webhooks and verifies them as the
 * platform's docs ask (docs/platform-webhooks.md), lists what it accepted, and takes faults for
 * tests. It checks its own signatures, so the app's API key does not apply.
 */
@Public()
@ApiTags('sandbox')
@UsePipes(ZodValidationPipe)
@UseFilters(ZodMessageFilter)
@Controller(PLATFORM_WEBHOOK_RECEIVER_PATH)
export class PlatformWebhookReceiverController {
  constructor(
    private readonly receiver: PlatformWebhookReceiverService,
    private readonly controls: PlatformWebhookReceiverControls,
  ) {}

  @Post()
  @HttpCode(204)
  @ApiOperation({ summary: 'Sandbox platform: receive a signed order status webhook (401 unless it verifies; repeats of a webhook-id are accepted once).' })
  async receive(@Req() request: Request): Promise<void> {
    let body: string;
    try {
      body = await receivedBody(request);
    } catch (err) {
      if (err instanceof RangeError) throw new PayloadTooLargeException(err.message);
      throw err;
    }
    await this.receiver.receive({ headers: request.headers, body });
  }

  @Get()
  @ApiOperation({ summary: 'Sandbox platform: the webhooks it accepted, in sequence order, optionally for one order.' })
  async list(@Query() query: ListReceivedPlatformWebhooksDto): Promise<{ webhooks: ReceivedPlatformWebhookView[] }> {
    const webhooks = await this.receiver.list(query.orderId);
    return {
      webhooks: webhooks.map((w) => ({
        webhookId: w._id,
        orderId: w.orderId,
        sequence: w.sequence,
        status: w.status,
        previousStatus: w.previousStatus,
        type: w.type,
        webhookTimestamp: w.webhookTimestamp,
        receivedAt: w.receivedAt.toISOString(),
        data: w.data,
      })),
    };
  }

  @Get('controls')
  getControls(): PlatformWebhookReceiverControlsView {
    return this.view();
  }

  @Post('controls')
  @HttpCode(201)
  @ApiOperation({ summary: 'Sandbox platform: make the next `count` deliveries answer 500 (server_error), 410 (gone) or slowly (slow, delayMs).' })
  queueFault(@Body() queued: QueuePlatformWebhookFaultDto): PlatformWebhookReceiverControlsView {
    this.controls.queueFault(queued);
    return this.view();
  }

  @Post('controls/reset')
  @HttpCode(200)
  reset(): PlatformWebhookReceiverControlsView {
    this.controls.reset();
    return this.view();
  }

  private view(): PlatformWebhookReceiverControlsView {
    return { pendingFaults: this.controls.pendingFaults(), stats: this.controls.stats() };
  }
}
