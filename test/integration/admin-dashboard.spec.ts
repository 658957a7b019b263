import { Global, Module } from '@nestjs/common';
import { getModelToken } from '@nestjs/mongoose';
import { Client, Connection } from '@temporalio/client';
import type { Model } from 'mongoose';
import request from 'supertest';
import { DashboardQueries } from '../../src/admin/dashboard.queries';
import { PersistenceModule } from '../../src/persistence/persistence.module';
import { ReadModelRepository, type OrderDocument } from '../../src/persistence/read-model.repository';
import { ORDER_MODEL } from '../../src/persistence/read-model.schemas';
import { TEMPORAL_CLIENT } from '../../src/temporal/temporal-client.module';
import type { OrderShipment, OrderView } from '../../workflows/order/order.types';
import { CARRIERS, type Carrier, type OrderStatus, type ShipmentStatus } from '../../workflows/shared/vocabulary';
import { createAdminTestApp } from '../support/admin-test-app';
import { bearer, type ApiTestApp } from '../support/api-test-app';
import { startTestMongo, type TestMongo } from '../support/mongo-server';

/*
 * The dashboard's list, filters, keyset pages, search and summary against the real read model on
 * FerretDB (or MONGODB_URI), over HTTP. Orders are written through ReadModelRepository.upsertOrder,
 * the path the worker writes them by, so the derived attention and punctuality fields are the real ones.
 * Temporal is a real client that is never reached: the list reads MongoDB only.
 */

const ORDERS = 130;
const NOW = Date.now();
const STATUSES: OrderStatus[] = ['order_received', 'processing', 'in_transit', 'delivered'];

interface Seeded {
  orderId: string;
  createdAt: number;
  status: OrderStatus;
  carrier: Carrier;
  delayed: boolean;
  exception: boolean;
}

const trackingNumberOf = (i: number): string => `TN${String(i).padStart(6, '0')}X`;
/** Delivered orders alternate: promised for the day of delivery (on time), or the day before (late). */
const promisedOnTime = (i: number): boolean => Math.floor(i / 16) % 2 === 0;

function seedOrder(i: number): { view: OrderView; seeded: Seeded } {
  // Recent orders (the on-time window counts back from now); every third pair shares a creation
  // time, so the _id tie-break of the keyset cursor is exercised.
  const createdAt = NOW - 3 * 24 * 3_600_000 + Math.floor(i / 2) * 60_000;
  const status = STATUSES[i % STATUSES.length];
  const carrier = CARRIERS[Math.floor(i / 4) % CARRIERS.length];
  const delayed = i % 5 === 0;
  const trouble: ShipmentStatus | undefined = i % 7 === 0 ? 'attempt_failed' : undefined;
  const delivered = status === 'delivered';
  const shipment: OrderShipment = {
    shipmentId: `shp_${String(i).padStart(24, '0')}`,
    carrier,
    trackingNumber: trackingNumberOf(i),
    trackingUrl: `https://track.example/${i}`,
    status: delivered ? 'delivered' : (trouble ?? 'in_transit'),
    ladderStatus: delivered ? 'delivered' : 'in_transit',
    revision: 2,
    addedAt: new Date(createdAt).toISOString(),
    // Delivered the day after creation (UTC).
    lastEventAt: new Date(createdAt + 24 * 3_600_000).toISOString(),
  };
  const orderId = `ORD-${String(i).padStart(4, '0')}`;
  const view: OrderView = {
    orderId,
    status,
    delayed,
    promisedDeliveryDate: delivered ? new Date(createdAt + (promisedOnTime(i) ? 24 : 0) * 3_600_000).toISOString().slice(0, 10) : undefined,
    createdAt: new Date(createdAt).toISOString(),
    escrow: { state: 'held', amount: 1000, currency: 'USD' },
    shipments: status === 'order_received' ? [] : [shipment],
    history: [],
    revision: 1,
  };
  const exception = status !== 'order_received' && !delivered && trouble !== undefined;
  return { view, seeded: { orderId, createdAt, status, carrier, delayed, exception } };
}

/** What the list must show: newest first, ties by order ID descending. */
const newestFirst = (a: Seeded, b: Seeded): number => b.createdAt - a.createdAt || (a.orderId < b.orderId ? 1 : -1);

@Global()
@Module({
  providers: [{ provide: TEMPORAL_CLIENT, useFactory: () => new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }) }],
  exports: [TEMPORAL_CLIENT],
})
class UnreachedTemporal {}

let mongo: TestMongo;
let started: ApiTestApp;
const seeded: Seeded[] = [];

beforeAll(async () => {
  mongo = await startTestMongo('admin_dashboard');
  started = await createAdminTestApp({ imports: [PersistenceModule.forRoot(mongo.uri), UnreachedTemporal] });
  const orders = started.moduleRef.get<Model<OrderDocument>>(getModelToken(ORDER_MODEL));
  await orders.syncIndexes();
  const repository = started.moduleRef.get(ReadModelRepository);
  for (let i = 0; i < ORDERS; i++) {
    const { view, seeded: one } = seedOrder(i);
    await repository.upsertOrder(view);
    for (const shipment of view.shipments) {
      await repository.upsertShipment({ ...shipment, orderId: view.orderId, events: [], attempts: 0 });
    }
    seeded.push(one);
  }
}, 120_000);

