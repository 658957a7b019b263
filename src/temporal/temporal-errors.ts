import { ConflictException, HttpException, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { isGrpcServiceError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';

/** gRPC status codes that mean "try again later". */
const GRPC_UNAVAILABLE = 14;
const GRPC_DEADLINE_EXCEEDED = 4;

/** Rejections a workflow raises on purpose; the caller asked for something the order's state forbids. */
const CONFLICT_TYPES = new Set(['OrderCancelled', 'OrderAlreadyShipped', 'ShipmentConflict', 'OrderClosed']);

/**
 * Turns a Temporal client error into the HTTP error a platform can act on. Unknown errors are
 * rethrown as they are, so they surface as 500s and in logs rather than being mislabelled.
 */
export function toHttpError(err: unknown, what: string): unknown {
  if (err instanceof HttpException) return err;
  if (err instanceof WorkflowNotFoundError) return new NotFoundException(`${what} not found.`);
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && CONFLICT_TYPES.has(err.cause.type ?? '')) {
    return new ConflictException({ statusCode: 409, error: err.cause.type, message: err.cause.message });
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
