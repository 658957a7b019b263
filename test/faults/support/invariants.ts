import { createHash } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { temporal as proto } from '@temporalio/proto';
import mongoose from 'mongoose';
import { orderWorkflowId, shipmentWorkflowId } from '../../../workflows/shared/ids';
import { recordInvariants } from './fault-record';
import { personalDataIn } from '../../support/personal-data-scan';

/**
 * The guarantees every fault scenario ends by checking (issue 7, docs/reliability.md). Each reads the
 * system's own records, never the scenario's bookkeeping: the read model and the sandbox's side-effect
 * records in MongoDB, and the histories in Temporal, read raw (nothing is decoded, so invariant 5 sees
 * exactly what an operator would export).
 */
export const INVARIANTS = {
  nothingLost: 'no order or event lost',
  oneMessage: 'at most one message per (order, milestone, parcel, channel)',
  oneEscrowAction: 'at most one escrow release or refund per order, a release only after verified delivery',
  noNondeterminism: 'no non-determinism errors',
  noPersonalData: 'no plaintext personal data in exported histories',
} as const;
export type InvariantName = keyof typeof INVARIANTS;

/** Where the system under test runs. */
export interface FaultTarget {
  apiUrl: string;
  apiKeys: Record<'platform' | 'support' | 'admin', string>;
  temporalAddress: string;
  namespace: string;
  mongoUri: string;
}

/** A scan the scenario made visible to Waybill (by push or poll): it must be in the parcel's timeline. */
export interface DeliveredEvent {
  trackingNumber: string;
  /** The scan's instant; compared as an instant, whatever offset each side writes. */
  occurredAt: string;
}

export interface CustomerData {
  name?: string;
  email?: string;
  phone?: string;
}

export interface InvariantScope {
  orderIds: string[];
  /** The scans the scenario delivered; see `sandboxParcelEvents` for a sandbox parcel's. */
  expectEvents?: DeliveredEvent[];
  /**
   * Each order's customer, when the scenario knows it: enables invariant 5 (what to look for) and
   * makes invariant 2 count every email and SMS that reached the customer, not only those with a key.
   */
  customers?: Record<string, CustomerData>;
  /** Only these; all by default. */
  only?: InvariantName[];
}

export interface InvariantResult {
  name: InvariantName;
  description: string;
  violations: string[];
  /** What was counted, for the report: e.g. "12 messages, 12 keys". */
  checked: string;
}

export interface InvariantReport {
  results: InvariantResult[];
  ok: boolean;
}

/** Temporal's own signal that events arrived while the worker completed a task: routine, not a bug in the code. */
const BENIGN_TASK_FAILURE_CAUSES = new Set([proto.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND]);
/** A release recorded a little before the delivery evidence's timestamp is still after it, within clock rounding. */
const CLOCK_TOLERANCE_MS = 1_000;

export async function checkInvariants(target: FaultTarget, scope: InvariantScope): Promise<InvariantReport> {
  const mongo = await mongoose.createConnection(target.mongoUri, { serverSelectionTimeoutMS: 10_000 }).asPromise();
  const connection = await Connection.connect({ address: target.temporalAddress });
  try {
    const db = mongo.db!;
    const temporal = new Client({ connection, namespace: target.namespace });
    const orders = new Map<string, OrderDoc | null>();
    for (const orderId of scope.orderIds) orders.set(orderId, (await db.collection<OrderDoc>('orders').findOne({ _id: orderId })) ?? null);
    const shipments = await db.collection<ShipmentDoc>('shipments').find({ orderId: { $in: scope.orderIds } }).toArray();
    const histories = await exportHistories(temporal, target.namespace, scope.orderIds, shipments);
    const ctx: Context = { db, scope, orders, shipments, histories };

    const wanted = scope.only ?? (Object.keys(INVARIANTS) as InvariantName[]);
    const results: InvariantResult[] = [];
    for (const name of wanted) results.push({ name, description: INVARIANTS[name], ...(await CHECKS[name](ctx)) });
    return { results, ok: results.every((r) => r.violations.length === 0) };
  } finally {
    await connection.close();
    await mongo.close();
  }
}

