import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';

/** The `type` of the ApplicationFailure behind an activity failure, if there is one. */
export function activityFailureType(err: unknown): string | undefined {
  if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure) return err.cause.type ?? undefined;
  return undefined;
}
