import { fork, type ChildProcess } from 'node:child_process';
import type { BenchWorkerSettings, FromWorker, ToWorker } from './bench-worker';
import type { TrackingEvent } from '../../workflows/shared/tracking';

export interface WorkerUsage {
  cpuMicros: number;
  rss: number;
  heapUsed: number;
  cachedWorkflows: number;
  /** Calls to the bench carrier so far, and the gaps between calls for one number since the last usage read. */
  carrierCalls: number;
  carrierCallGapsMs: number[];
}

/** The bench driver's handle on its worker child process (bench/lib/bench-worker.ts). */
export class WorkerProcess {
  private nextId = 0;
  private readonly waiting = new Map<number, (usage: WorkerUsage) => void>();
  private exited = false;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (message: FromWorker) => {
      if (message.type !== 'usage') return;
      this.waiting.get(message.id)?.(message);
      this.waiting.delete(message.id);
    });
    child.on('exit', () => (this.exited = true));
  }

  /** Starts the worker and resolves once it polls (its workflow bundles are built at start, ~10–20 s). */
  static async start(settings: BenchWorkerSettings): Promise<WorkerProcess> {
    const child = fork(require.resolve('./bench-worker'), [], {
      execArgv: ['--import', 'tsx', '--expose-gc'],
      env: { ...process.env, BENCH_WORKER_SETTINGS: JSON.stringify(settings) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await new Promise<void>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`The bench worker exited with ${code} before it was ready`)));
      child.on('message', (message: FromWorker) => message.type === 'ready' && resolve());
    });
    child.removeAllListeners('exit');
    return new WorkerProcess(child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  usage(gc = false): Promise<WorkerUsage> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.send({ type: 'usage', id, gc });
    });
  }

  /** Records a scan at the bench carrier, so the shipment's polls read what its pushes said. */
  scan(trackingNumber: string, event: TrackingEvent): void {
    this.send({ type: 'scan', trackingNumber, event });
  }

  forget(trackingNumber: string): void {
    this.send({ type: 'forget', trackingNumber });
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.disconnect();
    const timeout = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timeout);
  }

  private send(message: ToWorker): void {
    this.child.send(message);
  }
}
