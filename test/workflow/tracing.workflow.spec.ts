import { SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { Client } from '@temporalio/client';
import { TRACE_HEADER } from '@temporalio/interceptors-opentelemetry/lib/instrumentation';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { correlationLogFields, runWithCorrelationId } from '../../src/logging/correlation-context';
import { workflowClientInterceptors } from '../../src/tracing/client-interceptors';
import { Tracing } from '../../src/tracing/tracing';
import { workerObservability } from '../../src/tracing/worker-interceptors';
import { cancelOrderUpdate, markProcessingUpdate } from '../../workflows/order/order.messages';
import { orderWorkflow } from '../../workflows/order/order.workflow';
import { CORRELATION_HEADER } from '../../workflows/shared/correlation';
import { orderWorkflowId, WAYBILL_TASK_QUEUE } from '../../workflows/shared/ids';
import { OrderStatus } from '../../workflows/shared/vocabulary';
import { ScriptedCarrier } from '../support/fake-carrier';
import { testDataConverter, useWorkflowTestServer } from '../support/temporal-test-env';
import { createHarness, TEST_POLL_POLICY, uniqueOrderId } from '../support/workflow-harness';

const platform = { role: 'platform' as const, keyId: 'key_test' };

/**
 * Tracing and correlation IDs end to end on the real workflows: what the API's Temporal client
 * sends reaches the workflow, and from it each activity's log context and span, under the
 * client's span (docs/observability.md).
 */
describe('tracing and correlation IDs through Temporal', () => {
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;
  const exporter = new InMemorySpanExporter();
  const tracing = new Tracing({ serviceName: 'waybill-test', spanProcessor: new SimpleSpanProcessor(exporter) });

  useWorkflowTestServer('time-skipping', (started, bundled) => {
    [env, bundle] = [started, bundled];
  });
  afterAll(() => tracing.shutdown());

  it('carries the request ID and trace from the client to the workflow and its activities', async () => {
    const sut = createHarness(env, bundle, new ScriptedCarrier('ups', [[]]), tracing);
    // What an activity sees when it writes to the read model: the fields its log lines get.
    const seenByActivity: Array<ReturnType<typeof correlationLogFields> & { status: string }> = [];
    const upsertOrder = sut.readModel.upsertOrder.bind(sut.readModel);
    sut.readModel.upsertOrder = async (order) => {
      seenByActivity.push({ ...correlationLogFields(), status: order.status });
      return upsertOrder(order);
    };
    const client = new Client({
      connection: env.connection,
      namespace: env.namespace,
      dataConverter: await testDataConverter(),
      interceptors: { workflow: workflowClientInterceptors(true) },
    });
    const orderId = uniqueOrderId();
    const inRequest = <T>(requestId: string, fn: () => Promise<T>): Promise<T> =>
      runWithCorrelationId(requestId, () => trace.getTracer('test').startActiveSpan('request', (span) => fn().finally(() => span.end())));

    await sut.run(async () => {
      const handle = await runWithCorrelationId('req-start-1', () =>
        trace.getTracer('test').startActiveSpan('POST /v1/orders', { kind: SpanKind.SERVER }, async (span) => {
          try {
            return await client.workflow.start(orderWorkflow, {
              workflowId: orderWorkflowId(orderId),
              taskQueue: WAYBILL_TASK_QUEUE,
              args: [
                {
                  order: { orderId, customer: { name: 'Ada Lovelace', email: 'ada@example.com', timeZone: 'America/New_York' } },
                  requestHash: 'test',
                  pollPolicy: TEST_POLL_POLICY,
                },
              ],
            });
          } finally {
            span.end();
          }
        }),
      );
      await inRequest('req-processing-2', () => handle.executeUpdate(markProcessingUpdate, { args: [{ actor: platform }] }));
      await inRequest('req-cancel-3', () => handle.executeUpdate(cancelOrderUpdate, { args: [{ actor: platform, reason: 'changed mind' }] }));
      expect((await handle.result()).status).toBe(OrderStatus.CANCELLED);

      // Each activity ran under the ID of the request that caused it, and inside the client's trace.
      const idFor = (status: string) => seenByActivity.find((seen) => seen.status === status)?.correlationId;
      expect(idFor(OrderStatus.ORDER_RECEIVED)).toBe('req-start-1');
      expect(idFor(OrderStatus.PROCESSING)).toBe('req-processing-2');
      expect(idFor(OrderStatus.CANCELLED)).toBe('req-cancel-3');
      expect(seenByActivity.every((seen) => /^[0-9a-f]{32}$/.test(seen.traceId ?? ''))).toBe(true);

      // What the interceptors write into history: both headers on the start and on every scheduled activity.
      const history = await handle.fetchHistory();
      const started = history.events?.[0].workflowExecutionStartedEventAttributes;
      expect(Object.keys(started?.header?.fields ?? {}).sort()).toEqual([TRACE_HEADER, CORRELATION_HEADER].sort());
      const scheduled = history.events?.filter((e) => e.activityTaskScheduledEventAttributes).map((e) => e.activityTaskScheduledEventAttributes?.header?.fields ?? {});
      expect(scheduled?.length).toBeGreaterThan(0);
      for (const fields of scheduled ?? []) expect(Object.keys(fields)).toEqual(expect.arrayContaining([TRACE_HEADER, CORRELATION_HEADER]));

      // A history recorded with the interceptors replays with them.
      await Worker.runReplayHistory({ workflowBundle: bundle, dataConverter: await testDataConverter(), ...workerObservability(new Tracing({ serviceName: 'waybill-worker' }), false) }, history, orderWorkflowId(orderId));
    });

    const spans = exporter.getFinishedSpans();
    const named = (name: string): ReadableSpan[] => spans.filter((s) => s.name === name);
    const only = (name: string): ReadableSpan => {
      expect(named(name)).toHaveLength(1);
      return named(name)[0];
    };
    const root = only('POST /v1/orders');
    const start = only('StartWorkflow:orderWorkflow');
    const run = only('RunWorkflow:orderWorkflow');
    expect(start.parentSpanId).toBe(root.spanContext().spanId);
    expect(run.parentSpanId).toBe(start.spanContext().spanId);
    expect(run.attributes.workflowId).toBe(orderWorkflowId(orderId));
    // The order's first read-model write: scheduled by the workflow run, executed under that.
    const scheduledWrites = named('StartActivity:upsertOrderReadModel').filter((s) => s.parentSpanId === run.spanContext().spanId);
    expect(scheduledWrites.length).toBeGreaterThan(0);
    const executed = named('RunActivity:upsertOrderReadModel').filter((s) => s.parentSpanId === scheduledWrites[0].spanContext().spanId);
    expect(executed).toHaveLength(1);
    // The workflow run and what it scheduled are in the first request's trace.
    expect(run.spanContext().traceId).toBe(root.spanContext().traceId);
    expect(executed[0].spanContext().traceId).toBe(root.spanContext().traceId);
    // The update's handler span is under that request's client span.
    const updateHandled = only('HandleUpdate:markProcessing');
    const updateSent = only('StartWorkflowUpdate:markProcessing');
    expect(updateHandled.parentSpanId).toBe(updateSent.spanContext().spanId);

    // No personal data in any span: names, attributes, events.
    const everything = JSON.stringify(spans.map((s) => ({ name: s.name, attributes: s.attributes, events: s.events })));
    expect(everything).not.toMatch(/ada@example\.com|Ada Lovelace|America\/New_York/);
    // Workflow spans say which run they belong to and nothing more about it.
    expect(Object.keys(run.attributes).sort()).toEqual(['attempt', 'namespace', 'runId', 'taskQueue', 'workflowId', 'workflowType']);
  });
});
