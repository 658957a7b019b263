import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { chromium, devices, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { describeMissingTool, findTool, MissingToolError, PROJECT_ROOT } from '../../src/infra/tool-paths';
import type { BrowserHarnessHooks } from './browser-environment';

/*
 * The browser specs' harness (docs/testing.md, "Browser tests"): Debian's Chromium, provisioned by
 * scripts/setup-tools.sh, driven by playwright-core. A spec calls useBrowser() in its describe block
 * and runs in test/support/browser-environment.ts, which screenshots a failing test's pages.
 */

/**
 * Chromium's flags on this project's machines. Headless, no sandbox (tests run as root), no GPU,
 * and nothing that connects anywhere on its own (QUIC, first-run, background networking, component
 * updates, sync): on a closed network those connections are refused many at a time. Playwright
 * passes most of these itself; naming them keeps them whatever its defaults become. setup-tools.sh
 * checks the binary starts with the same flags.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Starts Chromium and reaps every process it leaves (see the script). */
const REAPER = join(__dirname, 'chromium-reaper.py');

/** Git-ignored, with the rest of `.test-output/`; `.ci/run` prints where it is. */
export const SCREENSHOTS_DIR = join(PROJECT_ROOT, '.test-output', 'screenshots');

/** Pages fail fast on a missing element or a slow load, well inside jest's 60 s per test. */
const ACTION_TIMEOUT_MS = 10_000;
const NAVIGATION_TIMEOUT_MS = 15_000;

/** The same page looks the same on every machine. */
const STABLE: BrowserContextOptions = { locale: 'en-US', timezoneId: 'UTC', colorScheme: 'light', reducedMotion: 'reduce' };

export const DESKTOP_VIEWPORT = { width: 1280, height: 800 } as const;
export const PHONE_DEVICE = devices['Pixel 7'];

/** The Chromium setup-tools.sh provisioned; without one, an error that says how to get it (a browser spec fails, never skips). */
export function chromiumExecutable(): string {
  const path = findTool('chromium');
  if (!path) throw new MissingToolError(describeMissingTool('chromium'));
  return path;
}

/**
 * Starts headless Chromium. Playwright's launch() gives it a fresh, empty `--user-data-dir` of its
 * own (a new temporary folder, removed when the browser closes), and refuses one in `args`. What
 * Chromium keeps outside the profile (its crash handler's database, dconf) goes to a temporary
 * XDG folder of this launch's, not under $HOME. (`--disable-crashpad-for-testing` would avoid the
 * crash handler, but Debian's Chromium 156 then aborts every navigation.) Chromium runs under
 * chromium-reaper.py, so closing the browser leaves no Chromium process behind, not even a zombie.
 */
export async function launchChromium(): Promise<Browser> {
  const xdg = mkdtempSync(join(tmpdir(), 'waybill-chromium-xdg-'));
  const removeXdg = (): void => rmSync(xdg, { recursive: true, force: true });
  try {
    const browser = await chromium.launch({
      executablePath: REAPER,
      headless: true,
      chromiumSandbox: false,
      args: [...CHROMIUM_ARGS],
      env: { ...process.env, WAYBILL_REAPED_CHROMIUM: chromiumExecutable(), XDG_CONFIG_HOME: xdg, XDG_CACHE_HOME: xdg },
      timeout: 30_000,
    });
    browser.once('disconnected', removeXdg);
    return browser;
  } catch (err) {
    removeXdg();
    throw err;
  }
}

async function withTimeouts(context: BrowserContext): Promise<BrowserContext> {
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
  return context;
}

/** A phone-sized context: a Pixel 7's viewport, pixel ratio, touch and mobile user agent. */
export async function phoneContext(browser: Browser): Promise<BrowserContext> {
  return withTimeouts(await browser.newContext({ ...PHONE_DEVICE, ...STABLE }));
}

export async function desktopContext(browser: Browser): Promise<BrowserContext> {
  return withTimeouts(await browser.newContext({ viewport: DESKTOP_VIEWPORT, ...STABLE }));
}

const fileSafe = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 120) || 'page';

