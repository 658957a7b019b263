import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { TRACE_HEADER } from '@temporalio/interceptors-opentelemetry/lib/instrumentation';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { PermanentDeliveryError } from '../../activities/notifications/outbox';
import { ENCRYPTED_ENCODING, METADATA_KEY_ID } from '../../src/temporal/payload-encryption/aes-gcm-payload-codec';
import { payloadCodecFor } from '../../src/temporal/payload-encryption/data-converter';
import { parsePayloadEncryptionKeys, TEST_ONLY_PAYLOAD_ENCRYPTION_KEYS } from '../../src/temporal/payload-encryption/payload-encryption-keys';
import { addShipmentUpdate, markProcessingUpdate } from '../../workflows/order/order.messages';
import type { CustomerContact, OrderWorkflowInput } from '../../workflows/order/order.types';
import { orderWorkflow } from '../../workflows/order/order.workflow';
import { orderWorkflowId, shipmentWorkflowId, WAYBILL_TASK_QUEUE } from '../../workflows/shared/ids';
import { OrderStatus } from '../../workflows/shared/vocabulary';
import { CORRELATION_HEADER, isCorrelationId } from '../../workflows/shared/correlation';
import { ScriptedCarrier } from '../support/fake-carrier';
import { testDataConverter, useWorkflowTestServer } from '../support/temporal-test-env';
import { UPS_JOURNEY } from '../support/tracking-events';
import { createHarness, TEST_POLL_POLICY, uniqueOrderId } from '../support/workflow-harness';
import { personalDataIn, type Json } from '../support/personal-data-scan';

/**
 * What an operator exports from Temporal (the UI's "download", `temporal workflow show`, a support
 * ticket's attachment) must not hold the customer's personal data: the order's input, its state,
 * activity arguments and results, and failure messages that quote an address are all encrypted.
 * The order input has no postal address; name, email and phone are all the personal data it carries.
 */
const CUSTOMER: CustomerContact = {
  name: 'Grace Brewster Hopper',
  email: 'grace.hopper.k7q2@example.com',
  phone: '+14155550199',
  timeZone: 'America/New_York',
  customerRef: 'cus_pii_test',
};
/** Whole values and the parts a formatter or an error message could quote on their own. */
const PERSONAL_DATA = [CUSTOMER.name, 'Brewster', 'Hopper', CUSTOMER.email, 'grace.hopper.k7q2', CUSTOMER.phone!, '4155550199', '415-555-0199', '(415) 555-0199'];

const platform = { role: 'platform' as const, keyId: 'key_test' };
const TRACKING = '1Z5R89390357567127';
const { label, pickedUp, outForDelivery, delivered } = UPS_JOURNEY;

/** Every Payload in the exported JSON (`{ metadata: {…}, data? }`), with where it sits. */
function* payloads(value: Json, path: string[] = []): Generator<{ path: string[]; payload: Payload }> {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) yield* payloads(item, [...path, String(i)]);
  } else if (value && typeof value === 'object') {
    const { metadata, data } = value;
    if (metadata && typeof metadata === 'object' && !Array.isArray(metadata) && Object.keys(value).every((k) => k === 'metadata' || k === 'data')) {
      const bytes = (b64: Json) => new Uint8Array(Buffer.from(typeof b64 === 'string' ? b64 : '', 'base64'));
      yield { path, payload: { metadata: Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, bytes(v)])), data: bytes(data ?? '') } };
      return;
    }
    for (const [key, item] of Object.entries(value)) yield* payloads(item, [...path, key]);
  }
}


const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? new Uint8Array()).toString('utf8');