/** Checks, records the outcome for the suite's report, and throws with every violation listed. */
export async function expectInvariants(target: FaultTarget, scope: InvariantScope): Promise<InvariantReport> {
  const report = await checkInvariants(target, scope);
  recordInvariants(report.results);
  if (!report.ok) throw new Error(`Invariants violated:\n${describeReport(report)}`);
  return report;
}

export function describeReport(report: InvariantReport): string {
  return report.results
    .map((r) => `${r.violations.length ? '✗' : '✓'} ${r.description} (${r.checked})${r.violations.map((v) => `\n    - ${v}`).join('')}`)
    .join('\n');
}

/** The scans of a sandbox parcel that have happened by now: what Waybill may have seen of it. */
export async function sandboxParcelEvents(apiUrl: string, trackingNumber: string): Promise<DeliveredEvent[]> {
  const response = await fetch(`${apiUrl}/sandbox/parcels/${encodeURIComponent(trackingNumber)}`);
  if (!response.ok) throw new Error(`GET /sandbox/parcels/${trackingNumber} answered ${response.status}`);
  const parcel = (await response.json()) as { timeline: Array<{ occurredAt: string }> };
  return parcel.timeline.map((step) => ({ trackingNumber, occurredAt: step.occurredAt }));
}

interface OrderDoc {
  _id: string;
  shipmentIds?: string[];
  customerConfirmedAt?: string;
  escrow?: { state?: string; transactionId?: string; pending?: string };
}
interface ShipmentDoc {
  _id: string;
  shipmentId: string;
  orderId: string;
  trackingNumber: string;
  status: string;
  events?: Array<{ occurredAt: string }>;
  lifecycle?: { delivery?: { firstSeenAt?: string; confirmedBy?: string } };
  manualDelivery?: { at?: string };
}
interface ExportedRun {
  workflowId: string;
  runId: string;
  json: string;
  events: proto.api.history.v1.IHistoryEvent[];
}
interface Context {
  db: mongoose.mongo.Db;
  scope: InvariantScope;
  orders: Map<string, OrderDoc | null>;
  shipments: ShipmentDoc[];
  histories: { runs: ExportedRun[]; missing: string[] };
}
type Check = (ctx: Context) => Promise<Omit<InvariantResult, 'name' | 'description'>>;

/** Every run (continue-as-new included) of each order's and each of its parcels' workflows. */
async function exportHistories(client: Client, namespace: string, orderIds: string[], shipments: ShipmentDoc[]): Promise<Context['histories']> {
  const workflowIds = [...orderIds.map(orderWorkflowId), ...shipments.map((s) => shipmentWorkflowId(s.shipmentId))];
  const runs: ExportedRun[] = [];
  const missing: string[] = [];
  for (const workflowId of workflowIds) {
    // Raw: the client's list() would decode memos and attributes, and nothing here holds the key.
    const { executions } = await client.workflowService.listWorkflowExecutions({ namespace, query: `WorkflowId = '${workflowId.replace(/'/g, "\\'")}'` });
    const runIds = executions.map((e) => e.execution?.runId).filter((id): id is string => !!id);
    if (runIds.length === 0) {
      // Visibility lags behind a fresh start; the execution itself is the authority.
      try {
        const { workflowExecutionInfo } = await client.workflowService.describeWorkflowExecution({ namespace, execution: { workflowId } });
        runIds.push(workflowExecutionInfo!.execution!.runId!);
      } catch {
        missing.push(workflowId);
        continue;
      }
    }
    for (const runId of runIds) {
      const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
      runs.push({ workflowId, runId, json: historyToJSON(history), events: history.events ?? [] });
    }
  }
  return { runs, missing };
}

const nothingLost: Check = async ({ scope, orders, shipments, histories }) => {
  const violations: string[] = [];
  for (const [orderId, order] of orders) {
    if (!order) violations.push(`order ${orderId} is not in the read model`);
    for (const shipmentId of order?.shipmentIds ?? []) {
      if (!shipments.some((s) => s.shipmentId === shipmentId)) violations.push(`shipment ${shipmentId} of ${orderId} is not in the read model`);
    }
  }
  for (const workflowId of histories.missing) violations.push(`${workflowId} is not in Temporal`);
  const expected = scope.expectEvents ?? [];
  for (const event of expected) {
    const shipment = shipments.find((s) => s.trackingNumber === event.trackingNumber);
    const at = Date.parse(event.occurredAt);
    if (!shipment) violations.push(`no shipment tracks ${event.trackingNumber}`);
    else if (!(shipment.events ?? []).some((e) => sameScanTime(Date.parse(e.occurredAt), at))) violations.push(`${event.trackingNumber}'s scan at ${event.occurredAt} is not in its timeline`);
  }
  return { violations, checked: `${orders.size} orders, ${shipments.length} shipments, ${histories.runs.length} workflow runs, ${expected.length} delivered scans` };
};

