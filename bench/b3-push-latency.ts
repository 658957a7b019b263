/**
 * B3, push latency (issue 7). Signed carrier webhooks at a steady rate against a private Waybill
 * stack: how fast the API acknowledges, and how soon the customer's email reaches the SMTP sink and
 * the update reaches the read model. Baseline, in the same run on the same Temporal server: a bare
 * workflow that waits for a signal and runs one no-op activity, signalled at the same rate.
 * Waybill and baseline batches alternate. See docs/performance.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import mongoose from 'mongoose';
import { loadConfig } from '../src/config/config';
import { CARRIER_EMULATORS } from '../src/sandbox/carrier-emulators';
import type { SandboxParcel } from '../src/sandbox/parcels/sandbox-parcel.schema';
import type { PushMessage } from '../src/sandbox/push/carrier-push-renderer';
import { isSandboxCarrier, type SandboxCarrier } from '../src/sandbox/sandbox-carriers';
import { SCENARIOS } from '../src/sandbox/scenarios';
import { playTimeline, type Timeline, type VisibleStep } from '../src/sandbox/timeline';
import { allocatePorts, startDevStack, type RunningStack } from '../test/support/dev-stack-process';
import { httpClient } from '../test/support/http-client';
import { batchSummaries, pushLatencyMetrics, type BareBatch, type WaybillBatch } from './b3/latency-summary';
import { sendPaced } from './b3/paced';
import type { BenchmarkResult } from './lib/benchmark-result';
import { alternatingOrder, sizeFromEnv } from './lib/statistics';
import { handOverSignal } from './workflows/b3-signal-to-activity';

const RATE = sizeFromEnv('BENCH_B3_RATE', 50);
/** Sending time per side (Waybill and baseline each), split evenly over the batches. */
const SECONDS = sizeFromEnv('BENCH_B3_SECONDS', 6);
const BATCHES = sizeFromEnv('BENCH_B3_BATCHES', 3);
const CARRIER_NAME = process.env.BENCH_B3_CARRIER ?? 'usps';
/** How long after a batch's last send a probe may still arrive before it counts as lost. */
const SETTLE_MS = sizeFromEnv('BENCH_B3_SETTLE_MS', 30_000);
/** The read model is polled; this is the resolution of its latencies (kept light: FerretDB is the system's too). */
const READ_MODEL_POLL_MS = 50;
/** The sink stamps each email as it arrives, so how often it is read changes no latency. */
const MAIL_POLL_MS = 500;
/** Already in transit when created, out for delivery 20 simulated minutes later: at speed 1 the bench's pushes come first. */
const SCENARIO = SCENARIOS.out_for_delivery_then_delivered;
const BARE_TASK_QUEUE = 'bench-b3-bare';

/** One pushed milestone of one shipment: its webhook, and what must follow it. */
interface PushProbe {
  shipment: ProbeShipment;
  kind: 'out_for_delivery' | 'delivered';
  sentAt?: number;
  ackMs?: number;
  emailMs?: number;
  readModelMs?: number;
}
interface ProbeShipment {
  parcel: SandboxParcel;
  shipmentId: string;
  email: string;
  pushed: VisibleStep[];
}
/** Email subject and shipment statuses that show a milestone arrived. */
const ARRIVED = {
  out_for_delivery: { subject: /is out for delivery/, statuses: ['out_for_delivery', 'delivered'] },
  delivered: { subject: /has been delivered/, statuses: ['delivered'] },
} as const;

