import type { Model } from 'mongoose';
import type { PushedTrackingUpdate } from '../../activities/carriers/webhooks/webhook-delivery';
import { WebhookInboxRepository } from '../../src/persistence/webhook-inbox.repository';
import { WEBHOOK_INBOX_MODEL } from '../../src/persistence/webhook-store.schemas';
import { usePersistence } from '../support/persistence-test-module';

const update = (trackingNumber: string): PushedTrackingUpdate => ({
  carrier: 'usps',
  trackingNumber,
  events: [{ status: 'in_transit', occurredAt: '2026-11-25T14:30:00-07:00', description: 'Arrived at USPS Regional Facility', fingerprint: `fp-${trackingNumber}`, carrierCodes: { code: '10' } }],
});

describe('WebhookInboxRepository on FerretDB: the durable queue behind an acknowledged push', () => {
  let inbox: WebhookInboxRepository;
  let model: Model<Record<string, unknown>>;
  let counter = 0;
  const newKey = () => `usps:event-${Date.now()}-${(counter += 1)}`;
  const stored = (key: string) => model.findById(key).lean<Record<string, unknown>>().exec();

  const db = usePersistence('waybill_webhook_inbox_test', { syncIndexes: [WEBHOOK_INBOX_MODEL] });

  beforeAll(() => {
    inbox = db.get(WebhookInboxRepository);
    model = db.model(WEBHOOK_INBOX_MODEL);
  });
  beforeEach(() => model.deleteMany({}).exec());

  it('queues a new payload with its updates, and a resend of a waiting one without a second entry', async () => {
    const key = newKey();
    await expect(inbox.accept(key, 'usps', [update('9400100000000000000001')])).resolves.toBe('queued');
    await expect(inbox.accept(key, 'usps', [update('9400100000000000000001')])).resolves.toBe('queued');
    expect(await model.countDocuments({ _id: key }).exec()).toBe(1);
    expect(await stored(key)).toMatchObject({ state: 'received', source: 'usps', updates: 1, attempts: 0, pendingUpdates: [update('9400100000000000000001')] });
    await expect(inbox.waiting()).resolves.toBe(1);
  });

  it('gives a taken entry to nobody else until its lease runs out', async () => {
    const key = newKey();
    await inbox.accept(key, 'usps', [update('9400100000000000000002')]);
    await expect(inbox.claim(key, 60_000)).resolves.toMatchObject({ key, source: 'usps', attempts: 1, updates: [update('9400100000000000000002')] });
    await expect(inbox.claim(key, 60_000)).resolves.toBeUndefined();
    await expect(inbox.due(10)).resolves.toEqual([]);
  });

  it('lets claims that race on FerretDB overlap, each with the whole payload (MongoDB would let one through)', async () => {
    // FerretDB 1.x on SQLite does not make findAndModify atomic: several racing claimants can all
    // take the entry. docs/webhooks.md says why that is harmless (the workflows drop repeated scans).
    const key = newKey();
    await inbox.accept(key, 'usps', [update('9400100000000000000009')]);
    const claims = await Promise.all(Array.from({ length: 8 }, () => inbox.claim(key, 60_000)));
    const won = claims.filter((claim) => claim !== undefined);
    expect(won.length).toBeGreaterThanOrEqual(1);
    for (const claim of won) expect(claim).toMatchObject({ key, updates: [update('9400100000000000000009')] });
    await expect(inbox.claim(key, 60_000)).resolves.toBeUndefined();
  });

  it('lets another claimant take an entry once its holder’s lease ran out (the holder crashed)', async () => {
    const key = newKey();
    await inbox.accept(key, 'usps', [update('9400100000000000000003')]);
    expect(await inbox.claim(key, 200)).toBeDefined();
    await expect(inbox.claim(key, 60_000)).resolves.toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expect(inbox.due(10)).resolves.toEqual([key]);
    await expect(inbox.claim(key, 60_000)).resolves.toMatchObject({ attempts: 2 });
  });

  it('keeps a released entry out of reach until its retry time', async () => {
    const key = newKey();
    await inbox.accept(key, 'usps', [update('9400100000000000000004')]);
    await inbox.claim(key, 60_000);
    await inbox.release(key, new Date(Date.now() + 300));
    await expect(inbox.claim(key, 60_000)).resolves.toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 400));
    await expect(inbox.claim(key, 60_000)).resolves.toBeDefined();
  });

  it('drops the payload once handed over, and answers a replay of it as a duplicate', async () => {
    const key = newKey();
    await inbox.accept(key, 'usps', [update('9400100000000000000005'), update('9400100000000000000006')]);
    await inbox.claim(key, 60_000);
    await inbox.markProcessed(key);
    const entry = await stored(key);
    expect(entry).toMatchObject({ state: 'processed', updates: 2 });
    expect(entry).not.toHaveProperty('pendingUpdates');
    expect(entry).not.toHaveProperty('leaseUntil');
    await expect(inbox.accept(key, 'usps', [update('9400100000000000000005')])).resolves.toBe('duplicate');
    await expect(inbox.claim(key, 60_000)).resolves.toBeUndefined();
    await expect(inbox.waiting()).resolves.toBe(0);
  });

  it('lists what is due oldest first, up to the limit', async () => {
    const keys = [newKey(), newKey(), newKey()];
    for (const key of keys) {
      await inbox.accept(key, 'usps', [update('9400100000000000000007')]);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await expect(inbox.due(2)).resolves.toEqual(keys.slice(0, 2));
  });

  it('fills in an entry left received, without a payload, by a version that did not store one', async () => {
    const key = newKey();
    await model.create({ _id: key, source: 'usps', state: 'received', receivedAt: new Date() });
    await expect(inbox.claim(key, 60_000)).resolves.toBeUndefined();
    await expect(inbox.accept(key, 'usps', [update('9400100000000000000008')])).resolves.toBe('queued');
    await expect(inbox.claim(key, 60_000)).resolves.toMatchObject({ updates: [update('9400100000000000000008')] });
  });
});
