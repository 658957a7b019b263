import type { Request } from 'express';

/**
 * Whether a form post may act. The page's forms are authorised by the token in their URL, not by a
 * cookie, so a cross-site post can only do what holding the link already allows; still, a post
 * another site made a browser send is refused. Browsers send `Origin` with every form post: it must
 * be the API's public origin, or the origin the request itself was sent to (a proxy that keeps
 * `Host`). `null` (a sandboxed frame, a privacy redirect) is refused. A request without `Origin`
 * is not from a browser form, and could as well call the JSON API with the same token.
 */
export function formOriginAllowed(request: Request, publicBaseUrl: string): boolean {
  const origin = request.get('origin');
  if (origin === undefined) return true;
  let sender: URL;
  try {
    sender = new URL(origin);
  } catch {
    return false;
  }
  if (sender.origin === 'null') return false;
  if (sender.origin === new URL(publicBaseUrl).origin) return true;
  return sender.origin === origin && sender.host === request.get('host');
}
