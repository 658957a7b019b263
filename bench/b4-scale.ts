/**
 * B4, scale (issue 7). N concurrent active shipments (an order and its in-transit parcel each) on
 * one worker with every workflow cached, against the bare baseline of the same shape on a fresh
 * worker process of its own, alternating. Reports:
 * - resident memory per cached workflow and per shipment: the worker's RSS (after a full GC) with
 *   N active, minus its RSS before, divided by the workflows in its cache;
 * - the backlog while N are active: carrier polls every BENCH_B4_POLL_INTERVAL_MS for each parcel,
 *   how far apart they really came, and probe lifecycles' timer lateness and activity
 *   schedule-to-start, read from their histories;
 * - replay time of an evicted shipment (its whole history through `Worker.runReplayHistories`)
 *   against a bare shipment history of nearly the same length, alternating.
 *
 * `npm run bench:b4`; size with BENCH_B4_SHIPMENTS, BENCH_B4_BATCHES, BENCH_B4_PROBES,
 * BENCH_B4_POLL_INTERVAL_MS and BENCH_B4_REPLAYS. See docs/performance.md.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, DefaultLogger, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { FAILURE_CONVERTER_PATH } from '../src/temporal/payload-encryption/data-converter';
import { testDataConverter } from '../test/support/temporal-test-env';
import type { BenchmarkResult } from './lib/benchmark-result';
import { activityScheduleToStartMs, historyShape, timerLatenessMs, toBareShape } from './lib/history-shape';
import { BENCH_POLL_POLICY, runBareShipment, runWaybillShipment, type LifecycleSettings, type ShipmentIds } from './lib/lifecycles';
import { reportStandalone } from './lib/result-table';
import { alternatingOrder, median, percentile, ratio, rounded, sizeFromEnv } from './lib/statistics';
import { startBenchServer } from './lib/temporal-server';
import { WorkerProcess } from './lib/worker-process';
import type { BareShape } from './workflows/bare-shape';

const MEMORY_GOAL_MB = 0.5;
/** How many shipments are set up at once: enough to keep the worker busy, few enough for the dev server. */
const SETUP_CONCURRENCY = 40;
const MB = 1024 * 1024;
const WARM_UP = 5;

type Side = 'candidate' | 'baseline';
interface Shapes {
  order: BareShape;
  shipment: BareShape;
}
interface BatchResult {
  side: Side;
  shipments: number;
  setupSeconds: number;
  cachedWorkflows: number;
  rssBeforeMb: number;
  rssActiveMb: number;
  mbPerCachedWorkflow: number;
  timerLatenessMs: number[];
  scheduleToStartMs: number[];
  carrierCallGapsMs: number[];
  probeIds: ShipmentIds[];
}

type History = temporal.api.history.v1.IHistory;

/** Runs `count` tasks, at most `limit` at a time. */
async function inPool(count: number, limit: number, task: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, count) }, async () => {
    while (next < count) await task(next++);
  }));
}

const fetchHistory = async (client: Client, workflowId: string): Promise<History> => client.workflow.getHandle(workflowId).fetchHistory();

