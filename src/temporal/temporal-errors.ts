import {
  ConflictException,
  ForbiddenException,
  HttpException,
  NotFoundException,
  ServiceUnavailableException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { isGrpcServiceError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { OrderRejection } from '../../workflows/order/order.messages';

/** gRPC status codes that mean "try again later". */
const GRPC_UNAVAILABLE = 14;
const GRPC_DEADLINE_EXCEEDED = 4;

type HttpExceptionClass = new (body: object) => HttpException;

const CONFLICT = { status: 409, exception: ConflictException };

/**
 * Rejections a workflow raises on purpose, by the exception they are answered with; every
 * `OrderRejection` must be listed. Most are conflicts: the caller asked for something the order's
 * state forbids. The body is `{ statusCode, error: <type>, message: <the workflow's words> }`.
 */
const REJECTIONS: Record<OrderRejection, { status: number; exception: HttpExceptionClass }> = {
  [OrderRejection.CANCELLED]: CONFLICT,
  [OrderRejection.ALREADY_SHIPPED]: CONFLICT,
  [OrderRejection.SHIPMENT_CONFLICT]: CONFLICT,
  [OrderRejection.CLOSED]: CONFLICT,
  [OrderRejection.NOT_DELIVERED]: CONFLICT,
  [OrderRejection.DISPUTE_OPEN]: CONFLICT,
  [OrderRejection.NOTHING_TO_RESOLVE]: CONFLICT,
  [OrderRejection.ESCROW_NOT_HELD]: CONFLICT,
  [OrderRejection.ESCROW_BUSY]: CONFLICT,
  [OrderRejection.DELIVERY_NOT_VERIFIED]: CONFLICT,
  // The caller's role may not take this action (a platform key resolving a dispute, say).
  [OrderRejection.FORBIDDEN]: { status: 403, exception: ForbiddenException },
  // The path names a shipment the order does not have.
  [OrderRejection.UNKNOWN_SHIPMENT]: { status: 404, exception: NotFoundException },
  // Well-formed, but not a deadline this order can move to: not later than the current one, or no window running.
  [OrderRejection.INVALID_DEADLINE]: { status: 422, exception: UnprocessableEntityException },
  // A resend of a message the order never sent.
  [OrderRejection.NOT_NOTIFIED]: CONFLICT,
};

const rejectionOf = (type: string | null | undefined) =>
  typeof type === 'string' && Object.hasOwn(REJECTIONS, type) ? REJECTIONS[type as OrderRejection] : undefined;

/**
 * Turns a Temporal client error into the HTTP error a platform can act on. Unknown errors are
 * rethrown as they are, so they surface as 500s and in logs rather than being mislabelled.
 */
export function toHttpError(err: unknown, what: string): unknown {
  if (err instanceof HttpException) return err;
  if (err instanceof WorkflowNotFoundError) return new NotFoundException(`${what} not found.`);
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const rejection = rejectionOf(err.cause.type);
    if (rejection) return new rejection.exception({ statusCode: rejection.status, error: err.cause.type, message: err.cause.message });
  }
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
    return new ServiceUnavailableException('The workflow did not answer in time; retry the request.');
  }
  // The client wraps gRPC errors in a ServiceError whose cause carries the code.
  const grpc = isGrpcServiceError(err) ? err : err instanceof Error && isGrpcServiceError(err.cause) ? err.cause : undefined;
  const grpcCode: number | undefined = grpc?.code;
  if (grpcCode === GRPC_UNAVAILABLE || grpcCode === GRPC_DEADLINE_EXCEEDED) {
    return new ServiceUnavailableException('Temporal is unavailable; retry the request.');
  }
  return err;
}
