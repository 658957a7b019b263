/**
 * B2, carrier economy (issue 7; formerly the carriers issue's polling benchmark). Plays sandbox
 * shipments of every carrier and scenario at accelerated time through a private Waybill stack, and
 * in the same run through a naive poller that asks every 2 simulated hours. Reports calls per
 * delivered shipment, detection delay and 429s, with the ratios. Run by `npm run bench` and
 * `npm run bench:polling`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { loadConfig } from '../src/config/config';
import { buildCarrierAdapters } from '../src/worker/carrier-adapters';
import type { Carrier } from '../workflows/shared/vocabulary';
import { allocatePorts, startDevStack } from '../test/support/dev-stack-process';
import { scaledPollEnv } from '../test/support/scaled-poll-env';
import { httpClient } from '../test/support/http-client';
import type { BenchmarkResult } from './lib/benchmark-result';
import { percentile, ratio } from './lib/stats';
import { FixedPoller, type Noticed } from './polling/fixed-poller';

/** 2000×: 80 simulated hours in 2.4 real minutes, inside `npm run bench`'s budget (docs/performance.md). */
const SPEED = Number(process.env.BENCH_SPEED ?? 1000);
const PER_COMBINATION = Number(process.env.BENCH_SHIPMENTS_PER_SCENARIO ?? 1);
const WINDOW_SIM_HOURS = Number(process.env.BENCH_WINDOW_SIM_HOURS ?? 80);
const SIM_MINUTE_MS = 60_000 / SPEED;
const SIM_HOUR_MS = 60 * SIM_MINUTE_MS;
const FIXED_INTERVAL_MS = 2 * SIM_HOUR_MS;
/** How often the bench looks at Waybill's read model: the resolution of its detection delays. */
const OBSERVE_EVERY_MS = 100;
const SCENARIOS = [
  'delivered',
  'delivered_with_signature',
  'out_for_delivery_then_delivered',
  'failed_attempt_then_delivered',
  'three_failed_attempts_then_returned',
  'available_for_pickup',
  'returned_to_sender',
  'eta_slips',
  'stalled_then_lost',
  'exception_damaged',
  'not_found',
] as const;

type Arm = 'waybill' | 'waybill_poll_only' | 'fixed_2h';
interface BenchParcel {
  arm: Arm;
  carrier: Carrier;
  scenario: string;
  trackingNumber: string;
  shipmentId?: string;
  registeredAt: number;
}
interface ArmResult {
  shipments: number;
  delivered: number;
  trackCalls: number;
  rateLimited: number;
  delaysSimMinutes: number[];
}

/** Production's schedule at the sandbox's speed, with the carrier limits lifted. */
function benchStackEnv(): Record<string, string> {
  return {
    ...scaledPollEnv(SPEED),
    // Carrier limits are real-time; at accelerated time they would throttle everything, so the
    // task-queue limits are lifted and the emulators' limits raised below. 429s are still counted.
    UPS_MAX_CALLS_PER_SECOND: '200',
    FEDEX_MAX_CALLS_PER_SECOND: '200',
    DHL_MAX_CALLS_PER_SECOND: '200',
    USPS_MAX_CALLS_PER_SECOND: '200',
  };
}

