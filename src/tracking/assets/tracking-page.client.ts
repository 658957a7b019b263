/**
 * The tracking page's only script, run in the customer's browser. It is written here, in
 * TypeScript, so it is type-checked and linted like the rest; the API serves the compiled function
 * as a file (tracking-assets.ts: `(<function source>)(window)`), so it must use nothing from outside
 * its own body: no imports, no module values, only the window it is handed and JavaScript's own
 * built-ins (Date, Intl, JSON).
 *
 * Progressive enhancement: the page works without it. With it, the page opens an EventSource on
 * its order's event stream (resuming after the revision it was rendered at), and on each new
 * revision fetches itself again and swaps in the `data-live-region` sections, leaving alone a form
 * the customer is using. It also rewrites delivery windows in the phone's own time zone.
 */

/** The few browser APIs the script touches, typed here because the project compiles without the DOM library. */
interface PageElement {
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  hasAttribute(name: string): boolean;
  hidden: boolean;
  textContent: string | null;
  value?: string;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  contains(other: PageElement | null): boolean;
  replaceWith(node: PageElement): void;
}

interface PageDocument {
  documentElement: { lang: string };
  activeElement: PageElement | null;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  importNode(node: PageElement, deep: boolean): PageElement;
}

interface PageEventSource {
  readonly readyState: number;
  addEventListener(type: string, listener: (event: { lastEventId?: string }) => void): void;
  close(): void;
}

interface PageResponse {
  ok: boolean;
  status: number;
  text(): Promise<string>;
}

export interface PageWindow {
  document: PageDocument;
  EventSource?: new (url: string) => PageEventSource;
  DOMParser: new () => { parseFromString(html: string, type: 'text/html'): PageDocument };
  fetch(url: string, init: { headers: Record<string, string>; cache: 'no-store'; credentials: 'omit' }): Promise<PageResponse>;
}

export type LiveState = 'live' | 'reconnecting' | 'off' | 'expired';

export function trackingPageScript(win: PageWindow): void {
  const doc = win.document;
  const main = doc.querySelector('[data-events-url]');
  if (!main) return;
  const pageUrl = main.getAttribute('data-page-url') ?? '';
  const eventsUrl = main.getAttribute('data-events-url') ?? '';
  const CLOSED = 2;

  /** Delivery windows in the phone's time zone, named ("2:00 – 6:00 PM EST"); days stay as they are. */
  const localize = (): void => {
    const format = new Intl.DateTimeFormat(doc.documentElement.lang || undefined, {
      weekday: 'short',
      month: 'short',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      timeZoneName: 'short',
    });
    const estimates = doc.querySelectorAll('[data-eta-from],[data-eta-to]');
    for (let i = 0; i < estimates.length; i++) {
      const element = estimates[i];
      const from = element.getAttribute('data-eta-from');
      const to = element.getAttribute('data-eta-to');
      const start = from ? new Date(from) : undefined;
      const end = to ? new Date(to) : undefined;
      if (start && Number.isNaN(start.getTime())) continue;
      if (end && Number.isNaN(end.getTime())) continue;
      if (start && end && end.getTime() >= start.getTime()) element.textContent = format.formatRange(start, end);
      else if (start) element.textContent = format.format(start);
      else if (end) element.textContent = `by ${format.format(end)}`;
    }
  };

  const showLive = (state: LiveState): void => {
    const status = doc.querySelector('[data-live-status]');
    if (!status) return;
    status.setAttribute('data-live-status', state);
    status.textContent = status.getAttribute(`data-text-${state}`) ?? '';
    status.hidden = false;
  };

  /** A form the customer is opening, focused on or typing into is never swapped from under them. */
  const inUse = (region: PageElement): boolean => {
    if (region.contains(doc.activeElement)) return true;
    if (region.querySelector('details[open]')) return true;
    const fields = region.querySelectorAll('textarea');
    for (let i = 0; i < fields.length; i++) if (fields[i].value) return true;
    return false;
  };

  let refreshing = false;
  let again = false;
  let closeStream = (): void => undefined;
  const expire = (): void => {
    closeStream();
    showLive('expired');
  };

  /** Fetches the page again and swaps in its live regions; one fetch at a time, one more if news came meanwhile. */
  const refresh = async (): Promise<void> => {
    if (refreshing) {
      again = true;
      return;
    }
    refreshing = true;
    try {
      do {
        again = false;
        const response = await win.fetch(pageUrl, { headers: { accept: 'text/html' }, cache: 'no-store', credentials: 'omit' });
        if (response.status === 401) return expire();
        if (!response.ok) return;
        const next = new win.DOMParser().parseFromString(await response.text(), 'text/html');
        const regions = next.querySelectorAll('[data-live-region]');
        for (let i = 0; i < regions.length; i++) {
          const region = regions[i];
          const here = doc.querySelector(`[data-live-region="${region.getAttribute('data-live-region') ?? ''}"]`);
          if (here && !inUse(here)) here.replaceWith(doc.importNode(region, true));
        }
        const revision = next.querySelector('[data-revision]')?.getAttribute('data-revision');
        if (revision) main.setAttribute('data-revision', revision);
        localize();
      } while (again);
    } catch {
      // The network failed: the stream's next event, or its reconnection, tries again.
    } finally {
      refreshing = false;
    }
  };

  localize();
  if (!win.EventSource || !eventsUrl) return;
  const revision = main.getAttribute('data-revision');
  const stream = new win.EventSource(revision ? `${eventsUrl}?lastEventId=${encodeURIComponent(revision)}` : eventsUrl);
  closeStream = () => stream.close();
  stream.addEventListener('open', () => showLive('live'));
  stream.addEventListener('order', (event) => {
    if (event.lastEventId !== main.getAttribute('data-revision')) void refresh();
  });
  stream.addEventListener('expired', expire);
  // EventSource reconnects by itself (with Last-Event-ID) unless the server refused it outright.
  stream.addEventListener('error', () => showLive(stream.readyState === CLOSED ? 'off' : 'reconnecting'));
}
