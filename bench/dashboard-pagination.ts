/**
 * `npm run bench:dashboard`: does the dashboard's order list stay fast deep into 100k orders?
 * Seeds a private FerretDB (or the MongoDB MONGODB_URI names) with 100k orders and their parcels,
 * written as the worker writes them (orderDocumentFields), then times the first page and a page
 * 90% of the way down through DashboardQueries, alternating the two so both see the same server
 * state, and prints medians and their ratio. Keyset pagination should make the ratio about 1: a
 * deep page is found by its cursor, never by skipping the orders before it. Writes JSON and
 * Markdown under bench/results/.
 */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { DashboardQueries, PAGE_SIZE } from '../src/admin/dashboard.queries';
import { PersistenceModule } from '../src/persistence/persistence.module';
import { orderDocumentFields, type OrderDocument, type ShipmentDocument } from '../src/persistence/read-model.repository';
import { ORDER_MODEL, SHIPMENT_MODEL } from '../src/persistence/read-model.schemas';
import type { OrderView } from '../workflows/order/order.types';
import { CARRIERS, type OrderStatus } from '../workflows/shared/vocabulary';
import { startTestMongo } from '../test/support/mongo-server';
import { fixed, percentile, ratio } from './lib/stats';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
/** BENCH_EXTRAS=1 also times a deep page filtered by status and the summary panel. */
const EXTRAS = process.env.BENCH_EXTRAS === '1';
/** How far down the deep page starts, as a share of all orders. */
const DEPTH = 0.9;
const BATCH = 1_000;
const STATUSES: OrderStatus[] = ['order_received', 'processing', 'shipped', 'in_transit', 'out_for_delivery', 'delivered', 'delivered', 'delivered'];
/** One order a minute, ending an hour ago. */
const NEWEST = Date.now() - 3_600_000;
const createdAtOf = (i: number): number => NEWEST - (ORDERS - 1 - i) * 60_000;
const orderIdOf = (i: number): string => `BENCH-${String(i).padStart(7, '0')}`;

function orderView(i: number): OrderView {
  const status = STATUSES[i % STATUSES.length];
  const carrier = CARRIERS[i % CARRIERS.length];
  const createdAt = new Date(createdAtOf(i)).toISOString();
  const shipped = status !== 'order_received' && status !== 'processing';
  return {
    orderId: orderIdOf(i),
    status,
    delayed: i % 11 === 0,
    createdAt,
    promisedDeliveryDate: new Date(createdAtOf(i) + 3 * 86_400_000).toISOString().slice(0, 10),
    escrow: { state: 'held', amount: 4999, currency: 'USD' },
    shipments: shipped
      ? [
          {
            shipmentId: `shp_${i.toString(16).padStart(24, '0')}`,
            carrier,
            trackingNumber: `BENCH${String(i).padStart(10, '0')}`,
            trackingUrl: `https://track.example/${i}`,
            status: status === 'delivered' ? 'delivered' : i % 13 === 0 ? 'attempt_failed' : 'in_transit',
            ladderStatus: status === 'delivered' ? 'delivered' : 'in_transit',
            revision: 3,
            addedAt: createdAt,
            lastEventAt: new Date(createdAtOf(i) + (2 + (i % 3)) * 86_400_000).toISOString(),
          },
        ]
      : [],
    history: [
      { at: createdAt, type: 'order_received', actor: { role: 'platform', keyId: 'key_0123456789ab' } },
      { at: createdAt, type: 'processing', actor: { role: 'platform', keyId: 'key_0123456789ab' } },
    ],
    revision: 4,
  };
}

