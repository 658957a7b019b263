import { ConflictException, HttpException, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import {
  Client,
  Connection,
  defaultGrpcRetryOptions,
  makeGrpcRetryInterceptor,
  ServiceError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { toHttpError } from '../../../src/temporal/temporal-errors';
import { OrderRejection } from '../../../workflows/order/order.messages';
import { freePort } from '../../support/free-port';

/** What @grpc/grpc-js rejects a call with: an Error carrying `code`, `details` and `metadata`. */
function grpcError(code: number, details: string): Error {
  return Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });
}
const UNAVAILABLE = 14;
const DEADLINE_EXCEEDED = 4;

const statusOf = (value: unknown): number => {
  expect(value).toBeInstanceOf(HttpException);
  return (value as HttpException).getStatus();
};

describe('toHttpError', () => {
  it('maps WorkflowNotFoundError to 404 naming the thing', () => {
    const mapped = toHttpError(new WorkflowNotFoundError('workflow not found', 'order:A-1', undefined), 'Order A-1');
    expect(mapped).toBeInstanceOf(NotFoundException);
    expect(statusOf(mapped)).toBe(404);
    expect((mapped as NotFoundException).message).toBe('Order A-1 not found.');
  });

  it.each([
    ['OrderAlreadyShipped', 'Order A-1 has shipped and can no longer be cancelled.'],
    ['OrderCancelled', 'Order A-1 is cancelled.'],
    ['ShipmentConflict', 'Tracking number 1Z… is already on the order with another carrier.'],
    ['OrderClosed', 'Order A-1 is closed.'],
  ])('maps an update rejected with %s to 409 carrying the workflow message and type', (type, message) => {
    const failure = ApplicationFailure.create({ type, message, nonRetryable: true });
    const mapped = toHttpError(new WorkflowUpdateFailedError('Workflow Update failed', failure), 'Order A-1');
    expect(mapped).toBeInstanceOf(ConflictException);
    expect(statusOf(mapped)).toBe(409);
    expect((mapped as ConflictException).getResponse()).toEqual({ statusCode: 409, error: type, message });
  });

  it.each([
    ['OrderNotDelivered', 409],
    ['DisputeOpen', 409],
    ['NothingToResolve', 409],
    ['EscrowNotHeld', 409],
    ['EscrowSettlementInProgress', 409],
    ['DeliveryNotVerified', 409],
    ['ActionNotAllowed', 403],
    ['UnknownShipment', 404],
    ['InvalidDeadline', 422],
  ])('maps an update rejected with the lifecycle type %s to %i carrying the workflow message and type', (type, status) => {
    const message = `The workflow says no (${type}).`;
    const failure = ApplicationFailure.create({ type, message, nonRetryable: true });
    const mapped = toHttpError(new WorkflowUpdateFailedError('Workflow Update failed', failure), 'Order A-1');
    expect(statusOf(mapped)).toBe(status);
    expect((mapped as HttpException).getResponse()).toEqual({ statusCode: status, error: type, message });
  });

  it('maps every OrderRejection the workflow defines', () => {
    for (const type of Object.values(OrderRejection)) {
      const failure = ApplicationFailure.create({ type, message: 'no', nonRetryable: true });
      expect(toHttpError(new WorkflowUpdateFailedError('Workflow Update failed', failure), 'Order A-1')).toBeInstanceOf(HttpException);
    }
  });

  it('does not mistake an inherited property name for a rejection type', () => {
    const failure = ApplicationFailure.create({ type: 'constructor', message: 'x' });
    const err = new WorkflowUpdateFailedError('Workflow Update failed', failure);
    expect(toHttpError(err, 'Order A-1')).toBe(err);
  });

  it('leaves an update failure of another type as it is', () => {
    const failure = ApplicationFailure.create({ type: 'SomethingElse', message: 'boom' });
    const err = new WorkflowUpdateFailedError('Workflow Update failed', failure);
    expect(toHttpError(err, 'Order A-1')).toBe(err);
  });

  it('leaves an update failure whose cause is not an ApplicationFailure as it is', () => {
    const err = new WorkflowUpdateFailedError('Workflow Update failed', new Error('OrderCancelled'));
    expect(toHttpError(err, 'Order A-1')).toBe(err);
  });

  it('maps an update RPC timeout to 503', () => {
    const err = new WorkflowUpdateRPCTimeoutOrCancelledError('timed out', { cause: grpcError(DEADLINE_EXCEEDED, 'deadline') });
    expect(toHttpError(err, 'Order A-1')).toBeInstanceOf(ServiceUnavailableException);
  });

  it('maps a bare gRPC UNAVAILABLE (and DEADLINE_EXCEEDED) to 503', () => {
    expect(statusOf(toHttpError(grpcError(UNAVAILABLE, 'No connection established'), 'Order A-1'))).toBe(503);
    expect(statusOf(toHttpError(grpcError(DEADLINE_EXCEEDED, 'Deadline exceeded'), 'Order A-1'))).toBe(503);
  });

  it('leaves other gRPC errors as they are', () => {
    const err = grpcError(3, 'invalid argument');
    expect(toHttpError(err, 'Order A-1')).toBe(err);
  });

  it('passes Nest HTTP exceptions through untouched', () => {
    const err = new ConflictException('already');
    expect(toHttpError(err, 'Order A-1')).toBe(err);
  });

  it.each([[new Error('kaboom')], [new TypeError('x is undefined')], ['a string'], [undefined]])(
    'leaves the unknown error %p as it is',
    (err) => {
      expect(toHttpError(err, 'Order A-1')).toBe(err);
    },
  );

  // The client wraps gRPC errors: `new ServiceError(message, { cause: grpcError })`.
  it('maps gRPC UNAVAILABLE to 503 when it arrives the way the Temporal client throws it (wrapped in ServiceError)', () => {
    const wrapped = new ServiceError('Failed to start Workflow', { cause: grpcError(UNAVAILABLE, 'No connection established') });
    expect(statusOf(toHttpError(wrapped, 'Order A-1001'))).toBe(503);
  });

  describe('with the real Temporal client and no Temporal server (a closed local port)', () => {
    let connection: Connection;
    let realError: unknown;

    beforeAll(async () => {
      const port = await freePort();
      connection = Connection.lazy({
        address: `127.0.0.1:${port}`,
        // One attempt: the default policy retries UNAVAILABLE for about 20 s before giving up.
        interceptors: [makeGrpcRetryInterceptor(defaultGrpcRetryOptions({ maxAttempts: 1 }))],
      });
      const client = new Client({ connection, namespace: 'default' });
      realError = await client.workflow
        .getHandle('order:A-1001')
        .describe()
        .then(
          () => new Error('describe unexpectedly succeeded'),
          (e: unknown) => e,
        );
    });

    afterAll(async () => connection.close());

    it('throws a ServiceError whose cause is the gRPC UNAVAILABLE error (how the client reports "Temporal is down")', () => {
      expect(realError).toBeInstanceOf(ServiceError);
      expect((realError as ServiceError).cause).toMatchObject({ code: UNAVAILABLE });
    });

    // Same bug as above, with the real client's error: the API would answer 500, not 503.
    it('maps that real error to 503', () => {
      expect(statusOf(toHttpError(realError, 'Order A-1001'))).toBe(503);
    });
  });
});
