import type { NotificationRequest } from '../notification.types';
import { measureSms, SMS_MAX_SEGMENTS } from '../sms/sms-segments';
import { httpsUrl, type Brand } from './brand';
import { buildFacts } from './facts';
import type { MessageLinks } from './links';
import { resolveLanguage } from './locale';
import { messagesFor } from './messages';

/** Longer texts are sent as concatenated parts, each billed; two is the budget. */
export const SMS_SEGMENT_BUDGET = SMS_MAX_SEGMENTS;


/**
 * Intl puts no-break spaces in dates and money ("2:05 PM", "49,99 US$"); they are not in the GSM-7
 * alphabet, and one would make the whole text UCS-2 (70 characters a segment instead of 160).
 */
const normalizeSpaces = (text: string): string => text.replace(/[\u00a0\u2007\u202f]/g, ' ');

export function smsSegments(text: string): number {
  return measureSms(text).segments;
}

/**
 * One milestone SMS in the customer's language: the brand, the fact, the carrier's tracking link,
 * Waybill's tracking page (a short link, see compact-customer-token.ts), and the opt-out instruction. Kept
 * within SMS_SEGMENT_BUDGET where it can be: over budget, the detail (a signer, a pickup point's
 * name) is shortened, then dropped, and only then the tracking page; the fact, the carrier's link and
 * the opt-out always stay.
 */
export function renderMilestoneSms(request: NotificationRequest, brand: Brand, links: MessageLinks = {}): string {
  const language = resolveLanguage(request.customer.locale);
  const messages = messagesFor(language);
  const facts = buildFacts(request, language, messages.defaultLocale, 'short');
  const { fact, details = [] } = messages.sms.text[request.milestone](facts);
  const trackingPage = httpsUrl(links.trackingPage);

  const compose = (detail: string | undefined, withPage: boolean): string =>
    normalizeSpaces(
      [
        `${brand.name}: ${fact}${detail ? ` ${detail}` : ''}`,
        ...(facts.trackingLink ? [messages.sms.track(facts.trackingLink)] : []),
        ...(withPage && trackingPage ? [messages.sms.trackingPage(trackingPage)] : []),
        messages.sms.optOut,
      ].join('\n'),
    );

  // Most complete first, keeping the tracking page (which shows every detail) as long as any form
  // fits: each shorter detail, then none; only then the same without the page.
  const shortening = [...details, undefined];
  const candidates = [...shortening.map((detail) => compose(detail, true)), ...shortening.map((detail) => compose(detail, false))];
  return candidates.find((text) => smsSegments(text) <= SMS_SEGMENT_BUDGET) ?? candidates[candidates.length - 1];
}
