import type { Model } from 'mongoose';
import type { PushedTrackingUpdate } from '../../activities/carriers/webhooks/webhook-delivery';
import { WebhookInboxRepository } from '../../src/persistence/webhook-inbox.repository';
import { WEBHOOK_INBOX_MODEL } from '../../src/persistence/webhook-store.schemas';
import { usePersistence } from '../support/persistence-test-module';

const UNAVAILABLE = { outcome: 'unavailable' };

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
    await expect(inbox.claim(key, 60_000)).resolves.toMatchObject({
      outcome: 'claimed',
      entry: { key, source: 'usps', attempts: 1, updates: [update('9400100000000000000002')], lanes: ['usps:9400100000000000000002'] },
    });
    await expect(inbox.claim(key, 60_000)).resolves.toEqual(UNAVAILABLE);
    await expect(inbox.due(10)).resolves.toEqual([]);
  });

  it('lets claims that race on FerretDB overlap, each with the whole payload (MongoDB would let one through)', async () => {
    // FerretDB 1.x on SQLite does not make findAndModify atomic: several racing claimants can all
    // take the entry. docs/webhooks.md says why that is harmless (the workflows drop repeated scans).
    const key = newKey();
    await inbox.accept(key, 'usps', [update('9400100000000000000009')]);
    const claims = await Promise.all(Array.from({ length: 8 }, () => inbox.claim(key, 60_000)));
    const won = claims.filter((claim) => claim.outcome === 'claimed');
    expect(won.length).toBeGreaterThanOrEqual(1);
    for (const claim of won) expect(claim).toMatchObject({ entry: { key, updates: [update('9400100000000000000009')] } });
    await expect(inbox.claim(key, 60_000)).resolves.toEqual(UNAVAILABLE);
  });

  it('lets another claimant take an entry once its holder’s lease ran out (the holder crashed)', async () => {
    const key = newKey();
    await inbox.accept(key, 'usps', [update('9400100000000000000003')]);
    expect(await inbox.claim(key, 200)).toMatchObject({ outcome: 'claimed' });
    await expect(inbox.claim(key, 60_000)).resolves.toEqual(UNAVAILABLE);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expect(inbox.due(10)).resolves.toEqual([{ key, sequence: expect.any(Number) }]);
    await expect(inbox.claim(key, 60_000)).resolves.toMatchObject({ entry: { attempts: 2 } });
  });

  it('keeps a released entry out of reach until its retry time', async () => {
    const key = newKey();
    await inbox.accept(key, 'usps', [update('9400100000000000000004')]);
    await inbox.claim(key, 60_000);
    await inbox.release(key, new Date(Date.now() + 300));
    await expect(inbox.claim(key, 60_000)).resolves.toEqual(UNAVAILABLE);
    await new Promise((resolve) => setTimeout(resolve, 400));
    await expect(inbox.claim(key, 60_000)).resolves.toMatchObject({ outcome: 'claimed' });
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
    await expect(inbox.claim(key, 60_000)).resolves.toEqual(UNAVAILABLE);
    await expect(inbox.waiting()).resolves.toBe(0);
  });

  it('lists what is due in arrival order, a page at a time', async () => {
    const keys = [newKey(), newKey(), newKey()];
    for (const [index, key] of keys.entries()) await inbox.accept(key, 'usps', [update(`940010000000000000007${index}`)]);
    const firstPage = await inbox.due(2);
    expect(firstPage.map((entry) => entry.key)).toEqual(keys.slice(0, 2));
    expect(firstPage[0].sequence).toBeLessThan(firstPage[1].sequence);
    await expect(inbox.due(2, firstPage[1].sequence)).resolves.toEqual([{ key: keys[2], sequence: expect.any(Number) }]);
  });

  it('holds a parcel’s later payload back while an earlier one about it waits, even for a retry', async () => {
    const [first, second, unrelated] = [newKey(), newKey(), newKey()];
    await inbox.accept(first, 'usps', [update('9400100000000000000010')]);
    // A payload about two parcels waits on both.
    await inbox.accept(second, 'usps', [update('9400100000000000000011'), update('9400100000000000000010')]);
    await inbox.accept(unrelated, 'usps', [update('9400100000000000000012')]);

    await expect(inbox.claim(second, 60_000)).resolves.toEqual({ outcome: 'blocked', lanes: ['usps:9400100000000000000011', 'usps:9400100000000000000010'] });
    await expect(inbox.claim(unrelated, 60_000)).resolves.toMatchObject({ outcome: 'claimed' });
    await expect(inbox.claim(first, 60_000)).resolves.toMatchObject({ outcome: 'claimed' });
    await inbox.release(first, new Date(Date.now() + 60_000));
    await expect(inbox.claim(second, 60_000)).resolves.toMatchObject({ outcome: 'blocked' });
    expect(await stored(second)).toMatchObject({ attempts: 0 });

    await inbox.markProcessed(first);
    await expect(inbox.claim(second, 60_000)).resolves.toMatchObject({ outcome: 'claimed', entry: { attempts: 1 } });
  });

  it('orders payloads accepted within the same millisecond', async () => {
    const keys = Array.from({ length: 5 }, () => newKey());
    for (const key of keys) await inbox.accept(key, 'usps', [update('9400100000000000000013')]);
    const sequences = (await inbox.due(10)).map((entry) => entry.sequence);
    expect(new Set(sequences).size).toBe(5);
    expect([...sequences].sort((a, b) => a - b)).toEqual(sequences);
    for (const key of keys.slice(1)) await expect(inbox.claim(key, 60_000)).resolves.toMatchObject({ outcome: 'blocked' });
  });

  it('forgets only keys handed over before the cutoff, never a waiting entry', async () => {
    const [old, recent, waiting] = [newKey(), newKey(), newKey()];
    for (const key of [old, recent, waiting]) await inbox.accept(key, 'usps', [update('9400100000000000000014')]);
    await inbox.markProcessed(old);
    const cutoff = new Date();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await inbox.markProcessed(recent);
    await model.updateOne({ _id: waiting }, { $set: { receivedAt: new Date(0) } }).exec();

    await expect(inbox.forgetProcessedBefore(cutoff)).resolves.toBe(1);
    expect((await model.find({}, { _id: 1 }).lean<Array<{ _id: string }>>().exec()).map((e) => e._id).sort()).toEqual([recent, waiting].sort());
    await expect(inbox.accept(old, 'usps', [update('9400100000000000000014')])).resolves.toBe('queued');
  });

  it('fills in an entry left received, without a payload, by a version that did not store one', async () => {
    const key = newKey();
    await model.create({ _id: key, source: 'usps', state: 'received', receivedAt: new Date() });
    await expect(inbox.claim(key, 60_000)).resolves.toEqual(UNAVAILABLE);
    await expect(inbox.due(10)).resolves.toEqual([]);
    await expect(inbox.accept(key, 'usps', [update('9400100000000000000008')])).resolves.toBe('queued');
    await expect(inbox.claim(key, 60_000)).resolves.toMatchObject({ entry: { updates: [update('9400100000000000000008')] } });
  });
});