afterAll(async () => {
  await started?.app.close();
  await mongo?.stop();
}, 60_000);

const get = (path: string) => request(started.server).get(path).set('Authorization', bearer('support'));
const orderIdsOn = (html: string): string[] => [...html.matchAll(/data-testid="order-row" data-order-id="([^"]+)"/g)].map((m) => m[1]);
const nextLink = (html: string): string | undefined => /href="([^"]+)" data-testid="next-page"/.exec(html)?.[1]?.replace(/&amp;/g, '&');

/** Every page of a listing, following the page's own "next" links. */
async function walk(path: string): Promise<string[][]> {
  const pages: string[][] = [];
  let next: string | undefined = path;
  while (next) {
    const page = await get(next).expect(200);
    pages.push(orderIdsOn(page.text));
    next = nextLink(page.text);
  }
  return pages;
}

describe('the order list on the read model', () => {
  it('declares an index for every filter, each ending in the keyset sort', async () => {
    const orders = started.moduleRef.get<Model<OrderDocument>>(getModelToken(ORDER_MODEL));
    const keys = (await orders.listIndexes()).map((index) => JSON.stringify(index.key));
    for (const field of ['status', 'carriers', 'delayed', 'exception']) {
      expect(keys).toContain(JSON.stringify({ [field]: 1, createdAt: -1, _id: -1 }));
    }
    expect(keys).toContain(JSON.stringify({ createdAt: -1, _id: -1 }));
  });

  it('pages through every order exactly once, newest first, 50 at a time', async () => {
    const pages = await walk('/admin');
    expect(pages.map((p) => p.length)).toEqual([50, 50, 30]);
    expect(pages.flat()).toEqual([...seeded].sort(newestFirst).map((o) => o.orderId));
  });

  it.each([
    ['status', '/admin?status=in_transit', (o: Seeded) => o.status === 'in_transit'],
    ['carrier', '/admin?carrier=dhl', (o: Seeded) => o.carrier === 'dhl' && o.status !== 'order_received'],
    ['delayed', '/admin?delayed=1', (o: Seeded) => o.delayed],
    ['exception', '/admin?exception=1', (o: Seeded) => o.exception],
    ['combined', '/admin?status=processing&delayed=1', (o: Seeded) => o.status === 'processing' && o.delayed],
  ])('filters by %s, across pages', async (_name, path, keep) => {
    const expected = seeded.filter(keep).sort(newestFirst).map((o) => o.orderId);
    expect(expected.length).toBeGreaterThan(0);
    expect((await walk(path)).flat()).toEqual(expected);
  });

  it('finds an order by its ID and by a tracking number, typed loosely', async () => {
    expect(orderIdsOn((await get('/admin?q=ORD-0042').expect(200)).text)).toEqual(['ORD-0042']);
    const shipped = seeded.find((o) => o.status === 'in_transit');
    const i = Number(shipped?.orderId.slice(4));
    const loose = trackingNumberOf(i).toLowerCase().replace(/(\d{3})/, '$1 ');
    expect(orderIdsOn((await get(`/admin?q=${encodeURIComponent(loose)}`).expect(200)).text)).toEqual([shipped?.orderId]);
    const none = await get('/admin?q=NOPE-404').expect(200);
    expect(orderIdsOn(none.text)).toEqual([]);
    expect(none.text).toContain('data-testid="search-summary"');
  });

  it('shows each order’s parcel, flags and last carrier scan from the read model', async () => {
    const page = await get('/admin?exception=1').expect(200);
    const first = seeded.filter((o) => o.exception).sort(newestFirst)[0];
    const row = new RegExp(`data-order-id="${first.orderId}".*?</tr>`, 's').exec(page.text)?.[0] ?? '';
    expect(row).toContain('data-testid="order-attention" data-value="true"');
    expect(row).toContain('attempt failed');
    expect(row).toContain(trackingNumberOf(Number(first.orderId.slice(4))));
    expect(row).toContain('<time datetime=');
  });
});

describe('the summary panel', () => {
  it('counts orders by status, those needing attention, and the on-time rate by carrier', async () => {
    const summary = await started.moduleRef.get(DashboardQueries).summary(new Date(NOW));
    const byStatus = Object.fromEntries(summary.byStatus.map((s) => [s.status, s.count]));
    for (const status of STATUSES) expect(byStatus[status]).toBe(seeded.filter((o) => o.status === status).length);
    expect(summary.total).toBe(ORDERS);
    expect(summary.needingAttention).toBe(seeded.filter((o) => o.exception).length);

    for (const carrier of CARRIERS) {
      const delivered = seeded.filter((o) => o.status === 'delivered' && o.carrier === carrier);
      const onTime = delivered.filter((o) => promisedOnTime(Number(o.orderId.slice(4))));
      expect(delivered.length).toBeGreaterThan(0);
      expect(onTime.length).toBeGreaterThan(0);
      expect(onTime.length).toBeLessThan(delivered.length);
      expect(summary.onTime.find((r) => r.carrier === carrier)).toEqual({ carrier, judged: delivered.length, onTime: onTime.length, undated: 0 });
    }

    const page = await get('/admin').expect(200);
    expect(page.text).toContain(`data-testid="attention-count" data-count="${summary.needingAttention}"`);
    expect(page.text).toContain(`data-testid="status-count-delivered" data-count="${byStatus.delivered}"`);
  });
});
