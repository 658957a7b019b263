import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, type WriteStream } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';

export interface ProcessSpec {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Where output goes: the console (prefixed with the name) or a log file. */
  output: { console: true } | { file: string };
  /** Time to stop after SIGTERM before SIGKILL. */
  stopTimeoutMs?: number;
}

interface Managed {
  spec: ProcessSpec;
  child: ChildProcess;
  exited: Promise<number | null>;
  /** While true, an exit is the start-up's to handle (a retry), not the stack's. */
  starting: boolean;
}

const LOG_TAIL_LINES = 30;

/**
 * Starts the stack's processes, each in its own process group so that the supervisor alone decides
 * the order they stop in, and makes sure none outlives it.
 */
export class ProcessSupervisor {
  private readonly processes: Managed[] = [];
  private stopping = false;
  private onUnexpectedExit: (name: string, code: number | null) => void = () => undefined;

  constructor() {
    // Last resort if the supervisor dies without stopping: take every group down with it.
    process.on('exit', () => {
      for (const { child } of this.processes) if (child.exitCode === null && child.pid) killGroup(child.pid, 'SIGKILL');
    });
  }

  whenAnyExitsUnexpectedly(handler: (name: string, code: number | null) => void): void {
    this.onUnexpectedExit = handler;
  }

  start(spec: ProcessSpec): ChildProcess {
    return this.launch(spec, false).child;
  }

  /**
   * Starts a process that can fail while it starts and succeed when tried again: the Temporal CLI
   * takes its internal ports by probing for free ones, and loses that race now and then on a busy
   * machine. Up to `attempts` tries, each until `ready` resolves; a later exit is unexpected as usual.
   */
  async startWithRetries(spec: ProcessSpec, ready: () => Promise<void>, attempts: number): Promise<ChildProcess> {
    for (let attempt = 1; ; attempt++) {
      const managed = this.launch(spec, true);
      const outcome = await Promise.race([ready().then(() => 'ready' as const), managed.exited.then((code) => ({ code }))]);
      if (outcome === 'ready' && managed.child.exitCode === null) {
        managed.starting = false;
        return managed.child;
      }
      const code = outcome === 'ready' ? managed.child.exitCode : outcome.code;
      this.processes.splice(this.processes.indexOf(managed), 1);
      if (this.stopping) throw new Error(`${spec.name} was stopped while it started`);
      process.stderr.write(`[${spec.name}] exited while starting (code ${code}), attempt ${attempt} of ${attempts}${describeLogTail(spec)}\n`);
      if (attempt >= attempts) {
        this.onUnexpectedExit(spec.name, code);
        throw new Error(`${spec.name} exited while starting, ${attempts} times`);
      }
    }
  }

  /** The last lines a process logged to its file, to print when it dies. */
  logTail(name: string): string {
    const managed = this.processes.find((p) => p.spec.name === name);
    return managed ? describeLogTail(managed.spec) : '';
  }

  private launch(spec: ProcessSpec, starting: boolean): Managed {
    const child = spawn(spec.command, spec.args, { env: spec.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    pipeOutput(child, spec);
    const exited = new Promise<number | null>((resolve) => {
      child.once('exit', (code) => resolve(code));
      child.once('error', (err) => {
        process.stderr.write(`[${spec.name}] failed to start: ${err.message}\n`);
        resolve(-1);
      });
    });
    const managed: Managed = { spec, child, exited, starting };
    void exited.then((code) => {
      if (!this.stopping && !managed.starting) this.onUnexpectedExit(spec.name, code);
    });
    this.processes.push(managed);
    return managed;
  }

  /** Stops processes in reverse start order: the API and worker before the servers they use. */
  async stopAll(): Promise<void> {
    this.stopping = true;
    for (const managed of [...this.processes].reverse()) await stop(managed);
  }

  /** A second Ctrl-C: no waiting. */
  killAll(): void {
    this.stopping = true;
    for (const { child } of this.processes) if (child.exitCode === null && child.pid) killGroup(child.pid, 'SIGKILL');
  }
}

async function stop({ spec, child, exited }: Managed): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  killGroup(child.pid, 'SIGTERM');
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), spec.stopTimeoutMs ?? 10_000).unref());
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    process.stderr.write(`[${spec.name}] did not stop in time; killing it\n`);
    killGroup(child.pid, 'SIGKILL');
    await exited;
  }
}

function describeLogTail(spec: ProcessSpec): string {
  if (!('file' in spec.output) || !existsSync(spec.output.file)) return '';
  const lines = readFileSync(spec.output.file, 'utf8').trimEnd().split('\n').slice(-LOG_TAIL_LINES);
  return `; the last lines of ${spec.output.file}:\n${lines.map((line) => `  ${line}`).join('\n')}`;
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

function pipeOutput(child: ChildProcess, spec: ProcessSpec): void {
  let file: WriteStream | undefined;
  if ('file' in spec.output) {
    mkdirSync(dirname(spec.output.file), { recursive: true });
    file = createWriteStream(spec.output.file, { flags: 'a' });
  }
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    if (file) {
      stream.pipe(file, { end: false });
      continue;
    }
    createInterface({ input: stream }).on('line', (line) => process.stdout.write(`[${spec.name}] ${line}\n`));
  }
}

/** Resolves once something accepts TCP connections on the port, or rejects after the timeout. */
export async function waitForPort(host: string, port: number, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host, port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${what} did not start listening on ${host}:${port} within ${Math.round(timeoutMs / 1000)} s`);
}

/** Resolves once the URL answers 200, or rejects after the timeout with the last answer. */
export async function waitForHttpOk(url: string, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (response.ok) return;
      last = `${response.status} ${await response.text()}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${what} was not ready at ${url} within ${Math.round(timeoutMs / 1000)} s (last answer: ${last})`);
}

/** Fails early, with a clear message, when a port the stack needs is taken. */
export async function assertPortFree(host: string, port: number, what: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once('error', () =>
      reject(new Error(`Port ${port} is already in use, so ${what} cannot start. Stop whatever uses it, or choose another port (see the README).`)),
    );
    server.listen(port, host, () => server.close(() => resolve()));
  });
}