export async function run(): Promise<BenchmarkResult> {
  if (!isSandboxCarrier(CARRIER_NAME)) throw new Error(`BENCH_B3_CARRIER must be a sandbox carrier, not ${CARRIER_NAME}`);
  const carrier: SandboxCarrier = CARRIER_NAME;
  const startedAt = new Date();
  const perBatch = Math.max(2, Math.round((RATE * SECONDS) / BATCHES));
  const shipmentsPerBatch = Math.ceil(perBatch / 2);
  const dataDir = mkdtempSync(join(tmpdir(), 'waybill-bench-b3-'));
  const ports = await allocatePorts();
  console.log(`B3: starting a private Waybill stack (${RATE}/s, ${BATCHES} batches of ${perBatch} per side, ${carrier})…`);
  const hourly = String(3_600_000);
  // Polls stay out of the way: after a shipment's first poll, everything it learns comes by push.
  const stack = await startDevStack(dataDir, ports, {
    POLL_INTERVAL_PRE_TRANSIT_MS: hourly,
    POLL_INTERVAL_IN_TRANSIT_MS: hourly,
    POLL_INTERVAL_OUT_FOR_DELIVERY_MS: hourly,
    POLL_INTERVAL_ATTEMPT_FAILED_MS: hourly,
    [`${carrier.toUpperCase()}_MAX_CALLS_PER_SECOND`]: '200',
  });
  const mongo = await mongoose.createConnection(`mongodb://127.0.0.1:${ports.ferretdb}/waybill`).asPromise();
  const temporalAddress = `127.0.0.1:${ports.temporal}`;
  const clientConnection = await Connection.connect({ address: temporalAddress });
  quietTemporalLogs(); // before the first native connection creates the runtime
  const workerConnection = await NativeConnection.connect({ address: temporalAddress });
  const handledAt = new Map<string, number>();
  let worker: Worker | undefined;
  let workerRun: Promise<void> | undefined;
  try {
    const client = new Client({ connection: clientConnection });
    worker = await Worker.create({
      connection: workerConnection,
      taskQueue: BARE_TASK_QUEUE,
      workflowsPath: require.resolve('./workflows/b3-signal-to-activity'),
      activities: {
        noteHandled: (probeId: string): Promise<void> => {
          handledAt.set(probeId, Date.now());
          return Promise.resolve();
        },
      },
    });
    workerRun = worker.run();

    const runId = Date.now().toString(36);
    console.log(`B3: creating ${BATCHES * shipmentsPerBatch} orders with ${carrier} parcels and ${BATCHES * perBatch} bare workflows…`);
    const shipments = await createShipments(stack, carrier, runId, BATCHES * shipmentsPerBatch);
    const bareIds = Array.from({ length: BATCHES * perBatch }, (_, i) => `b3-bare-${runId}-${i}`);
    await inBatches(bareIds, 20, (workflowId) =>
      client.workflow.start('b3SignalToActivity', { taskQueue: BARE_TASK_QUEUE, workflowId, args: [workflowId] }).then(() => undefined),
    );
    await waitForQuiet(mongo, shipments);

    const renderer = pushRenderer(carrier, stack);
    const webhookUrl = `${stack.apiUrl}/v1/webhooks/${carrier}`;
    const waybillBatches: WaybillBatch[] = [];
    const bareBatches: BareBatch[] = [];
    const rates: { waybill: number[]; bare: number[] } = { waybill: [], bare: [] };
    const runWaybillBatch = async (b: number) => {
      const batchShipments = shipments.slice(b * shipmentsPerBatch, (b + 1) * shipmentsPerBatch);
      const probes: PushProbe[] = [
        ...batchShipments.map((shipment) => ({ shipment, kind: 'out_for_delivery' as const })),
        ...batchShipments.map((shipment) => ({ shipment, kind: 'delivered' as const })),
      ].slice(0, perBatch);
      console.log(`B3: Waybill batch ${b + 1}/${BATCHES}: ${probes.length} webhooks…`);
      const observing = observe(mongo, probes, new Date());
      const sent = await sendPaced(probes.length, RATE, async (i) => sendWebhook(webhookUrl, renderer, probes[i]));
      rates.waybill.push(sent.achievedPerSecond);
      await observing;
      waybillBatches.push({ ackMs: probes.map((p) => p.ackMs), emailMs: probes.map((p) => p.emailMs), readModelMs: probes.map((p) => p.readModelMs) });
    };
    const runBareBatch = async (b: number) => {
      console.log(`B3: baseline batch ${b + 1}/${BATCHES}: ${perBatch} signals…`);
      const ids = bareIds.slice(b * perBatch, (b + 1) * perBatch);
      const sentAt = new Map<string, number>();
      const signalMs: number[] = [];
      const sent = await sendPaced(ids.length, RATE, async (i) => {
        const start = Date.now();
        sentAt.set(ids[i], start);
        await client.workflow.getHandle(ids[i]).signal(handOverSignal);
        signalMs.push(Date.now() - start);
      });
      rates.bare.push(sent.achievedPerSecond);
      await waitFor(() => ids.every((id) => handledAt.has(id)), SETTLE_MS);
      bareBatches.push({ signalMs, activityMs: ids.map((id) => (handledAt.has(id) ? handledAt.get(id)! - sentAt.get(id)! : undefined)) });
    };
    let waybillDone = 0;
    let bareDone = 0;
    for (const side of alternatingOrder(BATCHES)) {
      if (side === 'candidate') await runWaybillBatch(waybillDone++);
      else await runBareBatch(bareDone++);
    }

    const metrics = pushLatencyMetrics(waybillBatches, bareBatches);
    const ackErrors = waybillBatches.reduce((n, b) => n + b.ackMs.filter((v) => v === undefined).length, 0);
    const minRate = Math.min(...rates.waybill, ...rates.bare);
    return {
      id: 'B3',
      title: 'Push latency',
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      parameters: { BENCH_B3_RATE: RATE, BENCH_B3_SECONDS: SECONDS, BENCH_B3_BATCHES: BATCHES, BENCH_B3_CARRIER: carrier, BENCH_B3_SETTLE_MS: SETTLE_MS, webhooksPerBatch: perBatch },
      metrics,
      details: { achievedRatePerSecond: rates, batches: batchSummaries(waybillBatches, bareBatches) },
      notes: [
        `Each figure is the median over ${BATCHES} batches of that batch's percentile; Waybill and baseline batches alternate (W B, B W, W B…), each waiting for the previous one's tail.`,
        `Webhooks: ${carrier} pushes rendered and signed by the sandbox's own renderer, out for delivery then delivered, for orders whose customer has an email; each milestone sends one email.`,
        'All times are on the bench process\'s clock, except the SMTP sink\'s receive time, which is the same host\'s clock (the API process).',
        `Read-model latencies are polled every ${READ_MODEL_POLL_MS} ms: they are late by up to that much.`,
        `A probe not seen within ${SETTLE_MS} ms of its batch's last send ranks as infinitely late: a percentile it reaches shows ∞ (null in the JSON).`,
        'Baseline: a bare workflow (bench/workflows/b3-signal-to-activity.ts) on the same Temporal dev server, its worker in the bench process; its acknowledgement is the signal RPC.',
        `Lowest achieved send rate in a batch: ${minRate.toFixed(1)}/s (target ${RATE}/s).`,
        ...(ackErrors > 0 ? [`${ackErrors} webhooks were not acknowledged with a 2xx; they count as lost.`] : []),
      ],
    };
  } finally {
    worker?.shutdown();
    await workerRun?.catch(() => undefined);
    await workerConnection.close();
    await clientConnection.close();
    await mongo.close();
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The SDK logs every bundle and state change at INFO; a benchmark's output is its figures. */
function quietTemporalLogs(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Already installed by an earlier benchmark in this process: keep its settings.
  }
}

/** The sandbox carrier's own push renderer, with the secrets the stack verifies (development defaults). */
function pushRenderer(carrier: SandboxCarrier, stack: RunningStack) {
  const { webhooks } = loadConfig({ ...process.env, WAYBILL_ENV: 'development', PUBLIC_BASE_URL: stack.apiUrl });
  if (!webhooks.upsCredential || !webhooks.fedexSecret || !webhooks.dhl.token || !webhooks.uspsSecret) throw new Error('The development webhook secrets are not configured');
  const emulator = CARRIER_EMULATORS.find((e) => e.carrier === carrier);
  if (!emulator) throw new Error(`No emulator for ${carrier}`);
  return emulator.pushRenderer({
    upsCredential: webhooks.upsCredential,
    fedexSecret: webhooks.fedexSecret,
    dhl: { header: webhooks.dhl.header, token: webhooks.dhl.token },
    uspsSecret: webhooks.uspsSecret,
  });
}

/**
 * Renders the probe's milestone as the carrier would push it now: the parcel's real history so far,
 * the steps already pushed, and the scenario's next step happening at this instant.
 */
async function sendWebhook(url: string, renderer: ReturnType<typeof pushRenderer>, probe: PushProbe): Promise<void> {
  const { parcel, pushed } = probe.shipment;
  const now = new Date();
  const played = playTimeline({ ...parcel, scenario: SCENARIO }, now);
  const step = SCENARIO.steps.find((s) => s.kind === probe.kind);
  if (!step) throw new Error(`The scenario has no ${probe.kind} step`);
  const newStep: VisibleStep = { ...step, occurredAt: now };
  pushed.push(newStep);
  const timeline: Timeline = {
    ...played,
    steps: [...played.steps, ...pushed],
    estimatedDelivery: probe.kind === 'delivered' ? null : played.estimatedDelivery,
    nextStepAt: null,
  };
  const messages: PushMessage[] = renderer.render({ parcel, scenario: SCENARIO, timeline, newSteps: [newStep] });
  probe.sentAt = Date.now();
  for (const message of messages) {
    const response = await fetch(url, { method: 'POST', headers: message.headers, body: message.body });
    await response.arrayBuffer();
    if (!response.ok) return; // no ackMs: counted as an error
  }
  probe.ackMs = Date.now() - probe.sentAt;
}

async function createShipments(stack: RunningStack, carrier: SandboxCarrier, runId: string, count: number): Promise<ProbeShipment[]> {
  const api = httpClient(stack.apiUrl);
  const key = stack.apiKeys.platform;
  // The emulator's real-time limits would make the set-up, not the benchmark, the slow part.
  await api.patch(`/sandbox/carriers/${carrier}`, { rateLimit: { calls: 1000, windowMs: 1000 }, quota: null });
  return inBatches(
    Array.from({ length: count }, (_, i) => i),
    4,
    async (i): Promise<ProbeShipment> => {
      const created = await retryUnavailable(() => api.post('/sandbox/parcels', { carrier, scenario: SCENARIO.name, speed: 1, push: false }));
      if (created.status !== 201) throw new Error(`Could not create a ${carrier} parcel: ${JSON.stringify(created.body)}`);
      const orderId = `B3-${runId}-${i}`;
      const email = `b3+${orderId.toLowerCase()}@example.com`;
      const order = await retryUnavailable(() => api.post('/v1/orders', { orderId, customer: { name: 'Bench Customer', email, locale: 'en-US', timeZone: 'UTC' } }, key));
      if (order.status !== 200 && order.status !== 201) throw new Error(`Could not create order ${orderId}: ${JSON.stringify(order.body)}`);
      const shipment = await retryUnavailable(() => api.post(`/v1/orders/${orderId}/shipments`, { trackingNumber: created.body.trackingNumber, carrier }, key));
      if (shipment.status !== 200 && shipment.status !== 201) throw new Error(`Could not add the shipment to ${orderId}: ${JSON.stringify(shipment.body)}`);
      const parcel = { carrier, trackingNumber: created.body.trackingNumber, scenario: SCENARIO.name, speed: 1, createdAt: new Date(created.body.createdAt) } as SandboxParcel;
      return { parcel, shipmentId: shipment.body.shipmentId as string, email, pushed: [] };
    },
  );
}

/**
 * The API answers 503 when the workflow does not answer in time (a loaded machine), and asks for a
 * retry; creating orders and shipments is idempotent, so the set-up retries as a platform would.
 */
async function retryUnavailable<T extends { status: number }>(call: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const answer = await call();
    if (answer.status !== 503 || attempt >= attempts) return answer;
    await new Promise((resolve) => setTimeout(resolve, 1_000 * attempt));
  }
}