/**
 * Carriers write scan times truncated, to the second (UPS, FedEx) or to the minute (USPS's local
 * `eventTimestamp`), while the sandbox's timeline keeps milliseconds: a recorded time may be up to a
 * minute before the scan's, never after it.
 */
const TRUNCATION_MS = 60_000;
const sameScanTime = (recorded: number, scan: number) => recorded <= scan && scan - recorded < TRUNCATION_MS;

const sha32 = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 32);
const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Each outbox key is one message: (order, milestone, parcel, channel, and a revision where a message
 * may rightly repeat, such as a new delay date). SMS and push count the provider's records by their
 * idempotency keys. SMTP has none, so a resend after a lost answer delivers the same Message-ID again
 * (test/e2e/notification-crash.e2e.spec.ts): email counts distinct Message-IDs, as a deduplicating
 * mailbox would, and every Message-ID must come from one of the order's keys.
 */
const oneMessage: Check = async ({ db, scope }) => {
  const violations: string[] = [];
  let messages = 0;
  let keys = 0;
  for (const orderId of scope.orderIds) {
    const prefix = new RegExp(`^${escapeRegex(orderId)}\\|`);
    const outbox = await db.collection<{ _id: string; channel: string }>('notification_outbox').find({ orderId }).toArray();
    keys += outbox.length;
    const customer = scope.customers?.[orderId];

    const texts = await db.collection<{ to: string; idempotencyToken?: string }>('sandbox_sms_messages')
      .find(customer?.phone ? { $or: [{ idempotencyToken: prefix }, { to: customer.phone }] } : { idempotencyToken: prefix })
      .toArray();
    messages += texts.length;
    for (const [token, count] of tally(texts.map((t) => t.idempotencyToken ?? '(no idempotency token)'))) {
      if (count > 1) violations.push(`${count} SMS for ${token}`);
    }

    const pushes = await db.collection<{ milestone: string; idempotencyKey?: string }>('sandbox_mobile_push').find({ orderId }).toArray();
    messages += pushes.length;
    for (const [key, count] of tally(pushes.map((p) => p.idempotencyKey ?? `${orderId}|${p.milestone}|(no idempotency key)`))) {
      if (count > 1) violations.push(`${count} pushes for ${key}`);
    }

    const byMessageId = new Map(outbox.filter((e) => e.channel === 'email').map((e) => [sha32(e._id), e._id]));
    // One regular expression rather than `$in` with several: FerretDB 1.x takes the former only.
    const ofKeys = byMessageId.size ? [{ messageId: new RegExp(`^<(${[...byMessageId.keys()].join('|')})@`) }] : [];
    const toCustomer = customer?.email ? [{ to: customer.email.toLowerCase() }] : [];
    const mails = [...ofKeys, ...toCustomer].length ? await db.collection<{ messageId: string }>('sandbox_mail').find({ $or: [...ofKeys, ...toCustomer] }).toArray() : [];
    const distinct = new Set(mails.map((m) => m.messageId));
    messages += distinct.size;
    for (const messageId of distinct) {
      const hash = /^<([0-9a-f]{32})@/.exec(messageId)?.[1];
      if (!hash || !byMessageId.has(hash)) violations.push(`an email to ${orderId}'s customer (${messageId}) comes from none of the order's outbox keys`);
    }
  }
  return { violations, checked: `${messages} messages (emails by distinct Message-ID) for ${keys} outbox keys` };
};

