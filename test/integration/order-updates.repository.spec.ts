import type { Model } from 'mongoose';
import { DEFAULT_ORDER_UPDATES_RETENTION_MS, OrderUpdatesRepository } from '../../src/persistence/order-updates.repository';
import { ORDER_UPDATE_MODEL } from '../../src/persistence/order-updates.schema';
import type { OrderView } from '../../workflows/order/order.types';
import { usePersistence } from '../support/persistence-test-module';

/** The test server (startTestMongo) is a private FerretDB unless MONGODB_URI names a real MongoDB. */
const onFerretDb = !process.env.MONGODB_URI;

const T0 = new Date('2026-11-26T10:00:00.000Z');

const order = (orderId: string, revision: number, patch: Partial<OrderView> = {}): OrderView => ({
  orderId,
  status: 'in_transit',
  delayed: false,
  createdAt: '2026-11-26T09:00:00.000Z',
  escrow: { state: 'held', amount: 12999, currency: 'USD', transactionId: 'txn_secret' },
  shipments: [
    {
      shipmentId: 'shp_0123456789abcdef',
      carrier: 'ups',
      trackingNumber: '1Z5R89390357567127',
      trackingUrl: 'https://www.ups.com/track?tracknum=1Z5R89390357567127',
      status: 'in_transit',
      ladderStatus: 'in_transit',
      revision: 1,
      addedAt: '2026-11-26T09:30:00.000Z',
      estimatedDelivery: { date: '2026-11-28' },
      proofOfDelivery: { signedBy: 'J. NEIGHBOUR', hasSignature: true, hasProofOfDelivery: true },
    },
  ],
  history: [{ at: '2026-11-26T09:00:00.000Z', type: 'order_received', actor: { role: 'platform', keyId: 'key_0123456789ab' }, detail: 'staff note' }],
  revision,
  ...patch,
});

describe('OrderUpdatesRepository (FerretDB)', () => {
  const db = usePersistence('waybill_order_updates_test');
  let repository: OrderUpdatesRepository;
  let raw: Model<Record<string, unknown>>;

  beforeAll(async () => {
    repository = db.get(OrderUpdatesRepository);
    raw = db.model(ORDER_UPDATE_MODEL);
    await raw.init();
  });

  it('records the customer’s view of a revision, under an ID derived from order and revision, with nothing personal', async () => {
    await repository.record(order('OU-1', 3), T0);
    const stored = await raw.findById('OU-1@3').lean();
    expect(stored).toEqual({
      _id: 'OU-1@3',
      orderId: 'OU-1',
      revision: 3,
      view: {
        orderId: 'OU-1',
        status: 'in_transit',
        delayed: false,
        escrow: { state: 'held' },
        shipments: [
          {
            carrier: 'ups',
            trackingNumber: '1Z5R89390357567127',
            trackingUrl: 'https://www.ups.com/track?tracknum=1Z5R89390357567127',
            status: 'in_transit',
            estimatedDelivery: { date: '2026-11-28' },
          },
        ],
      },
      createdAt: T0,
      expiresAt: new Date(T0.getTime() + DEFAULT_ORDER_UPDATES_RETENTION_MS),
    });
    for (const leak of ['12999', 'txn_secret', 'staff note', 'key_', 'J. NEIGHBOUR', 'shp_']) expect(JSON.stringify(stored)).not.toContain(leak);
  });

  it('records a revision once: a retry, even with another body, changes nothing', async () => {
    await repository.record(order('OU-2', 1), T0);
    await repository.record(order('OU-2', 1, { status: 'lost' }), new Date(T0.getTime() + 60_000));
    const stored = await raw.find({ orderId: 'OU-2' }).lean();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ revision: 1, view: { status: 'in_transit' }, createdAt: T0 });
  });

  it('answers the latest revision, and the revisions after one, oldest first, up to a limit', async () => {
    for (const revision of [4, 1, 3, 2, 5]) await repository.record(order('OU-3', revision, { status: revision === 5 ? 'delivered' : 'in_transit' }), T0);
    expect(await repository.latest('OU-3')).toMatchObject({ orderId: 'OU-3', revision: 5, view: { status: 'delivered' } });
    expect((await repository.after('OU-3', 2, 10)).map((u) => u.revision)).toEqual([3, 4, 5]);
    expect((await repository.after('OU-3', 0, 2)).map((u) => u.revision)).toEqual([1, 2]);
    expect(await repository.after('OU-3', 5, 10)).toEqual([]);
    expect(await repository.latest('OU-none')).toBeUndefined();
  });

  it('answers, for many orders at once, each one’s revisions after its own cursor', async () => {
    await repository.record(order('OU-4a', 1), T0);
    await repository.record(order('OU-4a', 2), T0);
    await repository.record(order('OU-4b', 7), T0);
    await repository.record(order('OU-4b', 8), T0);
    await repository.record(order('OU-4c', 1), T0);
    const found = await repository.newerThan(
      new Map([
        ['OU-4a', 1],
        ['OU-4b', 8],
        ['OU-4c', 0],
      ]),
      100,
    );
    expect(found.map((u) => `${u.orderId}@${u.revision}`)).toEqual(['OU-4a@2', 'OU-4c@1']);
  });

  it('reads more than a hundred watched orders, in batches', async () => {
    const ids = Array.from({ length: 130 }, (_, i) => `OU-5-${String(i).padStart(3, '0')}`);
    for (const id of ids) await repository.record(order(id, 1), T0);
    const found = await repository.newerThan(new Map(ids.map((id) => [id, 0])), 500);
    expect(found.map((u) => u.orderId)).toEqual(ids);
  });

  it('expires entries: a TTL index on MongoDB, its own sweep where the server has none (FerretDB 1.x)', async () => {
    const mode = await repository.expiryMode();
    expect(mode).toBe(onFerretDb ? 'sweep' : 'ttl');
    const indexes = (await raw.collection.indexes()) as Array<{ key: Record<string, number>; unique?: boolean; expireAfterSeconds?: number }>;
    expect(indexes).toEqual(expect.arrayContaining([expect.objectContaining({ key: { orderId: 1, revision: 1 }, unique: true })]));
    const expiry = indexes.find((index) => Object.keys(index.key).join() === 'expiresAt');
    expect(expiry).toBeDefined();
    expect(expiry?.expireAfterSeconds).toBe(mode === 'ttl' ? 0 : undefined);
  });

  it('sweeps what expired, and nothing else', async () => {
    await repository.record(order('OU-6-old', 1), T0);
    const later = new Date(T0.getTime() + DEFAULT_ORDER_UPDATES_RETENTION_MS + 60_000);
    await repository.record(order('OU-6-new', 1), later);
    await repository.sweep(later);
    expect(await repository.latest('OU-6-old')).toBeUndefined();
    expect(await repository.latest('OU-6-new')).toMatchObject({ revision: 1 });
  });
});
