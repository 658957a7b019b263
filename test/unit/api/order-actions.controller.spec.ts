import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import request from 'supertest';
import type { ApiRole } from '../../../src/auth/api-keys';
import { WAYBILL_CONFIG } from '../../../src/config/config.module';
import { OrderActionsController } from '../../../src/orders/order-actions.controller';
import { OrderActionsService } from '../../../src/orders/order-actions.service';
import { OrderWorkflows } from '../../../src/orders/order-workflows';
import { OrdersController } from '../../../src/orders/orders.controller';
import { OrdersService } from '../../../src/orders/orders.service';
import { ReadModelRepository } from '../../../src/persistence/read-model.repository';
import { TEMPORAL_CLIENT } from '../../../src/temporal/temporal-client.module';
import type { OrderView } from '../../../workflows/order/order.types';
import { API_KEYS, bearer, principalOf, useApiTestApp } from '../../support/api-test-app';

/*
 * The admin lifecycle routes over real HTTP: real guard, pipe, body limits, controllers and
 * services; Temporal is a fake whose handle records each update (its name, argument and ID).
 */

const SHIPMENT_ID = 'shp_0123456789abcdef01234567';

const VIEW: OrderView = {
  orderId: 'A-1001',
  status: 'delivered',
  delayed: false,
  createdAt: '2026-11-26T10:00:00.000Z',
  escrow: { state: 'held', amount: 12999, currency: 'USD' },
  shipments: [
    {
      shipmentId: SHIPMENT_ID,
      carrier: 'ups',
      trackingNumber: '1Z5R89390357567127',
      trackingUrl: 'https://www.ups.com/track?tracknum=1Z5R89390357567127',
      status: 'delivered',
      ladderStatus: 'delivered',
      revision: 3,
      addedAt: '2026-11-26T11:00:00.000Z',
    },
  ],
  history: [{ at: '2026-11-27T10:00:00.000Z', type: 'dispute_opened', actor: { role: 'customer', keyId: 'tok_1' } }],
  revision: 7,
  dispute: { openedAt: '2026-11-27T10:00:00.000Z', reason: 'not_received' },
};

interface UpdateCall {
  workflowId: string;
  name: string;
  arg: unknown;
  updateId?: string;
}

const rejection = (type: string, message: string) =>
  new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.create({ type, message, nonRetryable: true }));

