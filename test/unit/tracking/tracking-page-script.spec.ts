import { runInNewContext } from 'node:vm';
import { trackingPageScriptSource } from '../../../src/tracking/assets/tracking-assets';

/*
 * The page's script as the browser gets it: the served source, run in a fresh JavaScript context
 * (so it can use nothing from this module's scope) against a hand-made window that records what the
 * script does to the page. The real browser run belongs to the browser tests.
 */

class FakeElement {
  readonly attributes = new Map<string, string>();
  textContent: string | null = '';
  hidden = true;
  value?: string;
  replacedWith?: FakeElement;
  readonly selectors = new Map<string, FakeElement[]>();

  constructor(attributes: Record<string, string> = {}) {
    for (const [name, value] of Object.entries(attributes)) this.attributes.set(name, value);
  }
  getAttribute(name: string): string | null {
    return this.attributes.get(name) ?? null;
  }
  setAttribute(name: string, value: string): void {
    this.attributes.set(name, value);
  }
  hasAttribute(name: string): boolean {
    return this.attributes.has(name);
  }
  querySelector(selector: string): FakeElement | null {
    return this.selectors.get(selector)?.[0] ?? null;
  }
  querySelectorAll(selector: string): FakeElement[] {
    return this.selectors.get(selector) ?? [];
  }
  contains(other: unknown): boolean {
    return other === this;
  }
  replaceWith(node: FakeElement): void {
    this.replacedWith = node;
  }
}

class FakeEventSource {
  static last?: FakeEventSource;
  readyState = 0;
  closed = false;
  readonly listeners = new Map<string, (event: { lastEventId?: string }) => void>();
  constructor(readonly url: string) {
    FakeEventSource.last = this;
  }
  addEventListener(type: string, listener: (event: { lastEventId?: string }) => void): void {
    this.listeners.set(type, listener);
  }
  emit(type: string, event: { lastEventId?: string } = {}): void {
    this.listeners.get(type)?.(event);
  }
  close(): void {
    this.closed = true;
    this.readyState = 2;
  }
}

function page(revision = '7') {
  const main = new FakeElement({ 'data-page-url': '/t/tok', 'data-events-url': '/v1/track/tok/events', 'data-revision': revision });
  const status = new FakeElement({ 'data-live-status': 'idle', 'data-text-live': 'Live', 'data-text-expired': 'Expired', 'data-text-reconnecting': 'Reconnecting', 'data-text-off': 'Off' });
  const eta = new FakeElement({ 'data-eta-from': '2026-11-28T14:00:00-05:00', 'data-eta-to': '2026-11-28T18:00:00-05:00' });
  eta.textContent = 'Sat, Nov 28, 2:00 – 6:00 PM';
  const summary = new FakeElement({ 'data-live-region': 'summary' });
  const actions = new FakeElement({ 'data-live-region': 'actions' });
  const note = new FakeElement();
  actions.selectors.set('textarea', [note]);
  const document = new FakeElement() as FakeElement & { documentElement: { lang: string }; activeElement: FakeElement | null; importNode: (node: FakeElement) => FakeElement };
  document.documentElement = { lang: 'en' };
  document.activeElement = null;
  document.importNode = (node) => node;
  document.selectors.set('[data-events-url]', [main]);
  document.selectors.set('[data-live-status]', [status]);
  document.selectors.set('[data-eta-from],[data-eta-to]', [eta]);
  document.selectors.set('[data-live-region="summary"]', [summary]);
  document.selectors.set('[data-live-region="actions"]', [actions]);
  return { main, status, eta, summary, actions, note, document };
}

/** The page the script fetches again: new regions, and its revision. */
function fetchedPage(revision: string) {
  const doc = new FakeElement();
  const summary = new FakeElement({ 'data-live-region': 'summary' });
  const actions = new FakeElement({ 'data-live-region': 'actions' });
  doc.selectors.set('[data-live-region]', [summary, actions]);
  doc.selectors.set('[data-revision]', [new FakeElement({ 'data-revision': revision })]);
  return { doc, summary, actions };
}

function run(dom: ReturnType<typeof page>, respond: () => { ok: boolean; status: number; doc?: FakeElement }) {
  const fetches: string[] = [];
  let parsed: FakeElement | undefined;
  const window = {
    document: dom.document,
    EventSource: FakeEventSource,
    DOMParser: class {
      parseFromString() {
        return parsed;
      }
    },
    fetch: async (url: string) => {
      fetches.push(url);
      const answer = respond();
      parsed = answer.doc;
      return { ok: answer.ok, status: answer.status, text: async () => '<html></html>' };
    },
  };
  runInNewContext(trackingPageScriptSource(), { window });
  return { fetches, stream: FakeEventSource.last! };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the tracking page script', () => {
  beforeEach(() => (FakeEventSource.last = undefined));

  it('resumes the stream after the revision the page was rendered at, and says it is live', () => {
    const dom = page('7');
    const { stream } = run(dom, () => ({ ok: true, status: 200 }));
    expect(stream.url).toBe('/v1/track/tok/events?lastEventId=7');
    stream.emit('open');
    expect(dom.status.getAttribute('data-live-status')).toBe('live');
    expect(dom.status.textContent).toBe('Live');
    expect(dom.status.hidden).toBe(false);
  });

  it('rewrites a delivery window in the phone’s time zone, with the zone named', () => {
    const dom = page();
    run(dom, () => ({ ok: true, status: 200 }));
    const expected = new Intl.DateTimeFormat('en', { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).formatRange(
      new Date('2026-11-28T14:00:00-05:00'),
      new Date('2026-11-28T18:00:00-05:00'),
    );
    expect(dom.eta.textContent).toBe(expected);
  });

  it('on a newer revision fetches the page and swaps in its live regions, but not a form in use', async () => {
    const dom = page('7');
    dom.note.value = 'The box was empty';
    const next = fetchedPage('8');
    const { fetches, stream } = run(dom, () => ({ ok: true, status: 200, doc: next.doc }));
    stream.emit('order', { lastEventId: '8' });
    await settle();
    expect(fetches).toEqual(['/t/tok']);
    expect(dom.summary.replacedWith).toBe(next.summary);
    expect(dom.actions.replacedWith).toBeUndefined();
    expect(dom.main.getAttribute('data-revision')).toBe('8');
  });

  it('does not fetch for the revision it already shows', async () => {
    const dom = page('7');
    const { fetches, stream } = run(dom, () => ({ ok: true, status: 200, doc: fetchedPage('7').doc }));
    stream.emit('order', { lastEventId: '7' });
    await settle();
    expect(fetches).toEqual([]);
  });

  it('stops and says so when the link expires, by event or when the page answers 401', async () => {
    const dom = page();
    const { stream } = run(dom, () => ({ ok: false, status: 401 }));
    stream.emit('expired');
    expect(stream.closed).toBe(true);
    expect(dom.status.textContent).toBe('Expired');

    const again = page();
    const second = run(again, () => ({ ok: false, status: 401 }));
    second.stream.emit('order', { lastEventId: '9' });
    await settle();
    expect(second.stream.closed).toBe(true);
    expect(again.status.getAttribute('data-live-status')).toBe('expired');
  });

  it('tells reconnecting from stopped', () => {
    const dom = page();
    const { stream } = run(dom, () => ({ ok: true, status: 200 }));
    stream.emit('error');
    expect(dom.status.getAttribute('data-live-status')).toBe('reconnecting');
    stream.readyState = 2;
    stream.emit('error');
    expect(dom.status.getAttribute('data-live-status')).toBe('off');
  });
});
