import { Body, Controller, Get, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AcceptsSession } from '../auth/accepts-session.decorator';
import type { Principal } from '../auth/api-keys';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { Public } from '../auth/public.decorator';
import { Roles } from '../auth/roles.decorator';
import { sessionOf, SessionCookies } from '../auth/session-cookie';
import { AdminExceptionFilter } from './admin-exception.filter';
import { AdminPages, safeNext } from './admin-pages';
import { CsrfOnlyFormDto, LoginFormDto, LoginPageQueryDto } from './admin.dto';
import { CsrfGuard } from './csrf';
import { flashOf } from './flash';

/**
 * Signing in to the dashboard with a support or admin API key, and out. The key is checked by
 * ApiKeyGuard like any API call (LoginKeyMiddleware hands it over); a signed session cookie then
 * stands in for it on the dashboard's pages.
 */
@ApiExcludeController()
@Controller('admin')
@UseFilters(AdminExceptionFilter)
export class AdminAuthController {
  constructor(
    private readonly pages: AdminPages,
    private readonly sessions: SessionCookies,
  ) {}

  @Get('login')
  @Public()
  loginForm(@Query() query: LoginPageQueryDto, @Req() request: Request, @Res() response: Response): void {
    if (sessionOf(request)) {
      response.redirect(303, safeNext(query.next) ?? '/admin');
      return;
    }
    this.pages.login(request, response, 200, { next: query.next, flash: flashOf(query.flash) });
  }

  @Post('login')
  @Roles('support')
  @UseGuards(CsrfGuard)
  async login(@Body() form: LoginFormDto, @CurrentPrincipal() principal: Principal, @Res() response: Response): Promise<void> {
    await this.sessions.start(response, principal);
    response.redirect(303, safeNext(form.next) ?? '/admin');
  }

  @Post('logout')
  @AcceptsSession()
  @Roles('support')
  @UseGuards(CsrfGuard)
  logout(@Body() _form: CsrfOnlyFormDto, @Res() response: Response): void {
    this.sessions.end(response);
    response.redirect(303, '/admin/login?flash=signed-out');
  }
}
