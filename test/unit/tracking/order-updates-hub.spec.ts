import type { OrderUpdate, OrderUpdatesRepository } from '../../../src/persistence/order-updates.repository';
import { OrderUpdatesHub } from '../../../src/tracking/order-updates-hub';
import type { TrackingOptions } from '../../../src/tracking/tracking.options';

/*
 * The replica's shared poller against an in-memory feed: one read per tick for every watched order,
 * each subscriber given exactly the revisions after its own cursor, in order, and no reads at all
 * while nobody listens. The same hub against FerretDB, across two API instances, is in
 * test/integration/tracking-events.replicas.spec.ts.
 */

class MemoryFeed {
  readonly entries: OrderUpdate[] = [];
  readonly reads: Array<Map<string, number>> = [];
  failNext = 0;

  add(orderId: string, revision: number): void {
    this.entries.push({ orderId, revision, view: { orderId, status: 'in_transit', delayed: false, escrow: { state: 'none' }, shipments: [] }, createdAt: new Date() });
  }

  async newerThan(cursors: ReadonlyMap<string, number>): Promise<OrderUpdate[]> {
    this.reads.push(new Map(cursors));
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('connection reset');
    }
    return this.entries
      .filter((e) => cursors.has(e.orderId) && e.revision > cursors.get(e.orderId)!)
      .sort((a, b) => a.orderId.localeCompare(b.orderId) || a.revision - b.revision);
  }
}

const OPTIONS = { pollIntervalMs: 10 } as TrackingOptions;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(what: string, check: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(5);
  }
}

describe('OrderUpdatesHub', () => {
  let feed: MemoryFeed;
  let hub: OrderUpdatesHub;

  beforeEach(() => {
    feed = new MemoryFeed();
    hub = new OrderUpdatesHub(feed as unknown as OrderUpdatesRepository, OPTIONS);
  });
  afterEach(() => hub.onModuleDestroy());

  it('does not read the feed while nobody listens', async () => {
    await sleep(50);
    expect(feed.reads).toHaveLength(0);
    expect(hub.active).toBe(false);
  });

  it('gives each subscriber exactly the revisions after its own cursor, oldest first', async () => {
    feed.add('A-1', 3);
    feed.add('A-1', 4);
    feed.add('A-1', 5);
    const early: number[] = [];
    const late: number[] = [];
    hub.subscribe('A-1', 2, (u) => early.push(u.revision));
    hub.subscribe('A-1', 4, (u) => late.push(u.revision));
    await until('both caught up', () => early.length === 3 && late.length === 1);
    feed.add('A-1', 6);
    await until('the new revision', () => early.length === 4 && late.length === 2);
    await sleep(40);
    expect(early).toEqual([3, 4, 5, 6]);
    expect(late).toEqual([5, 6]);
    // The read asks from the lowest cursor of the order's subscribers.
    expect(feed.reads[0]).toEqual(new Map([['A-1', 2]]));
  });

  it('reads every watched order in one query per tick, and only those', async () => {
    const got: string[] = [];
    for (const orderId of ['A-1', 'B-2', 'C-3']) hub.subscribe(orderId, 0, (u) => got.push(`${u.orderId}@${u.revision}`));
    feed.add('B-2', 1);
    feed.add('Z-9', 1);
    await until('B-2@1', () => got.length === 1);
    expect(got).toEqual(['B-2@1']);
    expect(feed.reads.every((read) => [...read.keys()].join() === 'A-1,B-2,C-3')).toBe(true);
  });

  it('stops polling when the last subscriber leaves', async () => {
    const unsubscribe = hub.subscribe('A-1', 0, () => undefined);
    await until('a read', () => feed.reads.length > 0);
    unsubscribe();
    unsubscribe();
    await sleep(30);
    const reads = feed.reads.length;
    await sleep(50);
    expect(feed.reads.length).toBe(reads);
    expect(hub.active).toBe(false);
    expect(hub.watchedOrders).toBe(0);
  });

  it('keeps going through a failing read, losing nothing', async () => {
    feed.failNext = 3;
    const got: number[] = [];
    hub.subscribe('A-1', 0, (u) => got.push(u.revision));
    feed.add('A-1', 1);
    await until('the revision after the failures', () => got.length === 1);
    expect(got).toEqual([1]);
    expect(feed.reads.length).toBeGreaterThanOrEqual(4);
  });

  it('one subscriber throwing does not stop the others', async () => {
    const got: number[] = [];
    hub.subscribe('A-1', 0, () => {
      throw new Error('socket gone');
    });
    hub.subscribe('A-1', 0, (u) => got.push(u.revision));
    feed.add('A-1', 1);
    await until('the healthy subscriber', () => got.length === 1);
  });
});
