/**
 * @jest-environment ./test/support/browser-environment.ts
 */
import { existsSync } from 'node:fs';
import type { Model } from 'mongoose';
import { getModelToken } from '@nestjs/mongoose';
import { addressHashesOf, hashAddress } from '../../activities/notifications/address-hash';
import { parseCustomerTokenSecrets } from '../../src/auth/customer-token-secrets';
import { UnsubscribeController } from '../../src/notifications/unsubscribe.controller';
import { UnsubscribeService } from '../../src/notifications/unsubscribe.service';
import {
  UNSUBSCRIBE_TOKEN_OPTIONS,
  UnsubscribeTokenService,
  unsubscribeUrl,
  type UnsubscribeRequest,
} from '../../src/notifications/unsubscribe-token.service';
import type { NotificationSuppressionDocument } from '../../src/persistence/notification-suppressions.repository';
import { NOTIFICATION_SUPPRESSION_MODEL } from '../../src/persistence/notification-suppressions.schema';
import { PersistenceModule } from '../../src/persistence/persistence.module';
import { createApiTestApp, type ApiTestApp } from '../support/api-test-app';
import { screenshot, useBrowser } from '../support/browser';
import { startTestMongo, type TestMongo } from '../support/mongo-server';

/*
 * The unsubscribe link of every email, followed in Chromium: the page the real controller renders
 * over real HTTP, its form submitted by a click (under the page's own Content-Security-Policy), the
 * unsubscribe recorded in FerretDB. Also the proof of the browser harness (test/support/browser.ts).
 */

const SECRETS = 'k2026:customer-secret-0123456789abcdef-0123456789';

interface Customer {
  email: string;
  phone: string;
  customerRef: string;
}

const customer = (n: number): Customer => ({ email: `browser-${n}@example.com`, phone: `+1415555${String(n).padStart(4, '0')}`, customerRef: `cus_browser_${n}` });

describe('the unsubscribe page in Chromium (real HTTP, real FerretDB)', () => {
  const session = useBrowser();
  let mongo: TestMongo;
  let api: ApiTestApp;
  let baseUrl: string;
  let suppressions: Model<NotificationSuppressionDocument>;

  beforeAll(async () => {
    mongo = await startTestMongo('browser_unsubscribe_page');
    api = await createApiTestApp({
      controllers: [UnsubscribeController],
      imports: [PersistenceModule.forRoot(mongo.uri)],
      providers: [
        // As NotificationsModule registers them, from the customer-token key ring.
        { provide: UNSUBSCRIBE_TOKEN_OPTIONS, useValue: { keys: parseCustomerTokenSecrets(SECRETS) } },
        UnsubscribeTokenService,
        UnsubscribeService,
      ],
    });
    await api.app.listen(0, '127.0.0.1');
    baseUrl = await api.app.getUrl();
    suppressions = api.moduleRef.get<Model<NotificationSuppressionDocument>>(getModelToken(NOTIFICATION_SUPPRESSION_MODEL));
  }, 60_000);

  afterAll(async () => {
    await api?.app.close();
    await mongo?.stop();
  }, 60_000);

  const linkFor = async (request: UnsubscribeRequest, tokens = api.moduleRef.get(UnsubscribeTokenService)): Promise<string> =>
    unsubscribeUrl(baseUrl, (await tokens.issue(request)).token);

  const suppressed = async (channel: 'email' | 'sms' | 'push', address: string): Promise<NotificationSuppressionDocument | null> =>
    suppressions.findById(`${channel}:${hashAddress(channel, address)}`).lean<NotificationSuppressionDocument>().exec();

  it('on a desktop, the email link’s button unsubscribes from emails only, and the page says so', async () => {
    const ann = customer(1);
    const link = await linkFor({ orderId: 'B-2001', customerRef: ann.customerRef, channel: 'email', addressHashes: addressHashesOf(ann) });
    const page = await session.newPage('desktop');

    const opened = await page.goto(link);
    expect(opened?.status()).toBe(200);
    await expect(page.title()).resolves.toBe('Unsubscribe');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Unsubscribe from emails?');
    expect(await page.getByRole('button').allTextContents()).toEqual(['Unsubscribe from emails', 'Stop emails, text messages and push notifications']);
    expect(existsSync(await screenshot(page, 'desktop-confirm'))).toBe(true);
    // Showing the page (what a mail scanner's prefetch does) changes nothing.
    expect(await suppressed('email', ann.email)).toBeNull();

    const [posted] = await Promise.all([
      page.waitForResponse((response) => response.request().method() === 'POST'),
      page.getByRole('button', { name: 'Unsubscribe from emails' }).click(),
    ]);
    expect(posted.status()).toBe(200);
    expect(posted.url()).toBe(link);
    await page.getByRole('heading', { name: "You're unsubscribed" }).waitFor();
    expect(await page.locator('p').textContent()).toContain("We won't send you emails about your orders any more.");
    await screenshot(page, 'desktop-done');

    const record = await suppressed('email', ann.email);
    expect(record).toMatchObject({ channel: 'email', addressHash: hashAddress('email', ann.email), source: { via: 'unsubscribe_link', orderId: 'B-2001' } });
    expect(record?.source.tokenId).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    expect(await suppressed('sms', ann.phone)).toBeNull();
    expect(await suppressed('push', ann.customerRef)).toBeNull();
  });

  it('on a phone, the second button stops every channel the link names', async () => {
    const bo = customer(2);
    const link = await linkFor({ orderId: 'B-2002', customerRef: bo.customerRef, channel: 'sms', addressHashes: addressHashesOf(bo) });
    const page = await session.newPage('phone');

    await page.goto(link);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Unsubscribe from text messages?');
    // Laid out for the phone: nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(page.viewportSize()?.width ?? 0);
    await screenshot(page, 'phone-confirm');

    await page.getByRole('button', { name: 'Stop text messages, emails and push notifications' }).tap();
    await page.getByText("We won't send you emails, text messages and push notifications about your orders any more.").waitFor();
    await screenshot(page, 'phone-done');

    for (const [channel, address] of [
      ['email', bo.email],
      ['sms', bo.phone],
      ['push', bo.customerRef],
    ] as const) {
      expect(await suppressed(channel, address)).toMatchObject({ source: { via: 'unsubscribe_link', orderId: 'B-2002' } });
    }
  });

  it('an expired link shows why on the page, and records nothing', async () => {
    const cy = customer(3);
    // Signed with the real key ring, a year and a day ago.
    const lastYear = new UnsubscribeTokenService({ keys: parseCustomerTokenSecrets(SECRETS), now: () => new Date(Date.now() - 366 * 24 * 3_600_000) });
    const link = await linkFor({ orderId: 'B-2003', channel: 'email', addressHashes: addressHashesOf(cy) }, lastYear);
    const page = await session.newPage('phone');

    const opened = await page.goto(link);
    expect(opened?.status()).toBe(401);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe("We couldn't use this link");
    expect(await page.locator('p').textContent()).toBe('This unsubscribe link has expired. Use the link in a more recent message, or contact us.');
    expect(await page.getByRole('button').count()).toBe(0);
    await screenshot(page, 'phone-expired');
    expect(await suppressed('email', cy.email)).toBeNull();
  });
});
