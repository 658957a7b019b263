import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import cookieParser from 'cookie-parser';
import { SessionCookies } from '../auth/session-cookie';
import { SessionMiddleware } from '../auth/session.middleware';
import type { WaybillConfig } from '../config/config';
import { WAYBILL_CONFIG } from '../config/config.module';
import { OrdersModule } from '../orders/orders.module';
import { AdminActionsController } from './admin-actions.controller';
import { AdminAssetsController } from './admin-assets.controller';
import { AdminAuthController } from './admin-auth.controller';
import { AdminExceptionFilter } from './admin-exception.filter';
import { AdminPages } from './admin-pages';
import { AdminPagesController } from './admin-pages.controller';
import { CsrfGuard, CsrfTokens } from './csrf';
import { DashboardQueries } from './dashboard.queries';
import { LoginKeyMiddleware } from './login-key.middleware';
import { OrderPageService } from './order-page.service';

/** The API will not start without a session secret: production must name one (development has one per run). */
export function sessionSecret(config: WaybillConfig): string {
  if (!config.session.secret) throw new Error('SESSION_SECRET is required when WAYBILL_ENV=production: it signs the dashboard’s session cookies.');
  return config.session.secret;
}

/**
 * The dashboard at /admin (docs/dashboard.md): server-rendered pages, sign-in with a session
 * cookie, CSRF-protected forms. Needs the app's ConfigModule, PersistenceModule and Temporal client.
 * Its middleware reads session cookies on every route, so that any route marked @AcceptsSession()
 * (the Temporal UI's codec endpoint too) accepts a signed-in browser.
 */
@Module({
  imports: [OrdersModule],
  controllers: [AdminAuthController, AdminPagesController, AdminActionsController, AdminAssetsController],
  providers: [
    {
      provide: SessionCookies,
      inject: [WAYBILL_CONFIG],
      useFactory: (config: WaybillConfig) => new SessionCookies({ secret: sessionSecret(config), secure: config.session.secureCookies }),
    },
    {
      provide: CsrfTokens,
      inject: [WAYBILL_CONFIG],
      useFactory: (config: WaybillConfig) => new CsrfTokens({ secret: sessionSecret(config), secure: config.session.secureCookies }),
    },
    SessionMiddleware,
    CsrfGuard,
    AdminExceptionFilter,
    AdminPages,
    DashboardQueries,
    OrderPageService,
  ],
  exports: [SessionCookies],
})
export class AdminModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(cookieParser(), SessionMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
    consumer.apply(LoginKeyMiddleware).forRoutes({ path: 'admin/login', method: RequestMethod.POST });
  }
}
