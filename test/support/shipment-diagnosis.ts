import { Client, Connection } from '@temporalio/client';
import { shipmentWorkflowId } from '../../workflows/shared/ids';

/** What a stuck shipment workflow is waiting for, for the message of a failed end-to-end test. */
export async function diagnoseShipment(temporalPort: number, shipmentId: string): Promise<string> {
  const connection = await Connection.connect({ address: `127.0.0.1:${temporalPort}` });
  try {
    const handle = new Client({ connection }).workflow.getHandle(shipmentWorkflowId(shipmentId));
    const described = await handle.describe();
    const pending = (described.raw.pendingActivities ?? []).map((a) => ({
      activity: a.activityType?.name,
      state: a.state,
      attempt: a.attempt,
      lastFailure: a.lastFailure?.message,
      lastStarted: a.lastStartedTime?.seconds?.toString(),
      nextAttempt: a.nextAttemptScheduleTime?.seconds?.toString(),
    }));
    return JSON.stringify({ status: described.status.name, historyLength: described.historyLength, pending, now: Math.floor(Date.now() / 1000) });
  } finally {
    await connection.close();
  }
}
