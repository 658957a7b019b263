import mongoose, { type Model } from 'mongoose';
import type { NewPlatformWebhookDeadLetter } from '../../activities/platform-webhooks/platform-webhook-dead-letters';
import { platformWebhookId, type OrderStatusWebhook } from '../../activities/platform-webhooks/platform-webhook.types';
import { PLATFORM_WEBHOOK_DEAD_LETTER_MODEL } from '../../src/persistence/platform-webhook-dead-letter.schema';
import { PlatformWebhookDeadLettersRepository, type PlatformWebhookDeadLetterDocument } from '../../src/persistence/platform-webhook-dead-letters.repository';
import { usePersistence } from '../support/persistence-test-module';

describe('PlatformWebhookDeadLettersRepository on FerretDB', () => {
  let repository: PlatformWebhookDeadLettersRepository;
  let model: Model<PlatformWebhookDeadLetterDocument>;
  let counter = 0;

  const event = (orderId: string, sequence: number): OrderStatusWebhook => ({
    orderId,
    sequence,
    status: 'shipped',
    previousStatus: 'processing',
    occurredAt: '2026-11-20T10:00:00.000Z',
    escrowState: 'held',
    delayed: false,
    shipments: [{ shipmentId: 'shp_0123456789abcdef01234567', carrier: 'ups', trackingNumber: '1Z999AA10123456784', status: 'in_transit' }],
  });
  const newOrder = () => `PW-${Date.now()}-${++counter}`;
  const deadLetter = (orderId: string, sequence: number, patch: Partial<NewPlatformWebhookDeadLetter> = {}): NewPlatformWebhookDeadLetter => ({
    payload: event(orderId, sequence),
    failure: { type: 'PlatformWebhookUnavailable', message: 'answered 503', httpStatus: 503 },
    attempts: 80,
    deadAt: new Date(),
    ...patch,
  });

  const db = usePersistence('waybill_platform_webhook_dead_letters_test', { syncIndexes: [PLATFORM_WEBHOOK_DEAD_LETTER_MODEL] });

  beforeAll(() => {
    repository = db.get(PlatformWebhookDeadLettersRepository);
    model = db.model(PLATFORM_WEBHOOK_DEAD_LETTER_MODEL);
  });

  it('stores a dead letter under its webhook ID, with the event intact; a second record keeps the first', async () => {
    const orderId = newOrder();
    const first = await repository.insertIfAbsent(deadLetter(orderId, 3));
    expect(first.created).toBe(true);
    expect(first.deadLetter).toMatchObject({ webhookId: `evt_order_${orderId}_3`, orderId, sequence: 3, attempts: 80, replays: 0 });
    const again = await repository.insertIfAbsent(deadLetter(orderId, 3, { attempts: 1, failure: { type: 'PlatformWebhookRejected', message: 'answered 410 Gone', httpStatus: 410 } }));
    expect(again.created).toBe(false);
    expect(again.deadLetter).toMatchObject({ attempts: 80, failure: { type: 'PlatformWebhookUnavailable', httpStatus: 503 } });
    const found = await repository.find(platformWebhookId(orderId, 3));
    expect(found?.payload).toEqual(event(orderId, 3));
    expect(found?.deadAt).toBeInstanceOf(Date);
    expect(found?.replayedAt).toBeUndefined();
    expect(await model.countDocuments({ orderId })).toBe(1);
  });

  it('lets exactly one of concurrent records create the dead letter', async () => {
    const orderId = newOrder();
    const results = await Promise.all([1, 2, 3].map(() => repository.insertIfAbsent(deadLetter(orderId, 1))));
    expect(results.map((r) => r.created).sort()).toEqual([false, false, true]);
    expect(await model.countDocuments({ orderId })).toBe(1);
  });

  it('keeps a failure without an HTTP status (a timeout)', async () => {
    const orderId = newOrder();
    await repository.insertIfAbsent(deadLetter(orderId, 1, { failure: { type: 'PlatformWebhookUnavailable', message: 'timed out after 10000 ms' } }));
    expect((await repository.find(platformWebhookId(orderId, 1)))?.failure).toEqual({ type: 'PlatformWebhookUnavailable', message: 'timed out after 10000 ms' });
  });

  it('records replays: the latest outcome and time, and how many', async () => {
    const orderId = newOrder();
    const webhookId = platformWebhookId(orderId, 2);
    await repository.insertIfAbsent(deadLetter(orderId, 2));
    const failedAt = new Date('2026-11-24T09:00:00Z');
    const failed = await repository.recordReplay(
      webhookId,
      { result: 'failed', httpStatus: 410, failure: { type: 'PlatformWebhookRejected', message: 'answered 410 Gone', httpStatus: 410 }, replayedBy: 'key_admin1' },
      failedAt,
    );
    expect(failed).toMatchObject({ replays: 1, replayedAt: failedAt, replayOutcome: { result: 'failed', httpStatus: 410, failure: { type: 'PlatformWebhookRejected' }, replayedBy: 'key_admin1' } });
    const deliveredAt = new Date('2026-11-24T10:00:00Z');
    const delivered = await repository.recordReplay(webhookId, { result: 'delivered', httpStatus: 204, replayedBy: 'key_admin2' }, deliveredAt);
    expect(delivered).toMatchObject({ replays: 2, replayedAt: deliveredAt, replayOutcome: { result: 'delivered', httpStatus: 204, replayedBy: 'key_admin2' } });
    expect(delivered?.replayOutcome?.failure).toBeUndefined();
    await expect(repository.recordReplay('evt_order_nothing_1', { result: 'delivered', replayedBy: 'key_admin1' }, new Date())).resolves.toBeUndefined();
  });

  it('lists newest first, by order, paging by keyset across equal times', async () => {
    const orderId = newOrder();
    for (const sequence of [1, 2, 3, 4, 5]) await repository.insertIfAbsent(deadLetter(orderId, sequence, { deadAt: new Date(Date.UTC(2030, 0, sequence)) }));
    // Two dead in the same millisecond: _id breaks the tie.
    const sameTime = new Date('2030-02-01T00:00:00Z');
    await model.updateMany({ _id: mongoose.trusted({ $in: [platformWebhookId(orderId, 4), platformWebhookId(orderId, 5)] }) }, { $set: { deadAt: sameTime } });

    const seen: string[] = [];
    let after: { deadAt: Date; webhookId: string } | undefined;
    for (;;) {
      const page = await repository.list({ orderId, limit: 2, after });
      seen.push(...page.map((d) => d.webhookId));
      const last = page[page.length - 1];
      if (page.length < 2 || !last) break;
      after = { deadAt: last.deadAt, webhookId: last.webhookId };
    }
    expect(seen).toEqual([5, 4, 3, 2, 1].map((sequence) => platformWebhookId(orderId, sequence)));
    const everywhere = await repository.list({ limit: 100 });
    expect(everywhere.length).toBeGreaterThanOrEqual(5);
    expect(everywhere[0].deadAt.getTime()).toBeGreaterThanOrEqual(everywhere[everywhere.length - 1].deadAt.getTime());
  });

  it('has the indexes listing relies on', async () => {
    const keys = (await model.listIndexes()).map((index) => JSON.stringify(index.key));
    expect(keys).toEqual(expect.arrayContaining([JSON.stringify({ deadAt: -1, _id: -1 }), JSON.stringify({ orderId: 1, deadAt: -1, _id: -1 })]));
  });

  it('never lets operator objects through (sanitized or refused): they match and change nothing', async () => {
    const orderId = newOrder();
    await repository.insertIfAbsent(deadLetter(orderId, 1));
    const hostile = { $ne: 'nothing' } as unknown as string;
    await repository.recordReplay(hostile, { result: 'delivered', replayedBy: 'key_evil' }, new Date()).catch(() => undefined);
    expect(await repository.find(hostile).catch(() => undefined)).toBeUndefined();
    expect(await model.countDocuments({ replays: 1, orderId })).toBe(0);
    await expect(repository.list({ orderId: hostile, limit: 10 }).catch(() => [])).resolves.toEqual([]);
  });
});
