import escapeHtml from 'escape-html';
import type { ChannelName } from '../../activities/notifications/notification-policy';
import type { UnsubscribeChannel } from './unsubscribe-token.service';

/**
 * The unsubscribe pages: tiny, server-rendered, no script, no external resources. Everything shown
 * is fixed text or escaped; no address, name or order ID appears.
 */

const CHANNEL_WORDS: Record<UnsubscribeChannel, string> = {
  email: 'emails',
  sms: 'text messages',
  push: 'push notifications',
  all: 'all messages',
};

const list = (channels: readonly ChannelName[]): string => {
  const words = channels.map((c) => CHANNEL_WORDS[c]);
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
};

/** Headers every unsubscribe page is served with: nothing cached, indexed, framed, or leaked by Referer. */
export const UNSUBSCRIBE_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Robots-Tag': 'noindex, nofollow',
};

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1f2933;line-height:1.5}
h1{font-size:1.4rem}
button{font:inherit;padding:.6rem 1.2rem;margin:.3rem .3rem .3rem 0;border-radius:.4rem;border:1px solid #1f2933;background:#1f2933;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#1f2933}
</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/**
 * The confirmation page a GET shows. Its form posts back to the page's own URL (no `action`), so it
 * works behind any proxy path. A link for one channel whose token also names other channels offers
 * to stop all of them as well.
 */
export function renderConfirmPage(channel: UnsubscribeChannel, otherChannels: readonly ChannelName[]): string {
  const what = channel === 'all' ? CHANNEL_WORDS.all : CHANNEL_WORDS[channel];
  const widen =
    channel !== 'all' && otherChannels.length > 0
      ? `\n<button type="submit" name="scope" value="all" class="secondary">Stop ${escapeHtml(list([channel, ...otherChannels]))}</button>`
      : '';
  return layout(
    'Unsubscribe',
    `<h1>Unsubscribe from ${escapeHtml(what)}?</h1>
<p>You will no longer get ${escapeHtml(what)} about your orders${channel === 'all' ? ' from us' : ''}. Your orders themselves are not affected.</p>
<form method="post">
<button type="submit" name="scope" value="link">Unsubscribe from ${escapeHtml(what)}</button>${widen}
</form>`,
  );
}

/** What a successful POST shows a browser. */
export function renderDonePage(channels: readonly ChannelName[]): string {
  return layout(
    'Unsubscribed',
    `<h1>You're unsubscribed</h1>
<p>We won't send you ${escapeHtml(list(channels))} about your orders any more. It can take a few minutes for messages already on their way to stop.</p>`,
  );
}

/** A refused link: expired, forged, or not a link at all. */
export function renderErrorPage(message: string): string {
  return layout('Unsubscribe link problem', `<h1>We couldn't use this link</h1>\n<p>${escapeHtml(message)}</p>`);
}