describe('admin order actions over HTTP (real guard, pipe, controllers and services; Temporal faked)', () => {
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
          return executeUpdate(update.name, options.args[0]);
        },
        describe: () => describeWorkflow(workflowId),
        query: () => query(workflowId),
      }),
    },
  };

  const api = useApiTestApp({
    controllers: [OrdersController, OrderActionsController],
    providers: [
      OrdersService,
      OrderActionsService,
      OrderWorkflows,
      { provide: TEMPORAL_CLIENT, useValue: temporal },
      { provide: WAYBILL_CONFIG, useValue: { carriers: {} } },
      { provide: ReadModelRepository, useValue: readModel },
    ],
  });

  beforeEach(() => {
    calls.length = 0;
    for (const fn of [executeUpdate, describeWorkflow, query, readModel.findOrder, readModel.findShipmentsOfOrder]) fn.mockReset();
    executeUpdate.mockResolvedValue(VIEW);
    describeWorkflow.mockResolvedValue({ status: { name: 'RUNNING' } });
    query.mockResolvedValue(VIEW);
    readModel.findOrder.mockResolvedValue(null);
    readModel.findShipmentsOfOrder.mockResolvedValue([]);
  });

  const ROUTES = {
    resolve: ['/v1/orders/A-1001/dispute/resolve', { resolution: 'refund', note: 'Carrier confirmed the parcel was lost.' }],
    markDelivered: [`/v1/orders/A-1001/shipments/${SHIPMENT_ID}/mark-delivered`, { note: 'Signed slip scanned', reference: 'TICKET-42' }],
    promised: ['/v1/orders/A-1001/deadlines', { deadline: 'promised_delivery', date: '2026-12-10' }],
    window: ['/v1/orders/A-1001/deadlines', { deadline: 'dispute_window', until: '2026-12-20T18:00:00+01:00' }],
    hold: ['/v1/orders/A-1001/escrow/hold', { reason: 'Fraud check' }],
    release: ['/v1/orders/A-1001/escrow/release', { reason: 'Checked with the customer' }],
  } as const;
  const ALL = Object.entries(ROUTES).map(([name, [path, body]]) => [name, path, body] as const);

  const post = (path: string, body: object | undefined, role: ApiRole = 'admin') =>
    request(api.server).post(path).set('Authorization', bearer(role)).send(body);

  describe('what reaches the workflow (200)', () => {
    const admin = { role: 'admin', keyId: principalOf('admin').keyId };

    it.each([
      ['resolve', 'resolveDispute', { actor: admin, resolution: 'refund', note: 'Carrier confirmed the parcel was lost.' }, undefined],
      [
        'markDelivered',
        'markShipmentDelivered',
        { actor: admin, shipmentId: SHIPMENT_ID, note: 'Signed slip scanned', reference: 'TICKET-42' },
        `markShipmentDelivered:${SHIPMENT_ID}`,
      ],
      ['promised', 'extendDeadline', { actor: admin, deadline: 'promised_delivery', date: '2026-12-10' }, undefined],
      ['window', 'extendDeadline', { actor: admin, deadline: 'dispute_window', until: '2026-12-20T18:00:00+01:00' }, undefined],
      ['hold', 'holdEscrow', { actor: admin, reason: 'Fraud check' }, undefined],
      ['release', 'releaseEscrow', { actor: admin, reason: 'Checked with the customer' }, undefined],
    ] as const)('%s runs %s on the order’s workflow with the admin as actor', async (route, update, arg, updateId) => {
      const [path, body] = ROUTES[route];
      const response = await post(path, body).expect(200);
      expect(calls).toEqual([{ workflowId: 'order:A-1001', name: update, arg, updateId }]);
      // The order as the update left it (no second query), with the read model's timelines.
      expect(response.body).toMatchObject({ orderId: 'A-1001', status: 'delivered', source: 'workflow', dispute: VIEW.dispute });
      expect(response.body.shipments).toEqual([expect.objectContaining({ shipmentId: SHIPMENT_ID, status: 'delivered' })]);
      expect(query).not.toHaveBeenCalled();
      expect(readModel.findShipmentsOfOrder).toHaveBeenCalledWith('A-1001');
    });

    it('trims notes and leaves out an absent reference', async () => {
      await post(ROUTES.markDelivered[0], { note: '  photo on file  ' }).expect(200);
      expect(calls[0]?.arg).toEqual({ actor: admin, shipmentId: SHIPMENT_ID, note: 'photo on file', reference: undefined });
    });

    it('never hands the raw key to the workflow', async () => {
      for (const [, path, body] of ALL) await post(path, body).expect(200);
      expect(JSON.stringify(calls)).not.toContain(API_KEYS.admin);
    });
  });

  describe('cancel passes the caller’s real role (an admin may cancel after shipping)', () => {
    it.each(['platform', 'admin'] as const)('as %s', async (role) => {
      await post('/v1/orders/A-1001/cancel', { reason: 'customer asked' }, role).expect(200);
      expect(calls).toEqual([
        { workflowId: 'order:A-1001', name: 'cancelOrder', arg: { actor: principalOf(role), reason: 'customer asked' }, updateId: undefined },
      ]);
    });
  });

  describe('roles', () => {
    it.each(ALL)('refuses platform and support on %s (403) and runs nothing', async (_name, path, body) => {
      for (const role of ['platform', 'support'] as const) {
        const response = await post(path, body, role).expect(403);
        expect(response.body.message).toBe(`Role ${role} may not call this endpoint.`);
      }
      expect(calls).toEqual([]);
    });

    it.each(ALL)('refuses %s without a key (401)', async (_name, path, body) => {
      const response = await request(api.server).post(path).send(body).expect(401);
      expect(response.headers['www-authenticate']).toBe('Bearer realm="waybill"');
      expect(calls).toEqual([]);
    });
  });

  describe('validation (400), nothing runs', () => {
    it.each([
      ['an unknown field on resolve', ROUTES.resolve[0], { ...ROUTES.resolve[1], refundAmount: 1 }],
      ['an unknown resolution', ROUTES.resolve[0], { resolution: 'split', note: 'x' }],
      ['an empty note', ROUTES.resolve[0], { resolution: 'refund', note: '   ' }],
      ['a note over 1000 characters', ROUTES.resolve[0], { resolution: 'refund', note: 'x'.repeat(1001) }],
      ['a missing note', ROUTES.markDelivered[0], { reference: 'T-1' }],
      ['a reference over 200 characters', ROUTES.markDelivered[0], { note: 'slip', reference: 'r'.repeat(201) }],
      ['an unknown field on mark-delivered', ROUTES.markDelivered[0], { note: 'slip', status: 'delivered' }],
      ['an impossible date', ROUTES.promised[0], { deadline: 'promised_delivery', date: '2026-02-30' }],
      ['a date-time as the promised day', ROUTES.promised[0], { deadline: 'promised_delivery', date: '2026-12-10T00:00:00Z' }],
      ['a dispute window end without an offset', ROUTES.window[0], { deadline: 'dispute_window', until: '2026-12-20T18:00:00' }],
      ['a dispute window end that is a day', ROUTES.window[0], { deadline: 'dispute_window', until: '2026-12-20' }],
      ['the other deadline’s field', ROUTES.window[0], { deadline: 'dispute_window', date: '2026-12-20' }],
      ['an unknown deadline', ROUTES.window[0], { deadline: 'delivery_window', until: '2026-12-20T18:00:00Z' }],
      ['an unknown field on deadlines', ROUTES.promised[0], { ...ROUTES.promised[1], force: true }],
      ['a hold without a reason', ROUTES.hold[0], {}],
      ['a release reason over 500 characters', ROUTES.release[0], { reason: 'x'.repeat(501) }],
      ['a release without a body', ROUTES.release[0], undefined],
      ['an invalid order ID', '/v1/orders/bad%24id/escrow/hold', { reason: 'x' }],
      ['an invalid shipment ID', '/v1/orders/A-1001/shipments/1Z5R89390357567127/mark-delivered', { note: 'slip' }],
    ])('refuses %s', async (_what, path, body) => {
      await post(path, body).expect(400);
      expect(calls).toEqual([]);
    });

    it('names the unknown field', async () => {
      const response = await post(ROUTES.hold[0], { reason: 'x', isAdmin: true }).expect(400);
      expect(JSON.stringify(response.body)).toContain('isAdmin');
    });

    it('answers malformed JSON with 400', async () => {
      await request(api.server)
        .post(ROUTES.resolve[0])
        .set('Authorization', bearer('admin'))
        .set('Content-Type', 'application/json')
        .send('{"resolution": "refund", "note": ')
        .expect(400);
      expect(calls).toEqual([]);
    });

    it('answers a body over 64 KB with 413', async () => {
      await post(ROUTES.resolve[0], { resolution: 'refund', note: 'x'.repeat(70 * 1024) }).expect(413);
      expect(calls).toEqual([]);
    });
  });

  describe('the workflow’s refusals', () => {
    it.each([
      ['resolve', 'NothingToResolve', 409, 'There is no open dispute or pending escrow decision.'],
      ['resolve', 'DeliveryNotVerified', 409, 'No parcel of this order was delivered.'],
      ['resolve', 'EscrowSettlementInProgress', 409, "The escrow's refund is being settled with the provider."],
      ['markDelivered', 'UnknownShipment', 404, `Order A-1001 has no shipment ${SHIPMENT_ID}.`],
      ['markDelivered', 'OrderCancelled', 409, 'Order A-1001 is cancelled.'],
      ['promised', 'InvalidDeadline', 422, 'The promised day is 2026-12-12; a new one must be later.'],
      ['window', 'InvalidDeadline', 422, 'The dispute window is not running: no release is scheduled.'],
      ['hold', 'EscrowNotHeld', 409, 'The escrow is released; there is nothing to hold.'],
      ['release', 'DeliveryNotVerified', 409, 'Delivery is not verified: mark the parcels delivered with proof first.'],
      ['release', 'ActionNotAllowed', 403, 'Only an admin may do this.'],
    ] as const)('%s refused with %s is a %i carrying the type and message', async (route, type, status, message) => {
      executeUpdate.mockRejectedValue(rejection(type, message));
      const [path, body] = ROUTES[route];
      const response = await post(path, body).expect(status);
      expect(response.body).toEqual({ statusCode: status, error: type, message });
    });

    it('answers an admin cancel refused after shipping (by a platform key) with 409 OrderAlreadyShipped', async () => {
      const message = 'Order A-1001 has shipped (status in_transit) and can no longer be cancelled.';
      executeUpdate.mockRejectedValue(rejection('OrderAlreadyShipped', message));
      const response = await post('/v1/orders/A-1001/cancel', {}, 'platform').expect(409);
      expect(response.body).toEqual({ statusCode: 409, error: 'OrderAlreadyShipped', message });
    });

    it('answers an update on a completed order with 409 OrderClosed', async () => {
      executeUpdate.mockRejectedValue(new WorkflowNotFoundError('workflow not found', 'order:A-1001', undefined));
      describeWorkflow.mockResolvedValue({ status: { name: 'COMPLETED' } });
      const response = await post(ROUTES.hold[0], ROUTES.hold[1]).expect(409);
      expect(response.body).toEqual({
        statusCode: 409,
        error: 'OrderClosed',
        message: 'Order A-1001 is closed (completed) and accepts no more changes.',
      });
    });

    it('answers an unknown order with 404', async () => {
      executeUpdate.mockRejectedValue(new WorkflowNotFoundError('workflow not found', 'order:A-404', undefined));
      describeWorkflow.mockRejectedValue(new WorkflowNotFoundError('workflow not found', 'order:A-404', undefined));
      const response = await post('/v1/orders/A-404/escrow/release', { reason: 'x' }).expect(404);
      expect(response.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'Order A-404 not found.' });
    });

    it('leaves an unexpected failure a 500 that says nothing of it', async () => {
      executeUpdate.mockRejectedValue(new Error('secret internals'));
      const response = await post(ROUTES.hold[0], ROUTES.hold[1]).expect(500);
      expect(JSON.stringify(response.body)).not.toContain('secret internals');
    });
  });
});
