import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCrashableWorkerStack, type CrashableWorkerStack } from '../../support/crashable-worker-stack';
import { allocatePorts } from '../../support/dev-stack-process';
import { httpClient } from '../../support/http-client';
import type { FaultTarget } from './invariants';

/**
 * The real stack with every process faultable on its own: Temporal, FerretDB, the API (with the
 * sandbox, which records every side effect) and the worker, each a separate process
 * (test/support/crashable-worker-stack.ts). On top of it: the target the invariants read, and the
 * server faults as single calls.
 */
export interface FaultStack extends CrashableWorkerStack {
  target: FaultTarget;
  api: ReturnType<typeof httpClient>;
  /**
   * Stops the Temporal dev server for `downMs` (or until `whileDown` has finished, if longer), then
   * starts it again on its SQLite file. `whileDown` runs once the server has exited; its result is returned.
   */
  restartTemporal<T = void>(downMs: number, whileDown?: () => Promise<T>): Promise<T | undefined>;
  /** FerretDB is down while `during` runs; started again afterwards, even when `during` throws. */
  withMongoDown<T>(during: () => Promise<T>): Promise<T>;
}

/**
 * Settings every fault stack shares: parcels move by polls every second and a delivery is confirmed
 * half a second later, so a scenario's lifecycle takes seconds; a crashed send's claim is taken over
 * as soon as Temporal retries it (the crash test's setting, docs/testing.md).
 */
export const FAST_LIFECYCLE_ENV: Readonly<Record<string, string>> = {
  OUTBOX_CLAIM_LEASE_MS: '5000',
  POLL_INTERVAL_PRE_TRANSIT_MS: '1000',
  POLL_INTERVAL_IN_TRANSIT_MS: '1000',
  POLL_INTERVAL_OUT_FOR_DELIVERY_MS: '1000',
  DELIVERY_CONFIRM_DELAY_MS: '500',
};

export async function startFaultStack(name: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<FaultStack> {
  const dataDir = mkdtempSync(join(tmpdir(), `waybill-faults-${name}-`));
  let stack: CrashableWorkerStack;
  try {
    stack = await startCrashableWorkerStack(dataDir, await allocatePorts(), { ...FAST_LIFECYCLE_ENV, ...extraEnv });
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  const target: FaultTarget = { apiUrl: stack.apiUrl, apiKeys: stack.apiKeys, temporalAddress: stack.temporalAddress, namespace: stack.namespace, mongoUri: stack.mongoUri };
  return {
    ...stack,
    target,
    api: httpClient(stack.apiUrl),
    async restartTemporal<T>(downMs: number, whileDown?: () => Promise<T>) {
      await stack.stopServer('temporal');
      try {
        const [result] = await Promise.all([whileDown?.(), sleep(downMs)]);
        return result;
      } finally {
        await stack.startServer('temporal');
      }
    },
    async withMongoDown(during) {
      await stack.stopServer('ferretdb');
      try {
        return await during();
      } finally {
        await stack.startServer('ferretdb');
      }
    },
    async stop() {
      try {
        await stack.stop();
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
