import { Body, Controller, ForbiddenException, Get, HttpException, Inject, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { CustomerTokenService, type CustomerTokenClaims } from '../auth/customer-tokens';
import { Public } from '../auth/public.decorator';
import { ReportProblemSchema } from '../customer/customer-actions.dto';
import { CustomerActionsService } from '../customer/customer-actions.service';
import { TrackingAssets } from './assets/tracking-assets';
import { formOriginAllowed } from './form-origin';
import { renderTrackingPage, type TrackingPageUrls } from './page/tracking-page';
import { ACTION_FAILED, ACTION_REFUSALS, NOTICES, TEXT, type Notice } from './page/tracking-page.messages';
import { PAGE_HEADERS, TrackingPageErrorFilter } from './tracking-page-error.filter';
import { TRACKING_OPTIONS, type TrackingOptions } from './tracking.options';
import { TrackingViews } from './tracking-views';

export const TrackingPageQuerySchema = z.strictObject({
  /** Set by the redirect after a form went through, to thank the customer. */
  done: z.enum(Object.keys(NOTICES) as [Notice, ...Notice[]]).optional(),
});
export class TrackingPageQueryDto extends createZodDto(TrackingPageQuerySchema) {}

/** The refusals of the order's workflow the page explains; anything else is an error page. */
const REFUSAL_STATUSES: ReadonlySet<number> = new Set([403, 409, 422]);

/**
 * The customer's tracking page, `/t/{token}` (docs/tracking-page.md): server-rendered HTML for a
 * phone, with forms for confirming receipt and reporting a problem that post back here and act
 * through the same service as the JSON routes, then redirect to the page (303), so a reload never
 * posts twice. The token is checked on every request like the JSON routes check it, but a refusal
 * is a page (TrackingPageErrorFilter), not JSON. Not in the OpenAPI document: apps use /v1/track.
 */
@Public()
@ApiExcludeController()
@UseFilters(TrackingPageErrorFilter)
@Controller('t/:token')
export class TrackingPageController {
  private readonly basePath: string;

  constructor(
    private readonly tokens: CustomerTokenService,
    private readonly views: TrackingViews,
    private readonly actions: CustomerActionsService,
    private readonly assets: TrackingAssets,
    @Inject(TRACKING_OPTIONS) private readonly options: TrackingOptions,
  ) {
    this.basePath = new URL(options.publicBaseUrl).pathname.replace(/\/+$/, '');
  }

  @Get()
  async page(@Param('token') token: string, @Query() query: TrackingPageQueryDto, @Res() response: Response): Promise<void> {
    const customer = await this.tokens.verify(token);
    await this.render(response, 200, customer, token, { notice: query.done });
  }

  @Post('confirm-receipt')
  async confirmReceipt(@Param('token') token: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const customer = await this.authorise(token, request);
    try {
      await this.actions.confirmReceipt(customer);
    } catch (err) {
      return this.refused(response, customer, token, err);
    }
    this.done(response, token, 'receipt-confirmed');
  }

  @Post('report-problem')
  async reportProblem(@Param('token') token: string, @Body() body: Record<string, unknown>, @Req() request: Request, @Res() response: Response): Promise<void> {
    const customer = await this.authorise(token, request);
    const report = ReportProblemSchema.safeParse(body ?? {});
    if (!report.success) {
      const note = typeof body?.note === 'string' ? body.note : undefined;
      return this.render(response, 400, customer, token, { refusal: { message: note && note.trim().length > 1000 ? TEXT.noteTooLong : ACTION_FAILED, note } });
    }
    try {
      await this.actions.reportProblem(customer, report.data);
    } catch (err) {
      return this.refused(response, customer, token, err, report.data.note);
    }
    this.done(response, token, 'problem-reported');
  }

  /** The link, then where the form came from: a forged link is a 401 whatever the origin. */
  private async authorise(token: string, request: Request): Promise<CustomerTokenClaims> {
    const customer = await this.tokens.verify(token);
    if (!formOriginAllowed(request, this.options.publicBaseUrl)) throw new ForbiddenException(TEXT.wrongOrigin);
    return customer;
  }

  /** The workflow said no (not delivered yet, already reported, settled): the page again, saying why in its own words. */
  private async refused(response: Response, customer: CustomerTokenClaims, token: string, err: unknown, note?: string): Promise<void> {
    if (!(err instanceof HttpException) || !REFUSAL_STATUSES.has(err.getStatus())) throw err;
    const answer = err.getResponse();
    const code = typeof answer === 'object' && answer !== null ? (answer as { error?: unknown }).error : undefined;
    const message = (typeof code === 'string' && ACTION_REFUSALS[code]) || ACTION_FAILED;
    await this.render(response, err.getStatus(), customer, token, { refusal: { message, note } });
  }

  private done(response: Response, token: string, notice: Notice): void {
    response.redirect(303, `${this.urls(token).page}?done=${notice}`);
  }

  private async render(
    response: Response,
    status: number,
    customer: CustomerTokenClaims,
    token: string,
    extra: { notice?: Notice; refusal?: { message: string; note?: string } },
  ): Promise<void> {
    const tracked = await this.views.current(customer.orderId);
    const html = renderTrackingPage({
      tracked,
      brand: this.options.brand,
      urls: this.urls(token),
      assets: { stylesheet: this.assets.url(this.assets.stylesheet), script: this.assets.url(this.assets.script) },
      ...extra,
    });
    response.status(status).set(PAGE_HEADERS).send(html);
  }

  private urls(token: string): TrackingPageUrls {
    const encoded = encodeURIComponent(token);
    const page = `${this.basePath}/t/${encoded}`;
    return {
      page,
      events: `${this.basePath}/v1/track/${encoded}/events`,
      confirmReceipt: `${page}/confirm-receipt`,
      reportProblem: `${page}/report-problem`,
    };
  }
}
