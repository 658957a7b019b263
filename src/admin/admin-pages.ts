import { BadRequestException, HttpException, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { h } from 'preact';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { decodeCursor, encodeCursor } from '../orders/cursor';
import type { Carrier, OrderStatus } from '../../workflows/shared/vocabulary';
import type { OrderListQueryDto } from './admin.dto';
import { CsrfTokens } from './csrf';
import { DashboardQueries, type OrderListFilter } from './dashboard.queries';
import { flashOf, type Flash } from './flash';
import { sendPage } from './html';
import { OrderPageService } from './order-page.service';
import { ErrorPage } from './pages/error-page';
import { LoginPage } from './pages/login-page';
import { OrderListPage } from './pages/order-list-page';
import { OrderPage } from './pages/order-page';
import type { SignedIn } from './pages/parts';

export const orderPagePath = (orderId: string): string => `/admin/orders/${encodeURIComponent(orderId)}`;

/**
 * Where sign-in may send the browser next: a dashboard path on this site, nothing else, so the
 * sign-in page cannot be used to bounce someone to another site.
 */
export function safeNext(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || raw.length > 500) return undefined;
  if (!/^\/admin(?:[/?][^\s\\]*)?$/.test(raw) || raw.includes('/..') || raw.startsWith('/admin/login') || raw.startsWith('/admin/logout')) return undefined;
  return raw;
}

/** The text of an HTTP error for a person: Nest's message, or each validation problem with its field. */
export function messageOf(err: HttpException): string {
  const body = err.getResponse();
  if (typeof body === 'string') return body;
  const { message, errors } = body as { message?: unknown; errors?: Array<{ path?: unknown[]; message?: string }> };
  if (Array.isArray(errors) && errors.length > 0) {
    return errors.map((issue) => (issue.path?.length ? `${issue.path.join('.')}: ${issue.message}` : String(issue.message))).join('; ');
  }
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : err.message;
}

/**
 * Renders the dashboard's pages for the controllers and the exception filter: gathers each page's
 * data, issues the CSRF token its forms carry, and sends it with the dashboard's headers.
 */
@Injectable()
export class AdminPages {
  constructor(
    private readonly csrf: CsrfTokens,
    private readonly queries: DashboardQueries,
    private readonly orders: OrderPageService,
  ) {}

  signedIn(request: Request, response: Response): SignedIn | undefined {
    const principal = (request as AuthenticatedRequest).principal;
    return principal && { principal, csrfToken: this.csrf.issue(request, response) };
  }

  async orderList(request: Request, response: Response, query: OrderListQueryDto): Promise<void> {
    const user = this.user(request, response);
    const filter: OrderListFilter = {
      status: query.status as OrderStatus | undefined,
      carrier: query.carrier as Carrier | undefined,
      ...(query.exception && { exception: true }),
      ...(query.delayed && { delayed: true }),
    };
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    if (query.cursor !== undefined && !after) throw new BadRequestException('cursor is not valid: use the links on the page.');
    const search = query.q || undefined;
    const [page, summary] = await Promise.all([
      search ? this.queries.search(search).then((rows) => ({ rows, next: undefined })) : this.queries.listOrders(filter, after),
      this.queries.summary(),
    ]);
    const href = (cursor?: string) => {
      const params = new URLSearchParams();
      if (filter.status) params.set('status', filter.status);
      if (filter.carrier) params.set('carrier', filter.carrier);
      if (filter.exception) params.set('exception', '1');
      if (filter.delayed) params.set('delayed', '1');
      if (cursor) params.set('cursor', cursor);
      const text = params.toString();
      return text ? `/admin?${text}` : '/admin';
    };
    sendPage(
      response,
      200,
      h(OrderListPage, {
        user,
        now: new Date(),
        flash: flashOf(query.flash),
        filter,
        search,
        rows: page.rows,
        nextHref: page.next && href(encodeCursor(page.next)),
        firstHref: after && !search ? href() : undefined,
        summary,
      }),
    );
  }

  async order(request: Request, response: Response, orderId: string, status = 200, flash?: Flash): Promise<void> {
    const data = await this.orders.load(orderId);
    sendPage(response, status, h(OrderPage, { ...data, user: this.user(request, response), now: new Date(), flash }));
  }

  login(request: Request, response: Response, status: number, options: { next?: string; flash?: Flash } = {}): void {
    sendPage(response, status, h(LoginPage, { csrfToken: this.csrf.issue(request, response), next: safeNext(options.next), flash: options.flash }));
  }

  error(request: Request, response: Response, status: number, message: string): void {
    const order = /^\/admin\/orders\/([^/?]+)/.exec(request.path)?.[1];
    const back = order ? { href: `/admin/orders/${order}`, label: 'Back to the order' } : undefined;
    sendPage(response, status, h(ErrorPage, { status, message, user: this.signedIn(request, response), back }));
  }

  private user(request: Request, response: Response): SignedIn {
    const user = this.signedIn(request, response);
    if (!user) throw new Error('A dashboard page was rendered for a request the guard did not authenticate');
    return user;
  }
}