const oneEscrowAction: Check = async ({ db, scope, orders, shipments }) => {
  const violations: string[] = [];
  let transactions = 0;
  for (const orderId of scope.orderIds) {
    const moves = await db.collection<{ _id: string; object: 'transfer' | 'refund'; createdAt: Date }>('sandbox_escrow_transactions').find({ orderId }).toArray();
    transactions += moves.length;
    if (moves.length > 1) violations.push(`${orderId} moved money ${moves.length} times: ${moves.map((m) => `${m.object} ${m._id}`).join(', ')}`);
    const order = orders.get(orderId);
    for (const release of moves.filter((m) => m.object === 'transfer')) {
      const verifiedAt = deliveryVerifiedAt(order ?? null, shipments.filter((s) => s.orderId === orderId));
      if (verifiedAt === undefined) violations.push(`${orderId} was released (${release._id}) without verified delivery`);
      else if (release.createdAt.getTime() + CLOCK_TOLERANCE_MS < verifiedAt) violations.push(`${orderId} was released at ${release.createdAt.toISOString()}, before delivery was seen at ${new Date(verifiedAt).toISOString()}`);
    }
    // The read model must have converged on what the provider did.
    const [move] = moves;
    if (move && order?.escrow?.transactionId !== move._id) violations.push(`${orderId}'s read model shows escrow ${order?.escrow?.state ?? 'missing'} (${order?.escrow?.transactionId ?? 'no transaction'}), the provider ${move.object} ${move._id}`);
  }
  return { violations, checked: `${transactions} escrow transactions for ${scope.orderIds.length} orders` };
};

/**
 * When the delivery became verified, as the read model records it: every parcel delivered with its
 * confirmation (a second independent read, or an admin's), or the customer's own confirmation.
 */
function deliveryVerifiedAt(order: OrderDoc | null, shipments: ShipmentDoc[]): number | undefined {
  if (order?.customerConfirmedAt) return Date.parse(order.customerConfirmedAt);
  if (shipments.length === 0) return undefined;
  const times = shipments.map((s) => {
    if (s.manualDelivery?.at) return Date.parse(s.manualDelivery.at);
    const delivery = s.lifecycle?.delivery;
    return s.status === 'delivered' && delivery?.confirmedBy && delivery.firstSeenAt ? Date.parse(delivery.firstSeenAt) : undefined;
  });
  return times.every((t): t is number => t !== undefined) ? Math.max(...times) : undefined;
}

const noNondeterminism: Check = async ({ histories }) => {
  const violations: string[] = [];
  let tasks = 0;
  for (const run of histories.runs) {
    for (const event of run.events) {
      const failed = event.workflowTaskFailedEventAttributes;
      if (!failed) continue;
      tasks++;
      if (failed.cause && BENIGN_TASK_FAILURE_CAUSES.has(failed.cause)) continue;
      const cause = failed.cause ? proto.api.enums.v1.WorkflowTaskFailedCause[failed.cause] : 'no cause';
      violations.push(`${run.workflowId} (run ${run.runId}) event ${String(event.eventId)}: workflow task failed, ${cause}: ${failed.failure?.message ?? ''}`.trim());
    }
  }
  return { violations, checked: `${histories.runs.length} runs, ${tasks} failed workflow tasks` };
};

const noPersonalData: Check = async ({ scope, histories }) => {
  const violations: string[] = [];
  const needles = Object.values(scope.customers ?? {}).flatMap(personalDataVariants);
  if (needles.length === 0) return { violations: ['no customer data given to look for (pass scope.customers)'], checked: 'nothing' };
  for (const run of histories.runs) {
    for (const found of personalDataIn(run.json, needles)) violations.push(`${run.workflowId} (run ${run.runId}): ${found}`);
  }
  return { violations, checked: `${histories.runs.length} exported runs, ${needles.length} values` };
};

const CHECKS: Record<InvariantName, Check> = { nothingLost, oneMessage, oneEscrowAction, noNondeterminism, noPersonalData };

/** Whole values and the parts a formatter or an error message could quote on their own. */
function personalDataVariants(customer: CustomerData): string[] {
  const values: string[] = [];
  if (customer.name) values.push(customer.name, ...customer.name.split(/\s+/).filter((part) => part.length >= 4));
  if (customer.email) values.push(customer.email, customer.email.split('@')[0]);
  if (customer.phone) {
    const national = customer.phone.replace(/^\+1/, '');
    values.push(customer.phone, national, `${national.slice(0, 3)}-${national.slice(3, 6)}-${national.slice(6)}`);
  }
  return values;
}


function tally(items: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}
