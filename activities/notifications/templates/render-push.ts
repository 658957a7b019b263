import type { NotificationRequest } from '../notification.types';
import { fitPushText, PUSH_BODY_MAX_CHARS, PUSH_TITLE_MAX_CHARS } from '../push/push-sender';
import type { Brand } from './brand';
import { buildFacts } from './facts';
import { resolveLanguage } from './locale';
import { messagesFor } from './messages';

export const PUSH_TITLE_MAX = PUSH_TITLE_MAX_CHARS;
export const PUSH_BODY_MAX = PUSH_BODY_MAX_CHARS;

export interface RenderedPush {
  title: string;
  body: string;
}

/** Length in code points, as the push limits count it. */
const length = (text: string): number => Array.from(text).length;

/**
 * One milestone push notification in the customer's language. Title: "<brand>: <subject>", or the
 * subject alone when that does not fit PUSH_TITLE_MAX (shortened by `fitPushText`, on a word
 * boundary with an ellipsis, if even that is too long). Body: the SMS fact and detail, without links
 * (tapping the notification opens the order); the detail is shortened, then dropped, before the
 * body is cut.
 */
export function renderMilestonePush(request: NotificationRequest, brand: Brand): RenderedPush {
  const language = resolveLanguage(request.customer.locale);
  const messages = messagesFor(language);
  const facts = buildFacts(request, language, messages.defaultLocale, 'short');
  const subject = messages.subject[request.milestone](request.orderId);
  const branded = `${brand.name}: ${subject}`;
  const title = brand.name && length(branded) <= PUSH_TITLE_MAX ? branded : fitPushText(subject, PUSH_TITLE_MAX);
  const { fact, details = [] } = messages.sms.text[request.milestone](facts);
  const bodies = [...details.map((detail) => `${fact} ${detail}`), fact];
  const body = bodies.find((text) => length(text) <= PUSH_BODY_MAX) ?? fitPushText(fact, PUSH_BODY_MAX);
  return { title, body };
}
