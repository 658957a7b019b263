import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import request from 'supertest';
import type { ApiRole } from '../../../src/auth/api-keys';
import { OrderActionsService } from '../../../src/orders/order-actions.service';
import { OrderWorkflows } from '../../../src/orders/order-workflows';
import { SupportActionsController } from '../../../src/orders/support-actions.controller';
import { ReadModelRepository } from '../../../src/persistence/read-model.repository';
import { TEMPORAL_CLIENT } from '../../../src/temporal/temporal-client.module';
import type { OrderView } from '../../../workflows/order/order.types';
import { bearer, principalOf, useApiTestApp } from '../../support/api-test-app';

/*
 * Support's routes over real HTTP: real guard, pipe and services; Temporal is a fake whose handles
 * record each update and signal.
 */

const SHIPMENT_ID = 'shp_0123456789abcdef01234567';
const OTHER_SHIPMENT = 'shp_ffffffffffffffffffffffff';

const VIEW = {
  orderId: 'A-1001',
  status: 'in_transit',
  delayed: false,
  createdAt: '2026-11-26T10:00:00.000Z',
  escrow: { state: 'none' },
  shipments: [{ shipmentId: SHIPMENT_ID, carrier: 'ups', trackingNumber: '1Z5R89390357567127', status: 'in_transit', ladderStatus: 'in_transit', revision: 3 }],
  history: [],
  revision: 7,
} as unknown as OrderView;

describe('support actions over HTTP (real guard, pipe and services; Temporal faked)', () => {
  const updates: Array<{ workflowId: string; name: string; arg: unknown }> = [];
  const signals: Array<{ workflowId: string; name: string; arg: unknown }> = [];
  const executeUpdate = jest.fn();
  const signal = jest.fn();
  const query = jest.fn();
  const readModel = { findOrder: jest.fn(), findShipmentsOfOrder: jest.fn() };

  const temporal = {
    withAbortSignal: <R>(_signal: AbortSignal, fn: () => Promise<R>) => fn(),
    workflow: {
      getHandle: (workflowId: string) => ({
        executeUpdate: (update: { name: string }, options: { args: [unknown] }) => {
          updates.push({ workflowId, name: update.name, arg: options.args[0] });
          return executeUpdate(update.name, options.args[0]);
        },
        signal: (definition: { name: string }, arg: unknown) => {
          signals.push({ workflowId, name: definition.name, arg });
          return signal(workflowId);
        },
        query: () => query(workflowId),
        describe: () => Promise.resolve({ status: { name: 'RUNNING' } }),
      }),
    },
  };

  const api = useApiTestApp({
    controllers: [SupportActionsController],
    providers: [OrderActionsService, OrderWorkflows, { provide: TEMPORAL_CLIENT, useValue: temporal }, { provide: ReadModelRepository, useValue: readModel }],
  });

  beforeEach(() => {
    updates.length = 0;
    signals.length = 0;
    for (const fn of [executeUpdate, signal, query, readModel.findOrder, readModel.findShipmentsOfOrder]) fn.mockReset();
    executeUpdate.mockResolvedValue(VIEW);
    signal.mockResolvedValue(undefined);
    query.mockResolvedValue(VIEW);
    readModel.findShipmentsOfOrder.mockResolvedValue([]);
  });

  const post = (path: string, body: object | undefined, role: ApiRole = 'support') =>
    request(api.server).post(path).set('Authorization', bearer(role)).send(body);
  const REFRESH = `/v1/orders/A-1001/shipments/${SHIPMENT_ID}/refresh`;
  const RESEND = '/v1/orders/A-1001/notifications/resend';

  it('refresh signals the parcel’s workflow, naming who asked', async () => {
    const response = await post(REFRESH, undefined).expect(202);
    expect(response.body).toEqual({ orderId: 'A-1001', shipmentId: SHIPMENT_ID, refreshRequested: true });
    expect(signals).toEqual([{ workflowId: `shipment:${SHIPMENT_ID}`, name: 'refreshNow', arg: { keyId: principalOf('support').keyId } }]);
  });

  it('refresh refuses a parcel of another order (404) and a parcel no longer followed (409)', async () => {
    await post(`/v1/orders/A-1001/shipments/${OTHER_SHIPMENT}/refresh`, undefined).expect(404);
    expect(signals).toEqual([]);
    signal.mockRejectedValueOnce(new WorkflowNotFoundError('gone', `shipment:${SHIPMENT_ID}`, undefined));
    const closed = await post(REFRESH, undefined).expect(409);
    expect(closed.body.error).toBe('ShipmentClosed');
  });

  it('resend runs the update with the support key as actor', async () => {
    await post(RESEND, { milestone: 'shipped', channel: 'sms', shipmentId: SHIPMENT_ID }).expect(200);
    expect(updates).toEqual([
      {
        workflowId: 'order:A-1001',
        name: 'resendNotification',
        arg: { actor: { role: 'support', keyId: principalOf('support').keyId }, milestone: 'shipped', channel: 'sms', shipmentId: SHIPMENT_ID, revision: undefined },
      },
    ]);
  });

  it('resend answers the workflow’s refusal as 409 NotificationNotSent', async () => {
    executeUpdate.mockRejectedValueOnce(
      new WorkflowUpdateFailedError('failed', ApplicationFailure.create({ type: 'NotificationNotSent', message: 'never sent', nonRetryable: true })),
    );
    const response = await post(RESEND, { milestone: 'delivered', channel: 'email', shipmentId: SHIPMENT_ID }).expect(409);
    expect(response.body.error).toBe('NotificationNotSent');
  });

  it.each([
    ['an unknown milestone', { milestone: 'teleported', channel: 'email' }],
    ['an unknown channel', { milestone: 'shipped', channel: 'fax' }],
    ['a server-owned field', { milestone: 'shipped', channel: 'email', status: 'delivered' }],
    ['an operator for a shipment ID', { milestone: 'shipped', channel: 'email', shipmentId: { $gt: '' } }],
  ])('resend refuses %s with 400 and reaches no workflow', async (_what, body) => {
    await post(RESEND, body).expect(400);
    expect(updates).toEqual([]);
  });

  it('a platform key may do neither (403); no key is 401', async () => {
    await post(REFRESH, undefined, 'platform').expect(403);
    await post(RESEND, { milestone: 'shipped', channel: 'email' }, 'platform').expect(403);
    await request(api.server).post(RESEND).send({ milestone: 'shipped', channel: 'email' }).expect(401);
    expect([...updates, ...signals]).toEqual([]);
  });
});