async function seed(orders: Model<OrderDocument>, shipments: Model<ShipmentDocument>): Promise<void> {
  const started = Date.now();
  for (let from = 0; from < ORDERS; from += BATCH) {
    const views = Array.from({ length: Math.min(BATCH, ORDERS - from) }, (_, k) => orderView(from + k));
    await orders.collection.insertMany(views.map((view) => ({ _id: view.orderId, ...orderDocumentFields(view) }) as never));
    const parcels = views.flatMap((view) =>
      view.shipments.map((s) => ({ _id: s.shipmentId, ...s, orderId: view.orderId, events: [], attempts: 0, updatedAt: new Date() })),
    );
    if (parcels.length > 0) await shipments.collection.insertMany(parcels as never);
    if ((from / BATCH) % 10 === 0) process.stdout.write(`\r  seeded ${from + views.length} orders…`);
  }
  process.stdout.write(`\r  seeded ${ORDERS} orders in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
}

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = process.hrtime.bigint();
  const value = await run();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, value };
}

const median = (values: number[]): number | undefined => percentile(values, 50);

async function main(): Promise<void> {
  const mongo = await startTestMongo(`bench_dashboard_${Date.now().toString(36)}`);
  const backend = process.env.MONGODB_URI ? 'MongoDB (MONGODB_URI)' : 'FerretDB 1.24 on SQLite';
  @Module({ imports: [PersistenceModule.forRoot(mongo.uri)], providers: [DashboardQueries] })
  class BenchModule {}
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: false });
  try {
    const orders = app.get<Model<OrderDocument>>(getModelToken(ORDER_MODEL));
    const shipments = app.get<Model<ShipmentDocument>>(getModelToken(SHIPMENT_MODEL));
    await orders.syncIndexes();
    await shipments.syncIndexes();
    console.log(`Seeding ${ORDERS} orders into ${backend}…`);
    await seed(orders, shipments);
    const queries = app.get(DashboardQueries);

    // The deep page starts after the order at DEPTH of the list (newest first), as its cursor would say.
    const rank = Math.floor(ORDERS * DEPTH);
    const i = ORDERS - 1 - rank;
    const deepCursor = { createdAt: new Date(createdAtOf(i)), orderId: orderIdOf(i) };
    console.log(`Timing the first page and the page after order #${rank}, alternating, ${ROUNDS} rounds each…`);
    const samples = { first: [] as number[], deep: [] as number[], deepFiltered: [] as number[], summary: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      const first = await timed(() => queries.listOrders({}));
      const deep = await timed(() => queries.listOrders({}, deepCursor));
      if (round === 0 && (first.value.rows[0]?.orderId !== orderIdOf(ORDERS - 1) || deep.value.rows[0]?.orderId !== orderIdOf(i - 1) || deep.value.rows.length !== PAGE_SIZE)) {
        throw new Error('The pages are not the expected orders: the benchmark would measure the wrong thing.');
      }
      samples.first.push(first.ms);
      samples.deep.push(deep.ms);
      process.stdout.write(`\r  round ${round + 1}: first ${first.ms.toFixed(0)} ms, deep ${deep.ms.toFixed(0)} ms   `);
    }
    process.stdout.write('\n');
    // Also, when asked: a deep page of one status, and the summary panel (each a full scan on FerretDB).
    if (EXTRAS) {
      for (let round = 0; round < Math.min(ROUNDS, 3); round++) {
        samples.deepFiltered.push((await timed(() => queries.listOrders({ status: 'delivered' }, deepCursor))).ms);
        samples.summary.push((await timed(() => queries.summary())).ms);
      }
    }

    const result = {
      backend,
      orders: ORDERS,
      pageSize: PAGE_SIZE,
      deepPageAfter: rank,
      rounds: ROUNDS,
      medianMs: {
        firstPage: median(samples.first),
        deepPage: median(samples.deep),
        deepPageFilteredByStatus: median(samples.deepFiltered),
        summaryPanel: median(samples.summary),
      },
      deepToFirstRatio: ratio(median(samples.deep), median(samples.first)),
      samplesMs: samples,
    };
    const lines = [
      '# Dashboard pagination: a deep keyset page against the first page',
      '',
      `Run ${new Date().toISOString()} · ${backend} · ${ORDERS} orders · ${PAGE_SIZE} per page · deep page after order #${rank} · ${ROUNDS} alternating rounds`,
      '',
      '| query | median (ms) |',
      '|---|---|',
      `| first page | ${fixed(result.medianMs.firstPage, 1)} |`,
      `| deep page | ${fixed(result.medianMs.deepPage, 1)} |`,
      ...(EXTRAS
        ? [`| deep page, status = delivered | ${fixed(result.medianMs.deepPageFilteredByStatus, 1)} |`, `| summary panel | ${fixed(result.medianMs.summaryPanel, 1)} |`]
        : []),
      '',
      `Deep page / first page: **${fixed(result.deepToFirstRatio)}**`,
    ];
    const markdown = lines.join('\n');
    console.log(`\n${markdown}\n`);
    const dir = join(__dirname, 'results');
    mkdirSync(dir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    writeFileSync(join(dir, `dashboard-pagination-${stamp}.json`), JSON.stringify(result, null, 2));
    writeFileSync(join(dir, `dashboard-pagination-${stamp}.md`), `${markdown}\n`);
    console.log(`Reports written to bench/results/dashboard-pagination-${stamp}.{json,md}`);
  } finally {
    await app.close();
    await mongo.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
