import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import helmet, { type HelmetOptions } from 'helmet';
import type { TrustProxy } from '../config/security-config';

export interface HttpSecurityOptions {
  /** TRUST_PROXY: whose X-Forwarded-For gives `req.ip` (rate limits, logs). */
  trustProxy: TrustProxy;
  /** The public URL is https: browsers are told to upgrade any http subresource. */
  https: boolean;
}

type Directives = Record<string, string[]>;

/**
 * The pages Waybill renders (the tracking page, the dashboard, unsubscribe pages) load scripts,
 * styles, images and event streams from the API's own origin only: no inline scripts, no other
 * origin's scripts, forms post back to the API, and no site may frame them. Images may also come
 * over https (the merchant's logo, BRAND_LOGO_URL) or be data URLs. JSON answers carry the same
 * policy, where it costs nothing.
 */
export function pageDirectives(https: boolean): Directives {
  return {
    'default-src': ["'self'"],
    'base-uri': ["'none'"],
    'object-src': ["'none'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:', 'https:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    ...(https ? { 'upgrade-insecure-requests': [] } : {}),
  };
}

/**
 * Swagger UI's page has inline `<style>` blocks and style attributes, and draws its icons from data
 * URLs: it gets inline styles, and nothing else more than the pages.
 */
export function docsDirectives(https: boolean): Directives {
  return { ...pageDirectives(https), 'style-src': ["'self'", "'unsafe-inline'"] };
}

const helmetOptions = (directives: Directives): HelmetOptions => ({
  contentSecurityPolicy: { useDefaults: false, directives },
  // Tokens travel in tracking and unsubscribe URLs: no page of ours hands its URL to another site.
  referrerPolicy: { policy: 'no-referrer' },
  xFrameOptions: { action: 'deny' },
  strictTransportSecurity: { maxAge: 365 * 24 * 3600, includeSubDomains: true },
});

/** The OpenAPI UI's paths (`/docs`, its assets, `/docs-json`), see openapi.ts. */
const isDocs = (path: string): boolean => path === '/docs' || path.startsWith('/docs/') || path.startsWith('/docs-json');

/**
 * Security headers (helmet) on every answer, and which proxies to trust for the client's address.
 * Mounted before the body parsers, so even a 413 or a malformed body gets the headers. A route that
 * renders a page of its own with a stricter policy sets its own header, which replaces this one.
 */
export function configureHttpSecurity(app: NestExpressApplication, { trustProxy, https }: HttpSecurityOptions): void {
  app.set('trust proxy', trustProxy);
  const pages = helmet(helmetOptions(pageDirectives(https)));
  const docs = helmet(helmetOptions(docsDirectives(https)));
  app.use((request: Request, response: Response, next: NextFunction) => (isDocs(request.path) ? docs : pages)(request, response, next));
}
