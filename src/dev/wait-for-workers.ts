import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

/**
 * Resolves once Temporal sees a worker polling each task queue: the honest signal that the worker
 * process is up and its workflows are loaded.
 */
export async function waitForWorkerPollers(address: string, namespace: string, taskQueues: string[], timeoutMs: number): Promise<void> {
  const connection = await Connection.connect({ address });
  const deadline = Date.now() + timeoutMs;
  try {
    for (const name of taskQueues) {
      const taskQueueType =
        name === taskQueues[0] ? temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW : temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY;
      for (;;) {
        const { pollers } = await connection.workflowService.describeTaskQueue({ namespace, taskQueue: { name }, taskQueueType });
        if (pollers.length > 0) break;
        if (Date.now() > deadline) throw new Error(`No worker is polling task queue ${name} after ${Math.round(timeoutMs / 1000)} s`);
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    }
  } finally {
    await connection.close();
  }
}
