import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import request from 'supertest';
import { CustomerTokenGuard } from '../../../src/auth/customer-token.guard';
import { parseCustomerTokenSecrets } from '../../../src/auth/customer-token-secrets';
import { CUSTOMER_TOKEN_OPTIONS, CustomerTokenService } from '../../../src/auth/customer-tokens';
import { CustomerActionsController } from '../../../src/customer/customer-actions.controller';
import { CustomerActionsService } from '../../../src/customer/customer-actions.service';
import { toCustomerOrderView } from '../../../src/customer/customer-order-view';
import { OrderWorkflows } from '../../../src/orders/order-workflows';
import { ReadModelRepository } from '../../../src/persistence/read-model.repository';
import { TEMPORAL_CLIENT } from '../../../src/temporal/temporal-client.module';
import type { OrderView } from '../../../workflows/order/order.types';
import { bearer, useApiTestApp } from '../../support/api-test-app';

/*
 * The customer's routes over real HTTP: real API-key guard, customer-token guard and service, pipe
 * and body limits; Temporal is a fake whose handle records each update and the workflow it went to.
 */

const SECRETS = 'k2026:customer-secret-0123456789abcdef-0123456789';
const clock = { now: new Date('2026-11-26T10:00:00Z') };

/** Everything staff may see, and some things nobody should: the customer's view keeps none of it. */
const viewOf = (orderId: string): OrderView & Record<string, unknown> => ({
  orderId,
  status: 'delivered',
  delayed: true,
  promisedDeliveryDate: '2026-12-01',
  createdAt: '2026-11-26T10:00:00.000Z',
  escrow: { state: 'disputed', amount: 12999, currency: 'USD', transactionId: 'txn_secret_1', onHold: true },
  shipments: [
    {
      shipmentId: 'shp_0123456789abcdef01234567',
      carrier: 'ups',
      trackingNumber: '1Z5R89390357567127',
      trackingUrl: 'https://www.ups.com/track?tracknum=1Z5R89390357567127',
      status: 'delivered',
      ladderStatus: 'delivered',
      revision: 3,
      addedAt: '2026-11-26T11:00:00.000Z',
      estimatedDelivery: { date: '2026-11-30' },
      proofOfDelivery: { signedBy: 'J. NEIGHBOUR', place: 'Front Door', hasSignature: true, hasProofOfDelivery: true },
      manualDelivery: { at: '2026-11-30T10:00:00Z', keyId: 'key_admin00000', note: 'staff note about the slip' },
    },
  ],
  history: [
    { at: '2026-11-26T10:00:00.000Z', type: 'order_received', actor: { role: 'platform', keyId: 'key_platform00' } },
    { at: '2026-11-30T12:00:00.000Z', type: 'dispute_opened', actor: { role: 'customer', keyId: 'tokenid_0000000000' }, detail: 'not_received: staff-only words' },
  ],
  revision: 9,
  dispute: { openedAt: '2026-11-30T12:00:00.000Z', reason: 'not_received: internal' },
  customerConfirmedAt: '2026-11-30T13:00:00.000Z',
  // Not part of OrderView; here to prove fields are picked, never spread.
  customer: { name: 'Ana Lima', email: 'ana@example.com', phone: '+14155550123' },
});

const CUSTOMER_VIEW = {
  orderId: 'A-1001',
  status: 'delivered',
  delayed: true,
  escrow: { state: 'disputed' },
  dispute: { openedAt: '2026-11-30T12:00:00.000Z' },
  shipments: [
    {
      carrier: 'ups',
      trackingNumber: '1Z5R89390357567127',
      trackingUrl: 'https://www.ups.com/track?tracknum=1Z5R89390357567127',
      status: 'delivered',
      estimatedDelivery: { date: '2026-11-30' },
    },
  ],
};

const LEAKS = ['history', 'keyId', 'key_', 'tokenid_', 'ana@example.com', 'Ana Lima', '+1415', '12999', 'txn_secret', 'staff', 'shp_', 'reason', 'J. NEIGHBOUR'];

interface UpdateCall {
  workflowId: string;
  name: string;
  arg: unknown;
  updateId?: string;
}

