import { Milestone } from '../../../workflows/shared/vocabulary';
import type { NotificationRequest } from '../notification.types';
import { measureSms, SMS_MAX_SEGMENTS } from '../sms/sms-segments';
import { httpsUrl, type Brand } from './brand';
import { buildFacts } from './facts';
import type { MessageLinks } from './links';
import { resolveLanguage } from './locale';
import { messagesFor } from './messages';

/** Longer texts are sent as concatenated parts, each billed; two is the budget. */
export const SMS_SEGMENT_BUDGET = SMS_MAX_SEGMENTS;

/** Milestones whose SMS also links Waybill's tracking page, when there is one. */
const WITH_TRACKING_PAGE: ReadonlySet<Milestone> = new Set([Milestone.SHIPPED, Milestone.OUT_FOR_DELIVERY, Milestone.DELIVERED]);

/**
 * Intl puts no-break spaces in dates and money ("2:05 PM", "49,99 US$"); they are not in the GSM-7
 * alphabet, and one would make the whole text UCS-2 (70 characters a segment instead of 160).
 */
const normalizeSpaces = (text: string): string => text.replace(/[\u00a0\u2007\u202f]/g, ' ');

export function smsSegments(text: string): number {
  return measureSms(text).segments;
}

/**
 * One milestone SMS in the customer's language: the brand, the fact, the carrier's tracking link, for
 * shipped / out for delivery / delivered Waybill's tracking page, and the opt-out instruction. Kept
 * within SMS_SEGMENT_BUDGET where it can be: over budget, the tracking page goes first, then the
 * detail (a signer, a pickup point's name) is shortened, then dropped; the fact, the carrier's link
 * and the opt-out always stay.
 */
export function renderMilestoneSms(request: NotificationRequest, brand: Brand, links: MessageLinks = {}): string {
  const language = resolveLanguage(request.customer.locale);
  const messages = messagesFor(language);
  const facts = buildFacts(request, language, messages.defaultLocale, 'short');
  const { fact, details = [] } = messages.sms.text[request.milestone](facts);
  const trackingPage = WITH_TRACKING_PAGE.has(request.milestone) ? httpsUrl(links.trackingPage) : undefined;

  const compose = (detail: string | undefined, withPage: boolean): string =>
    normalizeSpaces(
      [
        `${brand.name}: ${fact}${detail ? ` ${detail}` : ''}`,
        ...(facts.trackingLink ? [messages.sms.track(facts.trackingLink)] : []),
        ...(withPage && trackingPage ? [messages.sms.trackingPage(trackingPage)] : []),
        messages.sms.optOut,
      ].join('\n'),
    );

  // Most complete first: everything; then without the tracking page; then each shorter detail; then none.
  const candidates = [compose(details[0], true), ...details.map((detail) => compose(detail, false)), compose(undefined, false)];
  return candidates.find((text) => smsSegments(text) <= SMS_SEGMENT_BUDGET) ?? candidates[candidates.length - 1];
}
