import { CARRIERS, type Carrier } from '../../workflows/shared/vocabulary';

/**
 * Which of Waybill's task queues one worker process polls (WORKER_TASK_QUEUES): the main queue
 * (workflows, read model, notifications, escrow) and any carrier queues. Unset, all of them, so one
 * process runs everything; a deployment splits them to scale and isolate each carrier's calls
 * (docs/operations.md).
 */
export interface WorkerTaskQueues {
  main: boolean;
  carriers: Carrier[];
}

export const MAIN_QUEUE_ROLE = 'main';
export const carrierQueueRole = (carrier: Carrier): string => `carrier:${carrier}`;

/** Thrown as the config's own error by loadConfig; kept plain here so this file has one job. */
export class WorkerTaskQueuesError extends Error {}

/**
 * `main,carrier:ups` → which queues to poll. A carrier named here must be configured (its
 * credentials set): a worker that polls a queue it cannot serve would fail every call.
 */
export function parseWorkerTaskQueues(spec: string | undefined, configured: readonly Carrier[]): WorkerTaskQueues {
  if (spec === undefined || spec.trim() === '') return { main: true, carriers: CARRIERS.filter((c) => configured.includes(c)) };
  const known = [MAIN_QUEUE_ROLE, ...CARRIERS.map(carrierQueueRole)];
  const entries = spec.split(',').map((entry) => entry.trim());
  const unknown = entries.filter((entry) => !known.includes(entry));
  if (unknown.length > 0) {
    throw new WorkerTaskQueuesError(`WORKER_TASK_QUEUES: unknown queue ${unknown.map((u) => JSON.stringify(u)).join(', ')}; use a comma list of ${known.join(', ')}.`);
  }
  const carriers = CARRIERS.filter((c) => entries.includes(carrierQueueRole(c)));
  const unconfigured = carriers.filter((c) => !configured.includes(c));
  if (unconfigured.length > 0) {
    const names = unconfigured.map((c) => c.toUpperCase());
    throw new WorkerTaskQueuesError(`WORKER_TASK_QUEUES names ${unconfigured.map(carrierQueueRole).join(', ')}, but ${names.join(', ')} ${names.length > 1 ? 'have' : 'has'} no credentials (${names.map((n) => `${n}_*`).join(', ')}).`);
  }
  return { main: entries.includes(MAIN_QUEUE_ROLE), carriers };
}