export async function run(): Promise<BenchmarkResult> {
  const startedAt = new Date();
  const dataDir = mkdtempSync(join(tmpdir(), 'waybill-bench-'));
  const ports = await allocatePorts();
  console.log(`Starting a private Waybill stack (speed ${SPEED}×, window ${WINDOW_SIM_HOURS} simulated hours)…`);
  const stack = await startDevStack(dataDir, ports, benchStackEnv());
  const api = httpClient(stack.apiUrl);
  const key = stack.apiKeys.platform;
  const mongo = await mongoose.createConnection(`mongodb://127.0.0.1:${ports.ferretdb}/waybill`).asPromise();
  try {
    const { body: carrierList } = await api.get('/sandbox/carriers');
    const carriers = (carrierList.carriers as Array<{ carrier: Carrier }>).map((c) => c.carrier);
    for (const carrier of carriers) {
      await api.patch(`/sandbox/carriers/${carrier}`, { rateLimit: { calls: 1000, windowMs: 1000 }, quota: null });
    }

    // Both observers run from the first parcel on, so no event waits on the set-up of the others.
    let until = Number.POSITIVE_INFINITY;
    const config = loadConfig({ ...process.env, WAYBILL_ENV: 'development', PORT: String(ports.api), PUBLIC_BASE_URL: stack.apiUrl });
    const adapters = Object.fromEntries(Object.entries(buildCarrierAdapters(config)).map(([c, configured]) => [c, configured.adapter]));
    const fixedPoller = new FixedPoller(adapters, FIXED_INTERVAL_MS, () => until);
    const observed: BenchParcel[] = [];
    const observing = observeReadModel(mongo, observed, () => until);

    const parcels: BenchParcel[] = [];
    const runId = Date.now().toString(36);
    for (const carrier of carriers) {
      for (const scenario of SCENARIOS) {
        for (let i = 0; i < PER_COMBINATION; i++) {
          for (const arm of ['waybill', 'waybill_poll_only', 'fixed_2h'] as const) {
            const created = await api.post('/sandbox/parcels', { carrier, scenario, speed: SPEED, push: arm === 'waybill' });
            if (created.status !== 201) throw new Error(`Could not create a ${carrier} parcel: ${JSON.stringify(created.body)}`);
            const parcel: BenchParcel = { arm, carrier, scenario, trackingNumber: created.body.trackingNumber, registeredAt: Date.now() };
            if (arm === 'fixed_2h') fixedPoller.add(parcel);
            else {
              parcel.shipmentId = await createOrder(api, key, `BENCH-${runId}-${parcels.length}`, parcel);
              observed.push(parcel);
            }
            parcels.push(parcel);
          }
        }
      }
    }
    console.log(`Playing ${parcels.length} parcels (${carriers.join(', ')}; ${SCENARIOS.length} scenarios × ${PER_COMBINATION} × 3 strategies)…`);
    until = Date.now() + WINDOW_SIM_HOURS * SIM_HOUR_MS;
    const [waybillSeen] = await Promise.all([observing, fixedPoller.done()]);
    const fixedResult = { calls: fixedPoller.calls, rateLimited: fixedPoller.rateLimited, noticed: fixedPoller.noticed, finalStatus: fixedPoller.finalStatus };

    const results: Record<Arm, ArmResult> = {
      waybill: emptyResult(),
      waybill_poll_only: emptyResult(),
      fixed_2h: { ...emptyResult(), trackCalls: fixedResult.calls, rateLimited: fixedResult.rateLimited },
    };
    for (const parcel of parcels) {
      const result = results[parcel.arm];
      result.shipments += 1;
      const seen = parcel.arm === 'fixed_2h' ? fixedResult.noticed.get(parcel.trackingNumber) : waybillSeen.noticed.get(parcel.shipmentId ?? '');
      for (const { noticedAt, occurredAt } of seen?.values() ?? []) {
        const occurred = Date.parse(occurredAt);
        // Only events that happened after the platform handed the parcel over count: history is not a delay.
        if (occurred >= parcel.registeredAt) result.delaysSimMinutes.push(Math.max(0, noticedAt - occurred) / SIM_MINUTE_MS);
      }
      const status = parcel.arm === 'fixed_2h' ? fixedResult.finalStatus.get(parcel.trackingNumber) : waybillSeen.status.get(parcel.shipmentId ?? '');
      if (status === 'delivered') result.delivered += 1;
      if (parcel.arm !== 'fixed_2h') {
        const { body } = await api.get(`/sandbox/parcels/${parcel.trackingNumber}`);
        result.trackCalls += body.carrierCalls.track;
        result.rateLimited += body.carrierCalls.rateLimited;
      }
    }
    return toResult(results, carriers, startedAt);
  } finally {
    await mongo.close();
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function createOrder(api: ReturnType<typeof httpClient>, key: string, orderId: string, parcel: BenchParcel): Promise<string> {
  const order = await api.post(
    '/v1/orders',
    { orderId, customer: { name: 'Bench Customer', email: `bench+${orderId.toLowerCase()}@example.com`, locale: 'en-US', timeZone: 'America/Denver' } },
    key,
  );
  if (order.status !== 201) throw new Error(`Could not create order ${orderId}: ${JSON.stringify(order.body)}`);
  const shipment = await api.post(`/v1/orders/${orderId}/shipments`, { trackingNumber: parcel.trackingNumber, carrier: parcel.carrier }, key);
  if (shipment.status !== 201) throw new Error(`Could not add the shipment to ${orderId}: ${JSON.stringify(shipment.body)}`);
  return shipment.body.shipmentId as string;
}

/** Watches Waybill's read model and notes when each event first appears in it. */
async function observeReadModel(connection: mongoose.Connection, parcels: readonly BenchParcel[], until: () => number) {
  const noticed = new Map<string, Noticed>();
  const status = new Map<string, string>();
  while (Date.now() < until()) {
    const ids = parcels.map((p) => p.shipmentId ?? '');
    const docs = await connection
      .collection<{ _id: string; status: string; events: Array<{ fingerprint: string; occurredAt: string }> }>('shipments')
      .find({ _id: { $in: ids } })
      .toArray();
    const now = Date.now();
    for (const doc of docs) {
      const seen: Noticed = noticed.get(doc._id) ?? new Map();
      noticed.set(doc._id, seen);
      for (const event of doc.events) if (!seen.has(event.fingerprint)) seen.set(event.fingerprint, { noticedAt: now, occurredAt: event.occurredAt });
      status.set(doc._id, doc.status);
    }
    await new Promise((resolve) => setTimeout(resolve, OBSERVE_EVERY_MS));
  }
  return { noticed, status };
}

function emptyResult(): ArmResult {
  return { shipments: 0, delivered: 0, trackCalls: 0, rateLimited: 0, delaysSimMinutes: [] };
}

function toResult(results: Record<Arm, ArmResult>, carriers: Carrier[], startedAt: Date): BenchmarkResult {
  const row = (arm: Arm) => {
    const r = results[arm];
    return {
      arm,
      shipments: r.shipments,
      delivered: r.delivered,
      trackCalls: Math.round(r.trackCalls * 10) / 10,
      callsPerDelivered: r.delivered ? r.trackCalls / r.delivered : undefined,
      detectedEvents: r.delaysSimMinutes.length,
      p50DelaySimMinutes: percentile(r.delaysSimMinutes, 50),
      p95DelaySimMinutes: percentile(r.delaysSimMinutes, 95),
      rateLimited: r.rateLimited,
    };
  };
  const [waybill, pollOnly, fixed2h] = (['waybill', 'waybill_poll_only', 'fixed_2h'] as const).map(row);
  const against = (name: string, unit: string, pick: (r: typeof waybill) => number | undefined, candidate = waybill, goal?: { text: string; met: (ratio: number | undefined) => boolean }) => {
    const value = pick(candidate) ?? Number.NaN;
    const baseline = pick(fixed2h);
    const r = ratio(pick(candidate), baseline);
    return {
      name,
      unit,
      candidate: value,
      ...(baseline === undefined ? {} : { baseline }),
      ...(r === undefined ? {} : { ratio: r }),
      ...(goal ? { goal: goal.text, met: goal.met(r) } : {}),
    };
  };
  const resolution = (OBSERVE_EVERY_MS + 1000) / SIM_MINUTE_MS;
  return {
    id: 'B2',
    title: 'Carrier economy: Waybill vs a fixed 2-hour poller',
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    parameters: { BENCH_SPEED: SPEED, BENCH_WINDOW_SIM_HOURS: WINDOW_SIM_HOURS, BENCH_SHIPMENTS_PER_SCENARIO: PER_COMBINATION, carriers: carriers.join(','), scenarios: SCENARIOS.length },
    metrics: [
      against('track calls per delivered shipment', 'calls', (r) => r.callsPerDelivered, waybill, { text: 'ratio ≤ 0.25', met: (r) => r !== undefined && r <= 0.25 }),
      against('detection delay, p95', 'sim min', (r) => r.p95DelaySimMinutes, waybill, { text: 'ratio ≤ 1 (equal or better)', met: (r) => r !== undefined && r <= 1 }),
      against('detection delay, p50 (median)', 'sim min', (r) => r.p50DelaySimMinutes),
      against('429 answers', 'count', (r) => r.rateLimited),
      against('poll only (no push): track calls per delivered shipment', 'calls', (r) => r.callsPerDelivered, pollOnly),
      against('poll only (no push): detection delay, p95', 'sim min', (r) => r.p95DelaySimMinutes, pollOnly),
    ],
    details: { rows: [waybill, pollOnly, fixed2h] },
    notes: [
      `${carriers.length} carriers × ${SCENARIOS.length} scenarios × ${PER_COMBINATION} per strategy: ${waybill.shipments} shipments per strategy, ${waybill.delivered} delivered within the window.`,
      'Waybill (push and polls), Waybill with polls only, and the fixed poller run at the same time in one window on one stack, their parcels created interleaved, so every strategy meets the same load and the same simulated clock.',
      `Delays are in simulated minutes; Waybill's are observed by polling its read model, so they are late by up to about ${Math.round(resolution)} simulated minutes. The fixed poller's are exact.`,
      'Calls count every carrier track request (a batched request counts as its share per number, as the sandbox records it).',
    ],
  };
}