/** Waits until every shipment is in the read model and the welcome emails have stopped arriving. */
async function waitForQuiet(mongo: mongoose.Connection, shipments: readonly ProbeShipment[]): Promise<void> {
  const ids = shipments.map((s) => s.shipmentId);
  const ready = await waitFor(async () => (await mongo.collection('shipments').countDocuments({ _id: { $in: ids } as never, status: 'in_transit' })) === ids.length, 180_000);
  if (!ready) throw new Error('The shipments did not all reach in_transit in the read model within 3 minutes');
  let last = -1;
  await waitFor(async () => {
    const count = await mongo.collection('sandbox_mail').countDocuments({});
    const quiet = count === last;
    last = count;
    return quiet;
  }, 120_000, 3_000);
}

/** Notes when each probe's email lands in the sink and its shipment's status in the read model. */
async function observe(mongo: mongoose.Connection, probes: PushProbe[], since: Date): Promise<void> {
  const deadline = () => Math.max(...probes.map((p) => p.sentAt ?? Number.POSITIVE_INFINITY)) + SETTLE_MS;
  let lastMailPoll = 0;
  while (probes.some((p) => p.emailMs === undefined || p.readModelMs === undefined) && Date.now() < deadline()) {
    const waitingRead = probes.filter((p) => p.sentAt !== undefined && p.readModelMs === undefined);
    if (waitingRead.length > 0) {
      const docs = await mongo
        .collection<{ _id: string; status: string }>('shipments')
        .find({ _id: { $in: [...new Set(waitingRead.map((p) => p.shipment.shipmentId))] } }, { projection: { status: 1 } })
        .toArray();
      const now = Date.now();
      const status = new Map(docs.map((d) => [d._id, d.status]));
      for (const probe of waitingRead) {
        if ((ARRIVED[probe.kind].statuses as readonly string[]).includes(status.get(probe.shipment.shipmentId) ?? '')) probe.readModelMs = now - probe.sentAt!;
      }
    }
    if (Date.now() - lastMailPoll >= MAIL_POLL_MS) {
      lastMailPoll = Date.now();
      const mails = await mongo
        .collection<{ to: string[]; subject: string; receivedAt: Date }>('sandbox_mail')
        .find({ receivedAt: { $gte: since } }, { projection: { to: 1, subject: 1, receivedAt: 1 } })
        .toArray();
      for (const probe of probes) {
        if (probe.sentAt === undefined || probe.emailMs !== undefined) continue;
        const mail = mails.find((m) => m.to.includes(probe.shipment.email) && ARRIVED[probe.kind].subject.test(m.subject));
        if (mail) probe.emailMs = mail.receivedAt.getTime() - probe.sentAt;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, READ_MODEL_POLL_MS));
  }
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return false;
}

/** Runs `task` over `items` with at most `concurrency` at a time, keeping the order of results. */
async function inBatches<T, R>(items: readonly T[], concurrency: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]);
    }
  });
  await Promise.all(lanes);
  return results;
}
