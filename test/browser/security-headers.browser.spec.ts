/**
 * @jest-environment ./test/support/browser-environment.ts
 */
import { Controller, Get, Header } from '@nestjs/common';
import type { Page } from 'playwright-core';
import { Public } from '../../src/auth/public.decorator';
import { useBrowser } from '../support/browser';
import { useSecurityTestApp } from '../support/security-test-app';

/*
 * The Content-Security-Policy as Chromium enforces it, on the API as production builds it: Swagger
 * UI works under its own policy with nothing blocked, and a page under the pages' policy runs its
 * own scripts but no inline one.
 */

/** A page as the server-rendered pages are built: one script of our own, and an inline one that must never run. */
@Controller('security-probe')
@Public()
class ProbePageController {
  @Get('page')
  @Header('Content-Type', 'text/html; charset=utf-8')
  page(): string {
    return `<!doctype html><html><head><title>Probe</title><script src="/security-probe/own.js"></script></head>
<body><p>probe</p><script>window.inlineRan = true;</script><button onclick="window.handlerRan = true">x</button></body></html>`;
  }

  @Get('own.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  script(): string {
    return 'window.ownRan = true;';
  }
}

/** Every CSP violation the page reports, as "directive blocked-uri". */
async function recordViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction('reportViolation', (line: string) => violations.push(line));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { reportViolation(line: string): void }).reportViolation(`${event.effectiveDirective} ${event.blockedURI}`);
    });
  });
  return violations;
}

describe('security headers in Chromium', () => {
  const session = useBrowser();
  // Served over plain http here, so no upgrade-insecure-requests: the browser would otherwise fetch the assets over https.
  const api = useSecurityTestApp('browser_security_headers', { env: { PUBLIC_BASE_URL: 'http://127.0.0.1' }, controllers: [ProbePageController] });
  let baseUrl = '';

  beforeAll(async () => {
    await api.app.listen(0, '127.0.0.1');
    baseUrl = await api.app.getUrl();
  });

  it('renders Swagger UI under its own policy, with nothing blocked', async () => {
    const page = await session.newPage('desktop');
    const violations = await recordViolations(page);
    await page.goto(`${baseUrl}/docs`);
    await page.locator('.swagger-ui .info .title').getByText('Waybill').waitFor();
    await page.locator('.opblock-tag-section').first().waitFor();
    expect(await page.locator('.opblock').count()).toBeGreaterThan(20);
    expect(violations).toEqual([]);
  });

  it('runs a page’s own script and blocks inline scripts and handlers under the pages’ policy', async () => {
    const page = await session.newPage('desktop');
    const violations = await recordViolations(page);
    await page.goto(`${baseUrl}/security-probe/page`);
    await page.getByRole('button').click();
    const ran = await page.evaluate(() => {
      const flags = window as unknown as { ownRan?: boolean; inlineRan?: boolean; handlerRan?: boolean };
      return { own: flags.ownRan === true, inline: flags.inlineRan === true, handler: flags.handlerRan === true };
    });
    expect(ran).toEqual({ own: true, inline: false, handler: false });
    expect(violations).toEqual(expect.arrayContaining(['script-src-elem inline', 'script-src-attr inline']));
  });
});