describe('customer actions over HTTP (real guards, pipe, controller and service; Temporal faked)', () => {
  let tokens: CustomerTokenService;
  const calls: UpdateCall[] = [];
  const executeUpdate = jest.fn();
  const describeWorkflow = jest.fn();
  const query = jest.fn();
  const readModel = { findOrder: jest.fn(), findShipmentsOfOrder: jest.fn() };

  const temporal = {
    withAbortSignal: <R>(_signal: AbortSignal, fn: () => Promise<R>) => fn(),
    workflow: {
      getHandle: (workflowId: string) => ({
        executeUpdate: (update: { name: string }, options: { args: [unknown]; updateId?: string }) => {
          calls.push({ workflowId, name: update.name, arg: options.args[0], updateId: options.updateId });
          return executeUpdate(workflowId, update.name, options.args[0]);
        },
        describe: () => describeWorkflow(workflowId),
        query: () => query(workflowId),
      }),
    },
  };

  const api = useApiTestApp({
    controllers: [CustomerActionsController],
    providers: [
      // As CustomerModule registers them.
      { provide: CUSTOMER_TOKEN_OPTIONS, useValue: { keys: parseCustomerTokenSecrets(SECRETS), defaultTtlMs: 30 * 86_400_000, now: () => clock.now } },
      CustomerTokenService,
      CustomerTokenGuard,
      CustomerActionsService,
      OrderWorkflows,
      { provide: TEMPORAL_CLIENT, useValue: temporal },
      { provide: ReadModelRepository, useValue: readModel },
    ],
  });

  beforeAll(() => {
    tokens = api.moduleRef.get(CustomerTokenService);
  });

  beforeEach(() => {
    clock.now = new Date('2026-11-26T10:00:00Z');
    calls.length = 0;
    for (const fn of [executeUpdate, describeWorkflow, query, readModel.findOrder, readModel.findShipmentsOfOrder]) fn.mockReset();
    executeUpdate.mockImplementation(async (workflowId: string) => viewOf(workflowId.replace(/^order:/, '')));
    query.mockImplementation(async (workflowId: string) => viewOf(workflowId.replace(/^order:/, '')));
    describeWorkflow.mockResolvedValue({ status: { name: 'RUNNING' } });
    readModel.findOrder.mockResolvedValue(null);
    readModel.findShipmentsOfOrder.mockResolvedValue([]);
  });

  const tokenFor = async (orderId = 'A-1001', ttlMs?: number) => {
    const { token } = await tokens.issue(orderId, ttlMs ? { ttlMs } : {});
    const { tokenId } = await tokens.verify(token);
    return { token, tokenId };
  };

  const expectNoLeaks = (body: unknown): void => {
    const text = JSON.stringify(body);
    for (const leak of LEAKS) expect(text).not.toContain(leak);
  };

  describe('POST /v1/track/{token}/confirm-receipt', () => {
    it('confirms on the token’s order as the customer, named by the token’s ID, with a fixed update ID', async () => {
      const { token, tokenId } = await tokenFor();
      const response = await request(api.server).post(`/v1/track/${token}/confirm-receipt`).expect(200);
      expect(calls).toEqual([{ workflowId: 'order:A-1001', name: 'confirmReceipt', arg: { actor: { role: 'customer', keyId: tokenId } }, updateId: 'confirmReceipt' }]);
      expect(response.body).toEqual(CUSTOMER_VIEW);
      expectNoLeaks(response.body);
      expect(JSON.stringify(calls)).not.toContain(token);
    });

    it('accepts an empty JSON object', async () => {
      const { token } = await tokenFor();
      await request(api.server).post(`/v1/track/${token}/confirm-receipt`).send({}).expect(200);
      expect(calls).toHaveLength(1);
    });

    it('refuses a body with a field, such as another order’s ID (400)', async () => {
      const { token } = await tokenFor();
      const response = await request(api.server).post(`/v1/track/${token}/confirm-receipt`).send({ orderId: 'B-2002' }).expect(400);
      expect(JSON.stringify(response.body)).toContain('orderId');
      expect(calls).toEqual([]);
    });

    it('acts only on the order its token names: B’s token reaches B, and nothing in the request can point it at A', async () => {
      const { token } = await tokenFor('B-2002');
      const response = await request(api.server).post(`/v1/track/${token}/confirm-receipt?orderId=A-1001`).expect(200);
      expect(response.body.orderId).toBe('B-2002');
      expect(calls.map((c) => c.workflowId)).toEqual(['order:B-2002']);
    });

    it('answers "not delivered yet" with 409 and the workflow’s message', async () => {
      const message = 'Order A-1001 has not been delivered yet (status in_transit).';
      executeUpdate.mockRejectedValue(new WorkflowUpdateFailedError('failed', ApplicationFailure.create({ type: 'OrderNotDelivered', message, nonRetryable: true })));
      const { token } = await tokenFor();
      const response = await request(api.server).post(`/v1/track/${token}/confirm-receipt`).expect(409);
      expect(response.body).toEqual({ statusCode: 409, error: 'OrderNotDelivered', message });
    });

    it('answers an open dispute with 409 DisputeOpen', async () => {
      const message = 'A problem report is open; support will resolve it.';
      executeUpdate.mockRejectedValue(new WorkflowUpdateFailedError('failed', ApplicationFailure.create({ type: 'DisputeOpen', message, nonRetryable: true })));
      const { token } = await tokenFor();
      const response = await request(api.server).post(`/v1/track/${token}/confirm-receipt`).expect(409);
      expect(response.body).toEqual({ statusCode: 409, error: 'DisputeOpen', message });
    });

    it('answers a closed order with 409 OrderClosed and a vanished one with 404', async () => {
      const { token } = await tokenFor();
      executeUpdate.mockRejectedValue(new WorkflowNotFoundError('not found', 'order:A-1001', undefined));
      describeWorkflow.mockResolvedValue({ status: { name: 'COMPLETED' } });
      const closed = await request(api.server).post(`/v1/track/${token}/confirm-receipt`).expect(409);
      expect(closed.body.error).toBe('OrderClosed');
      describeWorkflow.mockRejectedValue(new WorkflowNotFoundError('not found', 'order:A-1001', undefined));
      await request(api.server).post(`/v1/track/${token}/confirm-receipt`).expect(404);
    });
  });

  describe('POST /v1/track/{token}/report-problem', () => {
    it('reports on the token’s order with the note, as the customer, with a fixed update ID', async () => {
      const { token, tokenId } = await tokenFor();
      const response = await request(api.server)
        .post(`/v1/track/${token}/report-problem`)
        .send({ kind: 'not_received', note: 'Nothing at the door.' })
        .expect(200);
      expect(calls).toEqual([
        {
          workflowId: 'order:A-1001',
          name: 'reportProblem',
          arg: { actor: { role: 'customer', keyId: tokenId }, kind: 'not_received', note: 'Nothing at the door.' },
          updateId: 'reportProblem',
        },
      ]);
      expect(response.body).toEqual(CUSTOMER_VIEW);
      expectNoLeaks(response.body);
    });

    it('takes a report without a note', async () => {
      const { token } = await tokenFor();
      await request(api.server).post(`/v1/track/${token}/report-problem`).send({ kind: 'not_received' }).expect(200);
      expect(calls[0]?.arg).toEqual({ actor: expect.objectContaining({ role: 'customer' }), kind: 'not_received' });
    });

    it.each([
      ['no body', undefined],
      ['an unknown kind', { kind: 'damaged' }],
      ['an unknown field', { kind: 'not_received', orderId: 'B-2002' }],
      ['a note over 1000 characters', { kind: 'not_received', note: 'x'.repeat(1001) }],
      ['a note that is not a string', { kind: 'not_received', note: { $gt: '' } }],
    ])('refuses %s with 400', async (_what, body) => {
      const { token } = await tokenFor();
      await request(api.server).post(`/v1/track/${token}/report-problem`).send(body).expect(400);
      expect(calls).toEqual([]);
    });

    it('refuses malformed JSON with 400', async () => {
      const { token } = await tokenFor();
      await request(api.server).post(`/v1/track/${token}/report-problem`).set('Content-Type', 'application/json').send('{"kind": ').expect(400);
      expect(calls).toEqual([]);
    });

    it('answers "nothing delivered yet" with 409 and a staff-only refusal with 403', async () => {
      const { token } = await tokenFor();
      const notDelivered = 'Order A-1001 is not marked delivered (status in_transit); there is nothing to dispute yet.';
      executeUpdate.mockRejectedValueOnce(new WorkflowUpdateFailedError('failed', ApplicationFailure.create({ type: 'OrderNotDelivered', message: notDelivered, nonRetryable: true })));
      const first = await request(api.server).post(`/v1/track/${token}/report-problem`).send({ kind: 'not_received' }).expect(409);
      expect(first.body).toEqual({ statusCode: 409, error: 'OrderNotDelivered', message: notDelivered });
      executeUpdate.mockRejectedValueOnce(new WorkflowUpdateFailedError('failed', ApplicationFailure.create({ type: 'ActionNotAllowed', message: 'Only the customer reports a problem.', nonRetryable: true })));
      const second = await request(api.server).post(`/v1/track/${token}/report-problem`).send({ kind: 'not_received' }).expect(403);
      expect(second.body).toEqual({ statusCode: 403, error: 'ActionNotAllowed', message: 'Only the customer reports a problem.' });
    });
  });

  describe('GET /v1/track/{token}', () => {
    it('answers the customer’s view from the workflow’s live query', async () => {
      const { token } = await tokenFor();
      const response = await request(api.server).get(`/v1/track/${token}`).expect(200);
      expect(response.body).toEqual(CUSTOMER_VIEW);
      expectNoLeaks(response.body);
      expect(calls).toEqual([]);
    });

    it('falls back to the read model when the workflow does not answer', async () => {
      query.mockRejectedValue(new Error('no worker'));
      const live = viewOf('A-1001');
      readModel.findOrder.mockResolvedValue({
        ...live,
        _id: 'A-1001',
        createdAt: new Date(live.createdAt),
        updatedAt: new Date(),
        carriers: ['ups'],
        shipmentIds: ['shp_0123456789abcdef01234567'],
      });
      readModel.findShipmentsOfOrder.mockResolvedValue([{ ...live.shipments[0], _id: 'shp_0123456789abcdef01234567', orderId: 'A-1001', events: [], attempts: 1 }]);
      const { token } = await tokenFor();
      const response = await request(api.server).get(`/v1/track/${token}`).expect(200);
      // The read model keeps the lifecycle facts too: the same view as the live one.
      expect(response.body).toEqual(CUSTOMER_VIEW);
      expectNoLeaks(response.body);
    });
  });

  describe('tokens', () => {
    it.each([
      ['POST', 'confirm-receipt'],
      ['POST', 'report-problem'],
      ['GET', ''],
    ])('refuses %s …/%s with a forged, garbled or expired token (401) and runs nothing', async (method, action) => {
      const { token } = await tokenFor('A-1001', 60_000);
      const [header, payload] = token.split('.');
      const forged = `${header}.${payload}.${'A'.repeat(43)}`;
      const path = (t: string) => (action ? `/v1/track/${t}/${action}` : `/v1/track/${t}`);
      const send = (t: string) => (method === 'GET' ? request(api.server).get(path(t)) : request(api.server).post(path(t)).send({ kind: 'not_received' }));
      for (const bad of [forged, 'not-a-token']) {
        const response = await send(bad).expect(401);
        expect(response.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'This link is not valid.' });
      }
      clock.now = new Date('2026-11-26T10:02:00Z');
      const expired = await send(token).expect(401);
      expect(expired.body.message).toBe('This link has expired.');
      expect(calls).toEqual([]);
      expect(query).not.toHaveBeenCalled();
    });

    it('does not take an admin API key instead of a token', async () => {
      await request(api.server).post('/v1/track/not-a-token/confirm-receipt').set('Authorization', bearer('admin')).expect(401);
      expect(calls).toEqual([]);
    });
  });

  describe('toCustomerOrderView', () => {
    it('keeps a resolved dispute’s outcome and nothing else of it', () => {
      const order: OrderView = {
        ...viewOf('A-1001'),
        dispute: { openedAt: '2026-11-30T12:00:00Z', reason: 'not_received', resolvedAt: '2026-12-01T09:00:00Z', resolution: 'refunded' },
      };
      const view = toCustomerOrderView(order);
      expect(view.dispute).toEqual({ openedAt: '2026-11-30T12:00:00Z', resolvedAt: '2026-12-01T09:00:00Z', resolution: 'refunded' });
    });

    it('leaves out the dispute when there is none', () => {
      const { dispute: _dispute, ...order } = viewOf('A-1001');
      expect(toCustomerOrderView(order)).not.toHaveProperty('dispute');
    });
  });
});