export async function run(): Promise<BenchmarkResult> {
  const startedAt = new Date();
  const shipments = sizeFromEnv('BENCH_B4_SHIPMENTS', 100);
  const batches = sizeFromEnv('BENCH_B4_BATCHES', 1);
  const probes = sizeFromEnv('BENCH_B4_PROBES', 5);
  const pollIntervalMs = sizeFromEnv('BENCH_B4_POLL_INTERVAL_MS', 20_000);
  const replays = sizeFromEnv('BENCH_B4_REPLAYS', 5);
  const runTag = startedAt.getTime().toString(36);
  // Polls run on the N parcels' own schedule: in transit every pollIntervalMs, pushes or not.
  const activeSettings: LifecycleSettings = { pushGapMs: 20, disputeWindowMs: 1000, pollPolicy: { ...BENCH_POLL_POLICY, inTransitMs: pollIntervalMs, pushSlowdown: 1 } };
  const probeSettings: LifecycleSettings = { pushGapMs: 150, disputeWindowMs: 1000 };
  console.log(`B4: ${shipments} active shipments per batch, ${batches} batch(es) per side; starting Temporal…`);
  const server = await startBenchServer();
  const client = server.env.client;
  const measured: BatchResult[] = [];
  let shapes: Shapes | undefined;
  try {
    let batchNumber = 0;
    for (const side of alternatingOrder(batches)) {
      batchNumber += 1;
      const queue = `bench-b4-${side}-${batchNumber}`;
      // A fresh worker per batch: its memory before holds nothing of an earlier batch.
      const worker = await WorkerProcess.start({
        address: server.address,
        ...(side === 'candidate' ? { candidateTaskQueue: queue } : { bareTaskQueue: queue }),
        maxCachedWorkflows: 2 * (shipments + probes + WARM_UP) + 100,
      });
      try {
        if (side === 'baseline' && !shapes) throw new Error('The baseline needs a candidate batch first (alternatingOrder starts with one).');
        const activate = (key: string) =>
          side === 'candidate' ? runWaybillShipment(client, worker, queue, key, activeSettings, false) : runBareShipment(client, queue, key, shapes!, activeSettings, false);
        // A few shipments first, so the workflow sandbox's one-time set-up is not counted against the N.
        await inPool(WARM_UP, WARM_UP, (i) => activate(`${runTag}-${batchNumber}-warm-${i}`));
        const before = await worker.usage(true);
        const setupStarted = performance.now();
        await inPool(shipments, SETUP_CONCURRENCY, (i) => activate(`${runTag}-${batchNumber}-${i}`));
        const setupSeconds = (performance.now() - setupStarted) / 1000;
        await worker.usage(); // drops the carrier-call gaps of the set-up
        // The backlog: full lifecycles while N are active and polled, then one poll interval more.
        const probeStarted = Date.now();
        const probeIds = await Promise.all(
          Array.from({ length: probes }, (_, i) =>
            side === 'candidate'
              ? runWaybillShipment(client, worker, queue, `${runTag}-${batchNumber}-probe-${i}`, probeSettings)
              : runBareShipment(client, queue, `${runTag}-${batchNumber}-probe-${i}`, shapes!, probeSettings),
          ),
        );
        await sleep(Math.max(0, pollIntervalMs * 1.5 - (Date.now() - probeStarted)));
        const active = await worker.usage(true);
        const probeHistories = await Promise.all(probeIds.flatMap((ids) => [ids.orderWorkflowId, ids.shipmentWorkflowId]).map((id) => fetchHistory(client, id)));
        if (side === 'candidate' && !shapes) {
          const [order, shipment] = [historyShape(probeHistories[0].events ?? []), historyShape(probeHistories[1].events ?? [])];
          shapes = { order: toBareShape(order), shipment: toBareShape(shipment) };
        }
        const cachedWorkflows = active.cachedWorkflows - before.cachedWorkflows;
        const batch: BatchResult = {
          side,
          shipments,
          setupSeconds: rounded(setupSeconds, 1),
          cachedWorkflows,
          rssBeforeMb: rounded(before.rss / MB, 1),
          rssActiveMb: rounded(active.rss / MB, 1),
          mbPerCachedWorkflow: rounded((active.rss - before.rss) / MB / Math.max(1, cachedWorkflows), 4),
          timerLatenessMs: probeHistories.flatMap((h) => timerLatenessMs(h.events ?? [])),
          scheduleToStartMs: probeHistories.flatMap((h) => activityScheduleToStartMs(h.events ?? [])),
          carrierCallGapsMs: active.carrierCallGapsMs,
          probeIds,
        };
        measured.push(batch);
        console.log(`  batch ${batchNumber} ${side.padEnd(9)} set up in ${batch.setupSeconds} s; ${cachedWorkflows} cached; RSS ${batch.rssBeforeMb} → ${batch.rssActiveMb} MB; ${batch.mbPerCachedWorkflow} MB per cached workflow`);
      } finally {
        await worker.stop();
      }
    }

    const replay = await measureReplays(client, measured, replays);
    const of = (side: Side, pick: (b: BatchResult) => number) => median(measured.filter((b) => b.side === side).map(pick));
    const all = (side: Side, pick: (b: BatchResult) => number[]) => measured.filter((b) => b.side === side).flatMap(pick);
    const memory = { candidate: of('candidate', (b) => b.mbPerCachedWorkflow), baseline: of('baseline', (b) => b.mbPerCachedWorkflow) };
    const perShipment = (memory.candidate ?? Number.NaN) * 2;
    const lateness = { candidate: percentile(all('candidate', (b) => b.timerLatenessMs), 99), baseline: percentile(all('baseline', (b) => b.timerLatenessMs), 99) };
    const toStart = { candidate: percentile(all('candidate', (b) => b.scheduleToStartMs), 99), baseline: percentile(all('baseline', (b) => b.scheduleToStartMs), 99) };
    // How much later than its interval each parcel's next carrier call came. The activity jitters the
    // interval by ±10 %, and the dev server fires retry timers with up to a second or so of delay.
    const pollLateness = all('candidate', (b) => b.carrierCallGapsMs).map((gap) => gap - pollIntervalMs);
    const pollLatenessAllowedMs = pollIntervalMs * 0.1 + 2000;
    const pollLatenessP99 = percentile(pollLateness, 99);
    return {
      id: 'B4',
      title: 'Scale',
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      parameters: { BENCH_B4_SHIPMENTS: shipments, BENCH_B4_BATCHES: batches, BENCH_B4_PROBES: probes, BENCH_B4_POLL_INTERVAL_MS: pollIntervalMs, BENCH_B4_REPLAYS: replays },
      metrics: [
        {
          name: 'Resident memory per cached workflow',
          unit: 'MB',
          candidate: rounded(memory.candidate, 4),
          baseline: rounded(memory.baseline, 4),
          ratio: rounded(ratio(memory.candidate, memory.baseline)),
        },
        { name: 'Resident memory per cached shipment (order + parcel)', unit: 'MB', candidate: rounded(perShipment, 4), baseline: rounded((memory.baseline ?? Number.NaN) * 2, 4), ratio: rounded(ratio(memory.candidate, memory.baseline)), goal: `≤ ${MEMORY_GOAL_MB}`, met: perShipment <= MEMORY_GOAL_MB },
        { name: 'Timer lateness while N are active, p99', unit: 'ms', candidate: lateness.candidate ?? Number.NaN, baseline: lateness.baseline, ratio: rounded(ratio(lateness.candidate, lateness.baseline)), goal: 'on schedule (< 1000 ms)', met: (lateness.candidate ?? Infinity) < 1000 },
        { name: 'Activity schedule-to-start while N are active, p99', unit: 'ms', candidate: toStart.candidate ?? Number.NaN, baseline: toStart.baseline, ratio: rounded(ratio(toStart.candidate, toStart.baseline)), goal: 'on schedule (< 1000 ms)', met: (toStart.candidate ?? Infinity) < 1000 },
        { name: 'Carrier poll lateness while N are active, p50', unit: 'ms', candidate: median(pollLateness) ?? Number.NaN },
        { name: 'Carrier poll lateness while N are active, p99', unit: 'ms', candidate: pollLatenessP99 ?? Number.NaN, goal: `≤ ${pollLatenessAllowedMs} ms (jitter + 2 s)`, met: (pollLatenessP99 ?? Infinity) <= pollLatenessAllowedMs },
        { name: 'Replay of an evicted shipment', unit: 'ms', candidate: rounded(replay.candidateMs, 1), baseline: rounded(replay.baselineMs, 1), ratio: rounded(ratio(replay.candidateMs, replay.baselineMs)) },
      ],
      details: {
        batches: measured.map(({ probeIds: _ids, timerLatenessMs: t, scheduleToStartMs: s, carrierCallGapsMs: g, ...rest }) => ({
          ...rest,
          timerLatenessMs: { median: median(t), p99: percentile(t, 99), count: t.length },
          scheduleToStartMs: { median: median(s), p99: percentile(s, 99), count: s.length },
          carrierCallGapsMs: { median: median(g), p99: percentile(g, 99), count: g.length },
        })),
        replay,
        bareShape: shapes,
      },
      notes: [
        'Each active shipment is an order and its parcel (two cached workflows), in transit after three pushed scans, its poll retrying on the carrier queue every BENCH_B4_POLL_INTERVAL_MS; the baseline is the bare pair of B1 (bench/workflows/) waiting at the same point.',
        'Memory is the worker child process’s RSS after a full GC, active minus just-started, over the workflows in its cache (maxCachedWorkflows ≥ 2N); each side gets a fresh worker process. The bench carrier’s record of the pushed scans (about 1 KB a parcel) is included.',
        'Timer lateness: from a probe timer’s due time to the start of the workflow task that handled it; schedule-to-start: first attempts of the probes’ activities; both from the probes’ histories, run while the N are active.',
        'Replay: the whole history of a delivered probe parcel (Waybill) and of a bare parcel run through Worker.runReplayHistories in the bench process, alternating, per history; it includes the replay worker’s start divided over the copies.',
      ],
    };
  } finally {
    await server.stop();
  }
}