describe('payload encryption on the real test server', () => {
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;

  useWorkflowTestServer('time-skipping', (started, bundled) => {
    [env, bundle] = [started, bundled];
  });

  it('exports order and shipment histories with no name, email or phone in clear, failure messages included', async () => {
    const sut = createHarness(env, bundle, new ScriptedCarrier('ups', [[label], [label, pickedUp], [label, pickedUp, outForDelivery], [label, pickedUp, outForDelivery, delivered]]));
    // The first message's first attempt meets a greylisting server, its retry a refusal: both quote the customer, as SMTP servers do.
    sut.email.failNext(
      new Error(`451 4.7.1 <${CUSTOMER.email}>: greylisted, try again later (recipient ${CUSTOMER.name})`),
      new PermanentDeliveryError(`550 5.1.1 <${CUSTOMER.email}>: no mailbox for ${CUSTOMER.name}, ${CUSTOMER.phone}`),
    );
    const orderId = uniqueOrderId();
    const shipmentId = `shp_${orderId}`;
    const input: OrderWorkflowInput = { order: { orderId, customer: CUSTOMER, escrow: { amount: 4200, currency: 'USD' } }, requestHash: 'test', pollPolicy: TEST_POLL_POLICY };

    const result = await sut.run(async () => {
      const handle = await env.client.workflow.start(orderWorkflow, { workflowId: orderWorkflowId(orderId), taskQueue: WAYBILL_TASK_QUEUE, args: [input] });
      await handle.executeUpdate(markProcessingUpdate, { args: [{ actor: platform }] });
      await handle.executeUpdate(addShipmentUpdate, { args: [{ shipmentId, carrier: 'ups', trackingNumber: TRACKING, trackingUrl: `https://www.ups.com/track?tracknum=${TRACKING}`, actor: platform }] });
      return handle.result();
    });
    // The client decrypted the result as usual, and the workflow went on despite the refused email.
    expect(result.status).toBe(OrderStatus.DELIVERED);
    expect(sut.email.sent.map((m) => m.to)).toEqual(Array(3).fill(CUSTOMER.email));

    const orderHistory = await env.client.workflow.getHandle(orderWorkflowId(orderId)).fetchHistory();
    const shipmentHistory = await env.client.workflow.getHandle(shipmentWorkflowId(shipmentId)).fetchHistory();
    const exported = { order: historyToJSON(orderHistory), shipment: historyToJSON(shipmentHistory) };

    // Nothing personal anywhere: not in the JSON, not in any base64 field once decoded.
    expect(personalDataIn(exported.order, PERSONAL_DATA)).toEqual([]);
    expect(personalDataIn(exported.shipment, PERSONAL_DATA)).toEqual([]);

    // The refusal is in the order's history as the activity's failure. (A real server also keeps the
    // greylisting in the retried attempt's lastFailure; the time-skipping server does not record it.)
    const events = orderHistory.events ?? [];
    const failed = events.flatMap((e) => (e.activityTaskFailedEventAttributes?.failure ? [e.activityTaskFailedEventAttributes.failure] : []));
    const lastFailures = events.flatMap((e) => (e.activityTaskStartedEventAttributes?.lastFailure ? [e.activityTaskStartedEventAttributes.lastFailure] : []));
    expect(failed).toHaveLength(1);
    const failures = [...failed, ...lastFailures];
    for (const failure of failures) {
      expect(failure.message).toBe('Encoded failure');
      expect(failure.stackTrace ?? '').toBe('');
      expect(text(failure.encodedAttributes?.metadata?.encoding)).toBe(ENCRYPTED_ENCODING);
    }

    // Every payload is encrypted under the test key, except what Temporal must read itself: search
    // attributes (indexed in clear; statuses only) and the SDK's patch markers (a patch ID); and the
    // tracing and correlation headers, which the codec never sees (docs/observability.md): a W3C
    // trace context and a request ID, nothing else.
    const [testKey] = parsePayloadEncryptionKeys(TEST_ONLY_PAYLOAD_ENCRYPTION_KEYS);
    const found = [...payloads(JSON.parse(exported.order) as Json), ...payloads(JSON.parse(exported.shipment) as Json)];
    const isHeader = (path: string[]) => path.includes('header') && [TRACE_HEADER, CORRELATION_HEADER].includes(path[path.length - 1]);
    for (const { payload } of found.filter(({ path }) => isHeader(path))) {
      const value: unknown = defaultPayloadConverter.fromPayload(payload);
      if (typeof value === 'string') expect(isCorrelationId(value)).toBe(true);
      else expect(Object.keys(value as object).every((key) => key === 'traceparent' || key === 'tracestate')).toBe(true);
    }
    const encrypted = found.filter(({ path }) => !path.includes('searchAttributes') && !path.includes('patch-data') && !isHeader(path));
    expect(encrypted.length).toBeGreaterThan(20);
    for (const { path, payload } of encrypted) {
      expect([path.join('.'), text(payload.metadata?.encoding), text(payload.metadata?.[METADATA_KEY_ID])]).toEqual([path.join('.'), ENCRYPTED_ENCODING, testKey.id]);
    }

    // And the data is really there, for whoever holds the key: the order's input decrypts to the customer,
    // and the failures decrypt to the SMTP servers' words.
    const codec = await payloadCodecFor(TEST_ONLY_PAYLOAD_ENCRYPTION_KEYS);
    const decrypted = await codec.decode(encrypted.map(({ payload }) => payload));
    const plaintext = decrypted.map((p) => text(p.data)).join('\n');
    expect(plaintext).toContain(CUSTOMER.email);
    expect(plaintext).toContain(CUSTOMER.name);
    expect(plaintext).toContain(`550 5.1.1 <${CUSTOMER.email}>`);
    const [start] = await codec.decode(events[0].workflowExecutionStartedEventAttributes?.input?.payloads ?? []);
    expect(defaultPayloadConverter.fromPayload<OrderWorkflowInput>(start).order.customer).toEqual(CUSTOMER);

    // The encrypted history replays with the same data converter, as a deploy's replay check would.
    await Worker.runReplayHistory({ workflowBundle: bundle, dataConverter: await testDataConverter(), replayName: 'payload-encryption' }, orderHistory, orderWorkflowId(orderId));
  });
});
