import { OUTBOX_CLAIM_LEASE_MS } from '../../activities/notifications/outbox';
import type { Model } from 'mongoose';
import { outboxKey } from '../../activities/notifications/notification.types';
import { OutboxRepository, type OutboxDocument } from '../../src/persistence/outbox.repository';
import { OUTBOX_MODEL } from '../../src/persistence/outbox.schema';
import { usePersistence } from '../support/persistence-test-module';

type StoredEntry = OutboxDocument;

describe('OutboxRepository on FerretDB', () => {
  let outbox: OutboxRepository;
  let model: Model<StoredEntry>;
  let counter = 0;

  /** A fresh key per test, built like the notification activity builds it. */
  const newKey = () => {
    counter += 1;
    const meta = { orderId: `OB-${counter}`, milestone: 'shipped', channel: 'email' };
    return { key: outboxKey({ ...meta, shipmentId: `shp_${counter}`, channel: 'email', milestone: 'shipped' }), meta };
  };
  const stored = (key: string) => model.findById(key).lean<StoredEntry>().exec();

  const db = usePersistence('waybill_outbox_test', { syncIndexes: [OUTBOX_MODEL] });

  beforeAll(() => {
    outbox = db.get(OutboxRepository);
    model = db.model(OUTBOX_MODEL);
  });

  it('answers claimed for a first claim and records the entry', async () => {
    const { key, meta } = newKey();
    const before = Date.now();
    await expect(outbox.claim(key, meta)).resolves.toBe('claimed');
    const entry = await stored(key);
    expect(entry).toMatchObject({ _id: key, ...meta, state: 'claimed', claims: 1 });
    expect(entry?.claimedAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(entry?.sentAt).toBeUndefined();
  });

  it('answers sent after markSent, and keeps the provider message ID', async () => {
    const { key, meta } = newKey();
    await outbox.claim(key, meta);
    await outbox.markSent(key, '<abc@waybill.test>');
    await expect(outbox.claim(key, meta)).resolves.toBe('sent');
    await expect(outbox.claim(key, meta)).resolves.toBe('sent');
    const entry = await stored(key);
    expect(entry).toMatchObject({ state: 'sent', providerMessageId: '<abc@waybill.test>', claims: 1 });
    expect(entry?.sentAt).toBeInstanceOf(Date);
  });

  it('answers failed after markFailed, and keeps the reason', async () => {
    const { key, meta } = newKey();
    await outbox.claim(key, meta);
    await outbox.markFailed(key, 'SMTP RCPT TO failed with 550');
    await expect(outbox.claim(key, meta)).resolves.toBe('failed');
    expect(await stored(key)).toMatchObject({ state: 'failed', failureReason: 'SMTP RCPT TO failed with 550', claims: 1 });
  });

  it('answers in_flight while a claim holds its lease, and takes it over once the lease ran out', async () => {
    const { key, meta } = newKey();
    await outbox.claim(key, meta);
    await expect(outbox.claim(key, meta)).resolves.toBe('in_flight');
    // The attempt that claimed it died mid-send: its lease runs out.
    const expired = new Date(Date.now() - OUTBOX_CLAIM_LEASE_MS - 1000);
    await model.updateOne({ _id: key }, { $set: { claimedAt: expired } });
    await expect(outbox.claim(key, meta)).resolves.toBe('claimed');
    const entry = await stored(key);
    expect(entry).toMatchObject({ state: 'claimed', claims: 2 });
    expect(entry?.claimedAt.getTime()).toBeGreaterThan(expired.getTime());
    await expect(outbox.claim(key, meta)).resolves.toBe('in_flight');
    expect(await model.countDocuments({ _id: key })).toBe(1);
  });

  it('takes a claim over after the lease the caller names (OUTBOX_CLAIM_LEASE_MS), not before', async () => {
    const { key, meta } = newKey();
    await outbox.claim(key, meta, 1_000);
    await expect(outbox.claim(key, meta, 1_000)).resolves.toBe('in_flight');
    await model.updateOne({ _id: key }, { $set: { claimedAt: new Date(Date.now() - 1_500) } });
    await expect(outbox.claim(key, meta, 60_000)).resolves.toBe('in_flight');
    await expect(outbox.claim(key, meta, 1_000)).resolves.toBe('claimed');
    expect(await stored(key)).toMatchObject({ state: 'claimed', claims: 2 });
  });

  it('lets a released claim be taken at once (a send that certainly did not happen)', async () => {
    const { key, meta } = newKey();
    await outbox.claim(key, meta);
    await outbox.release(key);
    await expect(outbox.claim(key, meta)).resolves.toBe('claimed');
    expect(await stored(key)).toMatchObject({ state: 'claimed', claims: 2 });
  });

  it('keeps keys apart: settling one does not touch another', async () => {
    const a = newKey();
    const b = newKey();
    await outbox.claim(a.key, a.meta);
    await outbox.claim(b.key, b.meta);
    await outbox.markSent(a.key, '<a@waybill.test>');
    await expect(outbox.claim(b.key, b.meta)).resolves.toBe('in_flight');
    expect(await stored(b.key)).toMatchObject({ state: 'claimed', claims: 1 });
  });

  it('lets exactly one of two concurrent first claims insert; both resolve without throwing', async () => {
    for (let round = 0; round < 5; round++) {
      const { key, meta } = newKey();
      const results = await Promise.allSettled([outbox.claim(key, meta), outbox.claim(key, meta)]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
      // Exactly one may send; the other is told the message is in flight.
      expect(results.map((r) => (r.status === 'fulfilled' ? r.value : r.reason)).sort()).toEqual(['claimed', 'in_flight']);
      expect(await model.countDocuments({ _id: key })).toBe(1);
      expect(await stored(key)).toMatchObject({ state: 'claimed', claims: 1 });
    }
  });

  it('does not reopen a settled key when claims race with markSent', async () => {
    const { key, meta } = newKey();
    await outbox.claim(key, meta);
    await outbox.markSent(key, '<x@waybill.test>');
    const results = await Promise.all([outbox.claim(key, meta), outbox.claim(key, meta), outbox.claim(key, meta)]);
    expect(results).toEqual(['sent', 'sent', 'sent']);
    expect(await stored(key)).toMatchObject({ state: 'sent', claims: 1 });
  });

  it('treats an operator object as a key literally (sanitized), never settling other entries', async () => {
    const { key, meta } = newKey();
    await outbox.claim(key, meta);
    const hostile = { $ne: 'nothing' } as unknown as string;
    await outbox.markSent(hostile, '<evil@waybill.test>').catch(() => undefined);
    await outbox.markFailed(hostile, 'evil').catch(() => undefined);
    expect(await stored(key)).toMatchObject({ state: 'claimed' });
    expect(await model.countDocuments({ providerMessageId: '<evil@waybill.test>' })).toBe(0);
    expect(await model.countDocuments({ failureReason: 'evil' })).toBe(0);
  });
});
