import { Catch, HttpException, Injectable, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AdminPages, messageOf, safeNext } from './admin-pages';
import { CsrfRefusedException } from './csrf';

/**
 * Errors on the dashboard's routes answer as pages, not JSON. Signed out (401): the browser is sent
 * to the sign-in page, and back here afterwards. A refused sign-in shows the form again with why.
 * Anything else: a page with the status and the message, and a way back.
 */
@Catch()
@Injectable()
export class AdminExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(AdminExceptionFilter.name);

  constructor(private readonly pages: AdminPages) {}

  catch(err: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return;
    const status: number = err instanceof HttpException ? err.getStatus() : 500;
    if (!(err instanceof HttpException)) this.logger.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    response.removeHeader('WWW-Authenticate');

    if (request.method === 'POST' && request.path === '/admin/login') {
      const body = request.body as { next?: unknown } | undefined;
      this.pages.login(request, response, status, { next: typeof body?.next === 'string' ? body.next : undefined, flash: { kind: 'error', message: signInRefusal(err, status) } });
      return;
    }
    if (status === 401) {
      const next = request.method === 'GET' ? safeNext(request.originalUrl) : undefined;
      response.redirect(303, next && next !== '/admin' ? `/admin/login?next=${encodeURIComponent(next)}` : '/admin/login');
      return;
    }
    const message = err instanceof HttpException ? messageOf(err) : 'The dashboard could not answer. Try again; if it keeps failing, the API logs say why.';
    this.pages.error(request, response, status, message);
  }
}

function signInRefusal(err: unknown, status: number): string {
  if (err instanceof CsrfRefusedException) return 'The sign-in form expired. Please try again.';
  if (status === 401) return 'That API key is not valid.';
  if (status === 403) return 'Only support and admin keys can sign in to the dashboard.';
  if (err instanceof HttpException && status < 500) return messageOf(err);
  return 'Signing in failed. Try again.';
}