/** `.test-output/screenshots/<suite>`, the suite being the spec file's name without `.browser.spec.ts` or `.spec.ts`. */
export function suiteScreenshotsDir(testPath: string | undefined = expect.getState().testPath): string {
  if (!testPath) throw new Error('suiteScreenshotsDir: no test file is running');
  return join(SCREENSHOTS_DIR, fileSafe(basename(testPath).replace(/(\.browser)?\.spec\.tsx?$/, '')));
}

/** Saves the whole page as `.test-output/screenshots/<suite>/<name>.png` and answers the path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = suiteScreenshotsDir();
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${fileSafe(name)}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export type ContextKind = 'phone' | 'desktop';

export interface BrowserSession {
  readonly browser: Browser;
  /** A fresh context (no cookies or storage from other tests), closed after the test. */
  newContext(kind: ContextKind): Promise<BrowserContext>;
  /** A page in a fresh context of its own, closed after the test. */
  newPage(kind: ContextKind): Promise<Page>;
}

const HARNESS_KEY = Symbol.for('waybill.browser-harness');
const ENVIRONMENT_KEY = Symbol.for('waybill.browser-environment');
const testGlobal = globalThis as unknown as Record<symbol, unknown>;

/** Suites whose screenshots folder this file emptied already: each run starts it afresh, once. */
const emptiedDirs = new Set<string>();

/** Every useBrowser() of the spec file, as the environment sees them. */
const sessions = new Set<BrowserHarnessHooks>();
const allSessions: BrowserHarnessHooks = {
  async screenshotOpenPages(testName) {
    for (const session of sessions) await session.screenshotOpenPages(testName);
  },
  async shutdown() {
    await Promise.all([...sessions].map((session) => session.shutdown()));
  },
};

/**
 * One Chromium for the describe block: launched in beforeAll, closed in afterAll (and by the
 * environment's teardown should that not run), each test's contexts closed after it.
 */
export function useBrowser(): BrowserSession {
  let browser: Browser | undefined;
  let screenshotsDir = '';
  const contexts = new Set<BrowserContext>();

  const closeContexts = async (): Promise<void> => {
    const open = [...contexts];
    contexts.clear();
    await Promise.all(open.map((context) => context.close().catch(() => undefined)));
  };

  const hooks: BrowserHarnessHooks = {
    async screenshotOpenPages(testName) {
      const pages = [...contexts].flatMap((context) => context.pages());
      for (const [index, page] of pages.entries()) {
        const path = join(screenshotsDir, `failed-${fileSafe(testName)}${pages.length > 1 ? `-${index + 1}` : ''}.png`);
        // A screenshot that cannot be taken (the page crashed) must not hide the test's own error.
        await page.screenshot({ path, fullPage: true, timeout: 5_000 }).then(
          () => console.warn(`Screenshot of the failing test's page: ${path}`),
          (err: Error) => console.warn(`No screenshot of the failing test's page (${err.message})`),
        );
      }
    },
    async shutdown() {
      await closeContexts();
      const closing = browser;
      browser = undefined;
      await closing?.close();
    },
  };

  beforeAll(async () => {
    if (testGlobal[ENVIRONMENT_KEY] !== true) {
      throw new Error('Browser specs run in their own jest environment: begin the spec with /** @jest-environment ./test/support/browser-environment.ts */');
    }
    screenshotsDir = suiteScreenshotsDir();
    if (!emptiedDirs.has(screenshotsDir)) {
      rmSync(screenshotsDir, { recursive: true, force: true });
      emptiedDirs.add(screenshotsDir);
    }
    mkdirSync(screenshotsDir, { recursive: true });
    testGlobal[HARNESS_KEY] = allSessions;
    sessions.add(hooks);
    browser = await launchChromium();
  }, 60_000);

  afterEach(closeContexts);

  afterAll(() => hooks.shutdown(), 30_000);

  const current = (): Browser => {
    if (!browser) throw new Error('The browser is used before its beforeAll has run, or after its afterAll');
    return browser;
  };
  const newContext = async (kind: ContextKind): Promise<BrowserContext> => {
    const context = kind === 'phone' ? await phoneContext(current()) : await desktopContext(current());
    contexts.add(context);
    return context;
  };
  return {
    get browser() {
      return current();
    },
    newContext,
    newPage: async (kind) => (await newContext(kind)).newPage(),
  };
}
