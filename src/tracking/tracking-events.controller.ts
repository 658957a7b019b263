import { BadRequestException, Controller, Get, Headers, Query, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import type { CustomerTokenClaims } from '../auth/customer-tokens';
import { CurrentCustomer, CustomerTokenRoute } from '../auth/customer.decorator';
import { parseLastEventId, RECONNECT_AFTER_MS } from './event-stream-format';
import { TrackingStreams } from './tracking-streams';

const LastEventIdSchema = z.string().regex(/^\d{1,15}$/, 'lastEventId must be a revision number (the id of an event this stream sent)');

export const TrackingEventsQuerySchema = z.strictObject({
  /** For clients that cannot set the Last-Event-ID header (a page's first EventSource): the same meaning. */
  lastEventId: LastEventIdSchema.optional(),
});
export class TrackingEventsQueryDto extends createZodDto(TrackingEventsQuerySchema) {}

const STREAM_EXAMPLE = [
  `retry: ${RECONNECT_AFTER_MS}`,
  '',
  'id: 7',
  'event: order',
  'data: {"orderId":"A-1001","status":"out_for_delivery","delayed":false,"escrow":{"state":"held"},"shipments":[…]}',
  '',
  ': keep-alive',
  '',
].join('\n');

/**
 * The customer's live updates (docs/tracking-page.md), for the tracking page and mobile apps: a
 * Server-Sent Events stream of the order's revisions, resumable with Last-Event-ID.
 */
@ApiTags('customer')
@Controller('v1/track/:token')
@CustomerTokenRoute()
export class TrackingEventsController {
  constructor(private readonly streams: TrackingStreams) {}

  @Get('events')
  @ApiOperation({
    summary: 'Customer: live updates of the order, as Server-Sent Events.',
    description: [
      'Each `order` event carries the order as `GET /v1/track/{token}` answers it (CustomerOrderView), and its revision as the event `id`.',
      'On connect the stream sends every kept revision after `Last-Event-ID` (header, or the `lastEventId` query parameter), or the current view when there is none; then each new revision within about a second.',
      'A `: keep-alive` comment comes every 15 seconds. When the token expires the stream sends an `expired` event and ends; reconnecting is then refused with 401.',
    ].join(' '),
  })
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'The `id` of the last event received; what came after it is replayed.' })
  @ApiResponse({
    status: 200,
    description: 'The event stream. `data` of each `order` event is a CustomerOrderView (see GET /v1/track/{token}).',
    content: { 'text/event-stream': { schema: { type: 'string' }, example: STREAM_EXAMPLE } },
  })
  @ApiResponse({ status: 400, description: 'Last-Event-ID or lastEventId is not a revision number, or an unknown query parameter.' })
  @ApiResponse({ status: 404, description: 'The order is gone.' })
  @ApiResponse({ status: 429, description: 'Too many streams open for this token or address on this server.' })
  async events(
    @CurrentCustomer() customer: CustomerTokenClaims,
    @Headers('last-event-id') header: string | undefined,
    @Query() query: TrackingEventsQueryDto,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    // The header wins: a reconnecting EventSource sends it, newer than the query its page started with.
    const given = header?.trim() || query.lastEventId;
    const lastEventId = given === undefined ? undefined : parseLastEventId(given);
    if (given !== undefined && lastEventId === undefined) throw new BadRequestException('Last-Event-ID must be a revision number (the id of an event this stream sent).');
    await this.streams.open(customer, lastEventId, request, response);
  }
}
