import escapeHtml from 'escape-html';
import { Milestone } from '../../../workflows/shared/vocabulary';
import type { NotificationRequest } from '../notification.types';
import { DEFAULT_PRIMARY_COLOR, httpsUrl, plainEmail, safeColor, textColorOn, type Brand } from './brand';
import { buildFacts, type MessageFacts, type PickupFacts } from './facts';
import type { MessageLinks } from './links';
import { resolveLanguage } from './locale';
import { messagesFor, type EmailMessages } from './messages';

/** RFC 2369 / RFC 8058 headers, present only when the message carries an unsubscribe link. */
export type UnsubscribeHeaders = {
  'List-Unsubscribe': string;
  'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click';
};

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
  headers?: UnsubscribeHeaders;
}

/** A link the customer acts on, besides the tracking link every parcel message carries. */
interface ActionLink {
  label: string;
  url: string;
}

interface Content {
  headline: string;
  lines: string[];
  links: ActionLink[];
}

const optional = (line: string | undefined | false): string[] => (line ? [line] : []);

function placeLines(pickup: PickupFacts | undefined, m: EmailMessages): string[] {
  if (!pickup) return [];
  return [...optional(pickup.name && m.pickupLocation(pickup.name)), ...optional(pickup.address && m.address(pickup.address))];
}

/** The lines of one milestone message, in the message's language. The structure is the same in every language. */
function content(milestone: Milestone, f: MessageFacts, m: EmailMessages): Content {
  const parcelLines = f.hasParcel && f.trackingNumber !== undefined ? [m.carrier(f.carrier), m.trackingNumber(f.trackingNumber)] : [];
  const refundLines = optional(f.refund && m.refund(f.refund));
  const headline = m.headline[milestone](f);
  switch (milestone) {
    case Milestone.ORDER_RECEIVED:
      return { headline, lines: [m.orderReceived(f.orderId)], links: [] };
    case Milestone.SHIPPED: {
      const estimate = f.estimate && ('day' in f.estimate ? m.estimateOn(f.estimate.day) : m.estimateBetween(f.estimate.from, f.estimate.to));
      return { headline, lines: [...parcelLines, ...optional(estimate)], links: [] };
    }
    case Milestone.OUT_FOR_DELIVERY:
      return { headline, lines: parcelLines, links: [] };
    case Milestone.DELIVERED:
      return {
        headline,
        lines: [
          ...optional(f.deliveredAt && m.deliveredAt(f.deliveredAt)),
          ...optional(f.signer && m.signedBy(f.signer)),
          ...optional(f.leftAt && m.leftAt(f.leftAt)),
          ...parcelLines,
        ],
        links: [],
      };
    case Milestone.DELAYED:
      return { headline, lines: [f.newDate ? m.newDate(f.newDate) : m.noNewDate(f.carrier), ...parcelLines], links: [] };
    case Milestone.DELIVERY_ATTEMPTED: {
      const { attempt, next } = f;
      const lines: string[] = [];
      const links: ActionLink[] = [];
      if (attempt) lines.push(attempt.final ? m.finalAttempt(attempt.number) : m.attempt(attempt.number));
      if (next?.kind === 'reattempt') {
        lines.push(m.reattempt(f.carrier, next.day));
      } else if (next?.kind === 'pickup') {
        lines.push(m.takenToPickup(f.carrier), ...placeLines(next.pickup, m));
        if (next.pickup.holdUntil) lines.push(m.heldUntil(next.pickup.holdUntil));
      } else if (next?.kind === 'reschedule') {
        lines.push(m.rescheduleHow(next.link, next.carrier, f.carrier));
        const url = httpsUrl(next.link.url);
        if (url) links.push({ label: m.rescheduleLabel(next.link.service), url });
      }
      if (attempt?.final) {
        lines.push(
          next?.kind !== 'pickup'
            ? m.returnUnlessRedelivered
            : next.pickup.holdUntil
              ? m.returnUnlessCollectedBy(next.pickup.holdUntil)
              : m.returnUnlessCollected,
        );
      }
      return { headline, lines: [...lines, ...parcelLines], links };
    }
    case Milestone.AVAILABLE_FOR_PICKUP: {
      const place = placeLines(f.pickup, m);
      return {
        headline,
        lines: [...(place.length ? place : [m.pickupPlaceUnknown(f.carrier)]), ...optional(f.pickup?.holdUntil && m.collectBy(f.pickup.holdUntil)), ...parcelLines],
        links: [],
      };
    }
    case Milestone.RETURNING:
      return { headline, lines: [m.returningNotice, ...parcelLines], links: [] };
    case Milestone.RETURNED:
    case Milestone.LOST:
      return { headline, lines: [...refundLines, ...parcelLines], links: [] };
    case Milestone.DISPUTE_OPENED:
      return { headline, lines: [m.disputeSupport, m.disputeOnHold, ...parcelLines], links: [] };
    case Milestone.DISPUTE_RESOLVED:
      return {
        headline,
        lines: [
          ...(f.disputeResolution === 'refunded' ? refundLines : []),
          ...optional(f.disputeResolution === 'released' && m.disputeReleased),
          m.stillNeedHelp,
          ...parcelLines,
        ],
        links: [],
      };
    default: {
      // Exhaustive: a milestone added to the vocabulary without a message here fails to compile.
      const unhandled: never = milestone;
      throw new Error(`No email template for milestone ${String(unhandled)}`);
    }
  }
}

