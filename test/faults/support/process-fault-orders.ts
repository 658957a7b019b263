import { temporal as proto } from '@temporalio/proto';
import { Client, Connection } from '@temporalio/client';
import { orderWorkflowId } from '../../../workflows/shared/ids';
import { waitUntil } from '../../support/http-client';
import type { FaultStack } from './fault-stack';
import type { CustomerData } from './invariants';

/** An order's customer, unique to the run: its email and phone find its messages in the sandbox. */
export interface ScenarioCustomer extends Required<CustomerData> {
  orderId: string;
  customerRef: string;
}

let phoneSerial = 0;

/** Names are made of letters only, so invariant 5 can look for each part of them in exported histories. */
export function scenarioCustomer(runId: string, label: string): ScenarioCustomer {
  phoneSerial += 1;
  return {
    orderId: `FLT-${runId}-${label}`,
    name: 'Barbara Liskov',
    email: `${label}.${runId}@example.com`,
    // Distinct per customer, so a phone's texts belong to one order.
    phone: `+1415555${String(1000 + ((Number.parseInt(runId.slice(-3), 36) * 7 + phoneSerial) % 9000)).padStart(4, '0')}`,
    customerRef: `cus_${runId}_${label}`,
  };
}

export const customersOf = (customers: ScenarioCustomer[]): Record<string, CustomerData> =>
  Object.fromEntries(customers.map((c) => [c.orderId, { name: c.name, email: c.email, phone: c.phone }]));

/** POST /v1/orders's body for the customer's order. */
export const orderBody = (c: ScenarioCustomer, escrow?: { amount: number; currency: string }) => ({
  orderId: c.orderId,
  customer: { name: c.name, email: c.email, phone: c.phone, customerRef: c.customerRef, timeZone: 'Etc/UTC' },
  ...(escrow ? { escrow } : {}),
});

/** Every channel for every milestone, no quiet hours: the scenario does not depend on the time of day. */
export async function placeOrder(stack: FaultStack, c: ScenarioCustomer, escrow?: { amount: number; currency: string }): Promise<void> {
  const prefs = await stack.api.put(`/v1/customers/${c.customerRef}/notification-preferences`, { channels: { email: 'all', sms: 'all', push: 'all' }, quietHours: null }, stack.apiKeys.platform);
  if (prefs.status !== 200) throw new Error(`preferences for ${c.customerRef}: ${prefs.status} ${JSON.stringify(prefs.body)}`);
  const created = await stack.api.post('/v1/orders', orderBody(c, escrow), stack.apiKeys.platform);
  if (created.status !== 201) throw new Error(`order ${c.orderId}: ${created.status} ${JSON.stringify(created.body)}`);
}

/** A sandbox parcel added to the order; `push: false` leaves it to polling alone. */
export async function shipParcel(stack: FaultStack, orderId: string, parcel: { scenario?: string; speed?: number; push?: boolean; carrier?: string } = {}): Promise<string> {
  const made = await stack.api.post('/sandbox/parcels', { carrier: parcel.carrier ?? 'ups', scenario: parcel.scenario ?? 'delivered', speed: parcel.speed ?? 20_000, push: parcel.push ?? true });
  if (made.status !== 201) throw new Error(`sandbox parcel: ${made.status} ${JSON.stringify(made.body)}`);
  const added = await stack.api.post(`/v1/orders/${orderId}/shipments`, { trackingNumber: made.body.trackingNumber }, stack.apiKeys.platform);
  if (added.status !== 201) throw new Error(`shipment for ${orderId}: ${added.status} ${JSON.stringify(added.body)}`);
  return made.body.trackingNumber as string;
}

/** The order as the API shows it (the support role reads every order). */
export const orderDetail = async (stack: FaultStack, orderId: string) => (await stack.api.get(`/v1/orders/${orderId}`, stack.apiKeys.support)).body;

/**
 * Resolves once the order's workflow has completed: its parcels delivered, its escrow settled and
 * every message it planned settled. Read raw, so nothing needs decoding.
 */
export async function waitForOrderClosed(stack: FaultStack, orderId: string, timeoutMs: number): Promise<void> {
  const connection = await Connection.connect({ address: stack.temporalAddress });
  try {
    const client = new Client({ connection, namespace: stack.namespace });
    const { WORKFLOW_EXECUTION_STATUS_COMPLETED, WORKFLOW_EXECUTION_STATUS_RUNNING } = proto.api.enums.v1.WorkflowExecutionStatus;
    await waitUntil(`${orderId} to complete`, async () => {
      const { workflowExecutionInfo } = await client.workflowService.describeWorkflowExecution({ namespace: stack.namespace, execution: { workflowId: orderWorkflowId(orderId) } });
      const status = workflowExecutionInfo?.status;
      if (status === WORKFLOW_EXECUTION_STATUS_COMPLETED) return true;
      if (status !== WORKFLOW_EXECUTION_STATUS_RUNNING) throw new Error(`${orderId}'s workflow ended ${proto.api.enums.v1.WorkflowExecutionStatus[status ?? 0]}`);
      return undefined;
    }, timeoutMs, 1_000);
  } finally {
    await connection.close();
  }
}
