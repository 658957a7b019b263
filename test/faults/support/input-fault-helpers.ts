import { Client, Connection } from '@temporalio/client';
import { orderWorkflowId, shipmentWorkflowId } from '../../../workflows/shared/ids';
import type { FaultStack } from './fault-stack';
import { orderDetail } from './process-fault-orders';

/**
 * What the input and carrier fault scenarios (carrier faults, webhooks, clock skew, the long
 * shipment) add to the suite's support: accelerated clocks, the order's status as the platform was
 * told it, and before/after views of the read model and histories. Everything is read from the
 * stack's own surfaces: the API, the sandbox and Temporal.
 */

export { scaledPollEnv } from '../../support/scaled-poll-env';

/** An order's milestones, in the only order they may be reached. */
const ORDER_LADDER = ['order_received', 'processing', 'shipped', 'in_transit', 'out_for_delivery', 'delivered'];

/** The statuses the platform was told (its signed status webhooks, caught by the sandbox), in sequence. */
export async function platformStatusSequence(stack: FaultStack, orderId: string): Promise<string[]> {
  const { body } = await stack.api.get(`/sandbox/platform-webhooks?orderId=${encodeURIComponent(orderId)}`);
  const changes = (body.webhooks as Array<{ type: string; sequence: number; status: string }>).filter((w) => w.type === 'order.status_changed');
  return changes.sort((a, b) => a.sequence - b.sequence).map((w) => w.status);
}

/** Never a step back down the ladder. */
export function expectNoRegression(statuses: readonly string[]): void {
  const ranks = statuses.map((s) => ORDER_LADDER.indexOf(s)).filter((r) => r >= 0);
  expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
}

export interface TimelineEvent {
  status: string;
  occurredAt: string;
}

/** The timeline is listed in carrier-time order. */
export function expectChronological(events: readonly TimelineEvent[]): void {
  const times = events.map((e) => Date.parse(e.occurredAt));
  expect(times).toEqual([...times].sort((a, b) => a - b));
}

/** Subjects of the emails the SMTP sink kept for one address, without the shop's suffix. */
export async function mailSubjects(stack: FaultStack, email: string): Promise<string[]> {
  const { body } = await stack.api.get(`/sandbox/mail?to=${encodeURIComponent(email)}`);
  return (body.messages as Array<{ subject: string }>).map((m) => m.subject.replace(/ — .*$/, ''));
}

/**
 * Each milestone emailed at most once; received, shipped and delivered always. "Out for delivery"
 * is announced only if a read showed the parcel out for delivery: the order hears the parcel's
 * status after each read, so a read that brings both scans (a fault delayed the poll past the
 * delivery) announces "delivered" alone.
 */
export function expectMilestonesOnce(subjects: readonly string[], orderId: string): void {
  const outForDelivery = `Your order ${orderId} is out for delivery`;
  expect(new Set(subjects).size).toBe(subjects.length);
  expect(subjects.filter((s) => s !== outForDelivery)).toEqual([
    `We've received your order ${orderId}`,
    `Your order ${orderId} has shipped`,
    `Your order ${orderId} has been delivered`,
  ]);
}

/**
 * What a refused input must leave untouched: the order as the API shows it, and the length of the
 * order's and its parcels' histories (a signal that got through would add events).
 */
export async function orderFootprint(stack: FaultStack, orderId: string): Promise<{ order: unknown; historyLengths: Record<string, number> }> {
  const order = await orderDetail(stack, orderId);
  const connection = await Connection.connect({ address: stack.temporalAddress });
  try {
    const client = new Client({ connection, namespace: stack.namespace });
    const workflowIds = [orderWorkflowId(orderId), ...(order.shipments as Array<{ shipmentId: string }>).map((s) => shipmentWorkflowId(s.shipmentId))];
    const historyLengths: Record<string, number> = {};
    for (const workflowId of workflowIds) {
      const { workflowExecutionInfo } = await client.workflowService.describeWorkflowExecution({ namespace: stack.namespace, execution: { workflowId } });
      historyLengths[workflowId] = Number(workflowExecutionInfo?.historyLength ?? 0);
    }
    return { order, historyLengths };
  } finally {
    await connection.close();
  }
}

/** Every run of a workflow, oldest first (continue-as-new starts a new run under the same ID). */
export async function workflowRuns(stack: FaultStack, workflowId: string): Promise<Array<{ runId: string; status: string; historyLength: number }>> {
  const connection = await Connection.connect({ address: stack.temporalAddress });
  try {
    const client = new Client({ connection, namespace: stack.namespace });
    const { executions } = await client.workflowService.listWorkflowExecutions({ namespace: stack.namespace, query: `WorkflowId = '${workflowId}'`, pageSize: 1000 });
    return executions
      .map((e) => ({ runId: e.execution?.runId ?? '', status: String(e.status ?? ''), historyLength: Number(e.historyLength ?? 0), started: Number(e.startTime?.seconds ?? 0) }))
      .sort((a, b) => a.started - b.started)
      .map(({ runId, status, historyLength }) => ({ runId, status, historyLength }));
  } finally {
    await connection.close();
  }
}