/** Replays a delivered Waybill parcel's history and a bare parcel's, alternating, and reports the medians. */
async function measureReplays(client: Client, measured: BatchResult[], rounds: number) {
  const pick = (side: Side) => measured.find((b) => b.side === side)?.probeIds[0]?.shipmentWorkflowId;
  const [candidateId, baselineId] = [pick('candidate'), pick('baseline')];
  if (!candidateId || !baselineId) return { candidateMs: undefined, baselineMs: undefined };
  const [candidateHistory, baselineHistory] = await Promise.all([fetchHistory(client, candidateId), fetchHistory(client, baselineId)]);
  const bundle = (path: string) => bundleWorkflowCode({ workflowsPath: path, failureConverterPath: FAILURE_CONVERTER_PATH, logger: new DefaultLogger('ERROR') });
  const [candidateBundle, baselineBundle] = [await bundle(require.resolve('../workflows')), await bundle(require.resolve('./workflows'))];
  const dataConverter = await testDataConverter();
  const copies = 10;
  const once = async (bundled: WorkflowBundleWithSourceMap, history: History, id: string) => {
    const histories = Array.from({ length: copies }, (_, i) => ({ workflowId: `${id}-replay-${i}`, history }));
    const started = performance.now();
    for await (const result of Worker.runReplayHistories({ workflowBundle: bundled, dataConverter }, histories)) {
      if (result.error) throw new Error(`Replay of ${id} failed: ${String(result.error)}`);
    }
    return (performance.now() - started) / copies;
  };
  const times: Record<Side, number[]> = { candidate: [], baseline: [] };
  for (const side of alternatingOrder(rounds)) {
    times[side].push(side === 'candidate' ? await once(candidateBundle, candidateHistory, candidateId) : await once(baselineBundle, baselineHistory, baselineId));
  }
  return {
    candidateMs: median(times.candidate),
    baselineMs: median(times.baseline),
    candidateEvents: candidateHistory.events?.length ?? 0,
    baselineEvents: baselineHistory.events?.length ?? 0,
    copiesPerReplayWorker: copies,
    times,
  };
}

if (require.main === module) {
  run()
    .then((result) => reportStandalone(result, 'b4-scale'))
    .catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    });
}
