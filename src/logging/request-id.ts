import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isCorrelationId } from '../../workflows/shared/correlation';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/**
 * The request's ID: the caller's `X-Request-Id` when well-formed (letters, digits and `._:-`, up to
 * 128, so it can never forge a log line; a platform can then follow its own request through our
 * logs), otherwise a new UUID. Echoed in the response either way. It is also the correlation ID
 * the workflows and activities the request causes log with (workflows/shared/correlation.ts).
 */
export function requestIdFor(request: IncomingMessage, response: ServerResponse): string {
  const given = request.headers['x-request-id'];
  const id = isCorrelationId(given) ? given : randomUUID();
  response.setHeader(REQUEST_ID_HEADER, id);
  return id;
}
