import { Controller, Get, HttpCode, Logger, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { CHANNEL_NAMES } from '../../activities/notifications/notification-policy';
import { Public } from '../auth/public.decorator';
import { renderConfirmPage, renderDonePage, renderErrorPage, UNSUBSCRIBE_PAGE_HEADERS } from './unsubscribe-page';
import { UnsubscribeService } from './unsubscribe.service';
import { MAX_UNSUBSCRIBE_TOKEN_LENGTH, UnsubscribeTokenError, UnsubscribeTokenService, type UnsubscribeClaims } from './unsubscribe-token.service';

/** A compact JWS: three base64url parts. Anything else is not a link of ours (400). */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * The POST body: RFC 8058's `List-Unsubscribe=One-Click` from a mail client, `scope` from the page's
 * buttons, or nothing. Anything else is a 400.
 */
const UnsubscribeBodySchema = z.preprocess(
  (body) => (body === undefined || body === null || (typeof body === 'object' && !Array.isArray(body)) ? (body ?? {}) : body),
  z.strictObject({
    'List-Unsubscribe': z.literal('One-Click', { error: 'List-Unsubscribe must be One-Click (RFC 8058)' }).optional(),
    scope: z.enum(['link', 'all'], { error: 'scope must be link or all' }).optional(),
  }),
);

class RefusedLink extends Error {
  constructor(
    readonly status: 400 | 401,
    message: string,
  ) {
    super(message);
  }
}

const TOKEN_PARAM = ApiParam({ name: 'token', description: 'The unsubscribe token from the message’s link (not a customer tracking token).' });

/**
 * Unsubscribe links (docs/notification-preferences.md). No API key: the signed token is the
 * credential. GET only shows a confirmation page (mail scanners prefetch links); POST, from that page
 * or a mail client's RFC 8058 one-click, records the unsubscribe. A refused token changes nothing.
 */
@ApiTags('notifications')
@Controller('v1/unsubscribe')
@Public()
export class UnsubscribeController {
  private readonly logger = new Logger(UnsubscribeController.name);

  constructor(
    private readonly tokens: UnsubscribeTokenService,
    private readonly unsubscribes: UnsubscribeService,
  ) {}

  @Get(':token')
  @TOKEN_PARAM
  @ApiOperation({ summary: 'Customer: the unsubscribe confirmation page (HTML). Changes nothing; its button POSTs to the same URL.' })
  @ApiProduces('text/html')
  @ApiResponse({ status: 200, description: 'The confirmation page, with a form that POSTs to this URL.' })
  @ApiResponse({ status: 400, description: 'Not an unsubscribe link.' })
  @ApiResponse({ status: 401, description: 'The link is forged, for another purpose (a tracking link), or expired.' })
  async page(@Param('token') token: string, @Res() res: Response): Promise<void> {
    let claims: UnsubscribeClaims;
    try {
      claims = await this.verified(token);
    } catch (err) {
      return this.refuse(err, res, 'html');
    }
    const others = CHANNEL_NAMES.filter((c) => c !== claims.channel && claims.addressHashes[c] !== undefined);
    res.status(200).set(UNSUBSCRIBE_PAGE_HEADERS).send(renderConfirmPage(claims.channel, others));
  }

  @Post(':token')
  @HttpCode(200)
  @TOKEN_PARAM
  @ApiOperation({
    summary: 'Customer: unsubscribe (RFC 8058 one-click, or the confirmation page’s button). Idempotent. HTML, or JSON with Accept: application/json.',
  })
  @ApiBody({
    required: false,
    description: '`List-Unsubscribe=One-Click` (RFC 8058), `scope=all` to stop every channel the link names, or nothing.',
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: { 'List-Unsubscribe': { type: 'string', enum: ['One-Click'] }, scope: { type: 'string', enum: ['link', 'all'] } },
    },
  })
  @ApiProduces('text/html', 'application/json')
  @ApiResponse({
    status: 200,
    description: 'Unsubscribed: `{ "unsubscribed": ["email", …] }` with Accept: application/json, a confirmation page otherwise.',
  })
  @ApiResponse({ status: 400, description: 'Not an unsubscribe link, or a body other than the above; nothing changed.' })
  @ApiResponse({ status: 401, description: 'The link is forged, for another purpose (a tracking link), or expired; nothing changed.' })
  async unsubscribe(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const format = req.accepts(['html', 'json']) === 'json' ? 'json' : 'html';
    let claims: UnsubscribeClaims;
    let body: z.infer<typeof UnsubscribeBodySchema>;
    try {
      claims = await this.verified(token);
      const parsed = UnsubscribeBodySchema.safeParse(req.body);
      if (!parsed.success) throw new RefusedLink(400, parsed.error.issues.map((i) => i.message).join('; '));
      body = parsed.data;
    } catch (err) {
      return this.refuse(err, res, format);
    }
    // RFC 8058 also allows multipart/form-data, which the API does not parse: only a mail client sends it here.
    const oneClick = body['List-Unsubscribe'] === 'One-Click' || (req.body === undefined && typeof req.is('multipart/form-data') === 'string');
    const via = oneClick ? 'one_click' : 'unsubscribe_link';
    const unsubscribed = await this.unsubscribes.unsubscribe(claims, body.scope ?? 'link', via);
    if (format === 'json') {
      res.status(200).set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' }).json({ unsubscribed });
    } else {
      res.status(200).set(UNSUBSCRIBE_PAGE_HEADERS).send(renderDonePage(unsubscribed));
    }
  }

  private async verified(token: string): Promise<UnsubscribeClaims> {
    if (token.length > MAX_UNSUBSCRIBE_TOKEN_LENGTH || !TOKEN_SHAPE.test(token)) throw new RefusedLink(400, 'This is not an unsubscribe link.');
    try {
      return await this.tokens.verify(token);
    } catch (err) {
      if (!(err instanceof UnsubscribeTokenError)) throw err;
      // The reason only: the token is a credential and is never logged.
      this.logger.debug(`Unsubscribe token refused (${err.reason})`);
      throw new RefusedLink(
        401,
        err.reason === 'expired'
          ? 'This unsubscribe link has expired. Use the link in a more recent message, or contact us.'
          : 'This unsubscribe link is not valid.',
      );
    }
  }

  private refuse(err: unknown, res: Response, format: 'html' | 'json'): void {
    if (!(err instanceof RefusedLink)) throw err;
    if (err.status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="waybill-unsubscribe", error="invalid_token"');
    if (format === 'json') {
      res.status(err.status).set('Cache-Control', 'no-store').json({ statusCode: err.status, error: err.status === 400 ? 'Bad Request' : 'Unauthorized', message: err.message });
    } else {
      res.status(err.status).set(UNSUBSCRIBE_PAGE_HEADERS).send(renderErrorPage(err.message));
    }
  }
}
