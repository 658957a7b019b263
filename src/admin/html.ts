import type { Response } from 'express';
import type { VNode } from 'preact';
import { render } from 'preact-render-to-string';

/**
 * Headers every dashboard page is sent with. The CSP allows only this origin's own files: no inline
 * script or style, no framing, forms posting only here. Pages hold order data, so nothing is cached.
 */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'self'; base-uri 'none'; object-src 'none'; form-action 'self'; frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'X-Robots-Tag': 'noindex, nofollow',
};

/** The whole document for a page component. preact escapes every text and attribute value it renders. */
export const renderDocument = <P>(page: VNode<P>): string => `<!doctype html>${render(page as VNode)}`;

export function sendPage<P>(response: Response, status: number, page: VNode<P>): void {
  response.status(status).set(PAGE_HEADERS).send(renderDocument(page));
}
