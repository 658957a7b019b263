import { createReadModelActivities, type OrderUpdatesFeed } from '../../../activities/read-model/read-model.activities';
import type { OrderView } from '../../../workflows/order/order.types';
import { InMemoryReadModel } from '../../support/in-memory-stores';

/*
 * The read-model activity feeds the customers' update feed: each revision the read model takes is
 * recorded right after it, a retry records it again (the feed ignores repeats), and a late, older
 * revision is not news. The feed itself, on FerretDB, is test/integration/order-updates.repository.spec.ts.
 */

const order = (revision: number, status: OrderView['status'] = 'processing'): OrderView => ({
  orderId: 'A-1001',
  status,
  delayed: false,
  createdAt: '2026-11-26T10:00:00.000Z',
  escrow: { state: 'none' },
  shipments: [],
  history: [],
  revision,
});

class RecordingFeed implements OrderUpdatesFeed {
  readonly recorded: number[] = [];
  async record(view: OrderView): Promise<void> {
    this.recorded.push(view.revision);
  }
}

describe('upsertOrderReadModel and the update feed', () => {
  it('records each revision the read model takes, and a retry of one it took', async () => {
    const feed = new RecordingFeed();
    const { upsertOrderReadModel } = createReadModelActivities(new InMemoryReadModel(), feed);
    await upsertOrderReadModel(order(1));
    await upsertOrderReadModel(order(2, 'shipped'));
    await upsertOrderReadModel(order(2, 'shipped'));
    expect(feed.recorded).toEqual([1, 2, 2]);
  });

  it('leaves out a late revision older than the stored one', async () => {
    const feed = new RecordingFeed();
    const { upsertOrderReadModel } = createReadModelActivities(new InMemoryReadModel(), feed);
    await upsertOrderReadModel(order(3, 'shipped'));
    await upsertOrderReadModel(order(2));
    expect(feed.recorded).toEqual([3]);
  });

  it('works without a feed (workflow tests, older wiring)', async () => {
    const store = new InMemoryReadModel();
    await createReadModelActivities(store).upsertOrderReadModel(order(1));
    expect(store.orders.get('A-1001')?.revision).toBe(1);
  });
});
