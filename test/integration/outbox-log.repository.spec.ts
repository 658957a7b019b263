import type { Model } from 'mongoose';
import { outboxKey } from '../../activities/notifications/notification.types';
import { toNotificationLogEntry } from '../../src/notifications/notification-log';
import { OutboxRepository, type OutboxDocument } from '../../src/persistence/outbox.repository';
import { OUTBOX_MODEL } from '../../src/persistence/outbox.schema';
import { usePersistence } from '../support/persistence-test-module';

describe('OutboxRepository.listByOrder on FerretDB (the notification log)', () => {
  let outbox: OutboxRepository;
  let model: Model<OutboxDocument>;

  const db = usePersistence('waybill_outbox_log_test', { syncIndexes: [OUTBOX_MODEL] });

  beforeAll(() => {
    outbox = db.get(OutboxRepository);
    model = db.model(OUTBOX_MODEL);
  });

  const claim = async (orderId: string, milestone: string, extra: { shipmentId?: string; revision?: string } = {}) => {
    const key = outboxKey({ orderId, milestone: milestone as never, channel: 'email', ...extra });
    await outbox.claim(key, { orderId, milestone, channel: 'email' });
    return key;
  };

  it('lists only the order’s entries, newest first, with creation, send and failure times', async () => {
    const received = await claim('LOG-1', 'order_received');
    await outbox.markSent(received, '<r@waybill.test>');
    await new Promise((resolve) => setTimeout(resolve, 15));
    const shipped = await claim('LOG-1', 'shipped', { shipmentId: 'shp_0123456789abcdef01234567' });
    await outbox.markFailed(shipped, 'SMTP RCPT TO failed with 550');
    await new Promise((resolve) => setTimeout(resolve, 15));
    const delayed = await claim('LOG-1', 'delayed', { shipmentId: 'shp_0123456789abcdef01234567', revision: '2026-12-01' });
    await outbox.release(delayed);
    await claim('LOG-2', 'order_received');

    const listed = await outbox.listByOrder('LOG-1');
    expect(listed.map((d) => d._id)).toEqual([delayed, shipped, received]);
    expect(listed.every((d) => d.createdAt instanceof Date)).toBe(true);
    expect(listed[1]).toMatchObject({ state: 'failed', failureReason: 'SMTP RCPT TO failed with 550', failedAt: expect.any(Date) });
    expect(listed[2]).toMatchObject({ state: 'sent', providerMessageId: '<r@waybill.test>', sentAt: expect.any(Date) });

    const log = listed.map(toNotificationLogEntry);
    expect(log[0]).toMatchObject({ milestone: 'delayed', shipmentId: 'shp_0123456789abcdef01234567', revision: '2026-12-01', state: 'claimed' });
    expect(log[0].lastAttemptAt).toBeUndefined();
    expect(log[2]).toMatchObject({ milestone: 'order_received', state: 'sent' });
    expect(log[2].shipmentId).toBeUndefined();
  });

  it('lists entries written before createdAt existed after newer ones, and honours the limit', async () => {
    await model.collection.insertOne({
      _id: 'LOG-3|order_received|-|email' as never,
      orderId: 'LOG-3',
      milestone: 'order_received',
      channel: 'email',
      state: 'sent',
      claimedAt: new Date('2020-01-01T00:00:00Z'),
      claims: 1,
    });
    const newer = await claim('LOG-3', 'shipped', { shipmentId: 'shp_0123456789abcdef01234567' });
    expect((await outbox.listByOrder('LOG-3')).map((d) => d._id)).toEqual([newer, 'LOG-3|order_received|-|email']);
    expect(await outbox.listByOrder('LOG-3', 1)).toHaveLength(1);
    expect(await outbox.listByOrder('LOG-none')).toEqual([]);
  });

  it('treats an operator object as an order ID literally', async () => {
    const hostile = { $ne: 'nothing' } as unknown as string;
    await expect(outbox.listByOrder(hostile).catch(() => [])).resolves.toEqual([]);
  });
});
