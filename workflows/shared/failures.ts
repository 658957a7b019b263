import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';

/** The `type` of the ApplicationFailure behind an activity failure, if there is one. */
export function activityFailureType(err: unknown): string | undefined {
  if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure) return err.cause.type ?? undefined;
  return undefined;
}

/** The details of the ApplicationFailure behind an activity failure (empty when there are none). */
export function activityFailureDetails(err: unknown): unknown[] {
  if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure) return err.cause.details ? [...err.cause.details] : [];
  return [];
}