const FONT = 'font-family:Helvetica,Arial,sans-serif;';
const TEXT_COLOR = '#1f2933';
const MUTED_COLOR = '#6b7280';

/**
 * One milestone email, plain text and HTML (sent as multipart/alternative), in the customer's
 * language (`customer.locale`: Spanish for `es*`, else English) with dates in their time zone.
 * Both parts carry the same facts and links. Every interpolated value is HTML-escaped in the HTML, and
 * only `https:` URLs become links. With `links.unsubscribeEmail`, the result carries
 * List-Unsubscribe headers for one-click unsubscribe (RFC 8058).
 */
export function renderMilestoneEmail(request: NotificationRequest, brand: Brand, links: MessageLinks = {}): RenderedEmail {
  const language = resolveLanguage(request.customer.locale);
  const messages = messagesFor(language);
  const m = messages.email;
  const facts = buildFacts(request, language, messages.defaultLocale, 'long');
  const { headline, lines, links: actions } = content(request.milestone, facts, m);
  const subject = `${messages.subject[request.milestone](request.orderId)} — ${brand.name}`;
  const greeting = m.greeting(request.customer.name);
  const signature = m.signature(brand.name);
  const trackingLink = facts.trackingLink;
  const trackingPage = httpsUrl(links.trackingPage);
  const unsubscribe = httpsUrl(links.unsubscribeEmail);
  const supportEmail = plainEmail(brand.supportEmail);

  const text = [
    greeting,
    '',
    headline,
    '',
    ...lines,
    ...actions.flatMap((l) => ['', `${l.label}: ${l.url}`]),
    ...(trackingLink ? ['', `${m.trackYourParcel}: ${trackingLink}`] : []),
    ...(trackingPage ? ['', `${m.seeYourOrder}: ${trackingPage}`] : []),
    '',
    signature,
    ...(supportEmail || unsubscribe ? [''] : []),
    ...optional(supportEmail && `${m.supportPrompt} ${supportEmail}`),
    ...(unsubscribe ? [m.footerReason(brand.name), `${m.unsubscribe}: ${unsubscribe}`] : []),
  ].join('\n');

  const html = renderHtml({
    lang: messages.htmlLang,
    subject,
    brand,
    greeting,
    headline,
    lines,
    actions,
    trackingLink,
    trackingPage,
    signature,
    supportEmail,
    unsubscribe,
    m,
  });

  return {
    subject,
    text,
    html,
    ...(unsubscribe ? { headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' as const } } : {}),
  };
}

interface HtmlParts {
  lang: string;
  subject: string;
  brand: Brand;
  greeting: string;
  headline: string;
  lines: string[];
  actions: ActionLink[];
  trackingLink?: string;
  trackingPage?: string;
  signature: string;
  supportEmail?: string;
  unsubscribe?: string;
  m: EmailMessages;
}

/**
 * A single-column, table-based layout with inline styles only: what Gmail, Outlook (Word engine) and
 * Apple Mail all render. `e` escapes every value; URLs reach here only after `httpsUrl`.
 */
function renderHtml(p: HtmlParts): string {
  const e = (value: string): string => escapeHtml(value);
  const primary = safeColor(p.brand.primaryColor, DEFAULT_PRIMARY_COLOR);
  const accent = safeColor(p.brand.accentColor, primary);
  const onPrimary = textColorOn(primary);
  const logo = httpsUrl(p.brand.logoUrl);
  const paragraph = (inner: string, margin = '0 0 16px'): string => `<p style="margin:${margin};">${inner}</p>`;
  const link = (url: string, label: string): string => `<a href="${e(url)}" style="color:${accent};text-decoration:underline;">${e(label)}</a>`;

  const header = logo
    ? `<img src="${e(logo)}" alt="${e(p.brand.name)}" height="40" style="display:block;height:40px;max-height:40px;width:auto;border:0;outline:none;text-decoration:none;${FONT}font-size:20px;font-weight:bold;color:${onPrimary};">`
    : `<span style="${FONT}font-size:20px;font-weight:bold;color:${onPrimary};">${e(p.brand.name)}</span>`;
  const button = p.trackingLink
    ? [
        '<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 24px;">',
        `<tr><td align="center" bgcolor="${primary}" style="background-color:${primary};border-radius:6px;">`,
        `<a href="${e(p.trackingLink)}" style="display:inline-block;padding:12px 24px;${FONT}font-size:16px;font-weight:bold;line-height:20px;color:${onPrimary};text-decoration:none;border-radius:6px;">${e(p.m.trackYourParcel)}</a>`,
        '</td></tr></table>',
      ].join('')
    : '';
  const footer = [
    p.supportEmail ? paragraph(`${e(p.m.supportPrompt)} <a href="mailto:${e(p.supportEmail)}" style="color:${MUTED_COLOR};">${e(p.supportEmail)}</a>`, '0 0 8px') : '',
    p.unsubscribe
      ? paragraph(`${e(p.m.footerReason(p.brand.name))} <a href="${e(p.unsubscribe)}" style="color:${MUTED_COLOR};text-decoration:underline;">${e(p.m.unsubscribe)}</a>`, '0')
      : '',
  ].join('');

  return [
    `<!doctype html><html lang="${e(p.lang)}"><head>`,
    '<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(p.subject)}</title></head>`,
    `<body style="margin:0;padding:0;background-color:#f4f5f7;">`,
    // The preview line inboxes show next to the subject.
    `<div style="display:none;max-height:0;overflow:hidden;mso-hide:all;">${e(p.headline)}</div>`,
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f4f5f7;">',
    '<tr><td align="center" style="padding:24px 12px;">',
    '<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px;background-color:#ffffff;border-collapse:collapse;">',
    `<tr><td bgcolor="${primary}" style="background-color:${primary};padding:20px 24px;">${header}</td></tr>`,
    `<tr><td style="padding:24px;${FONT}font-size:16px;line-height:24px;color:${TEXT_COLOR};">`,
    paragraph(e(p.greeting)),
    paragraph(`<strong>${e(p.headline)}</strong>`),
    p.lines.length ? `<ul style="margin:0 0 16px;padding:0 0 0 20px;">${p.lines.map((l) => `<li>${e(l)}</li>`).join('')}</ul>` : '',
    p.actions.map((a) => paragraph(link(a.url, a.label))).join(''),
    button,
    p.trackingPage ? paragraph(link(p.trackingPage, p.m.seeYourOrder)) : '',
    paragraph(e(p.signature), '16px 0 0'),
    '</td></tr>',
    footer ? `<tr><td style="padding:16px 24px;border-top:1px solid #e5e7eb;${FONT}font-size:12px;line-height:18px;color:${MUTED_COLOR};">${footer}</td></tr>` : '',
    '</table></td></tr></table></body></html>',
  ].join('');
}
