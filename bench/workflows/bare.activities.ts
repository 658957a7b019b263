import { ApplicationFailure } from '@temporalio/activity';

/** The bare baseline's activities: no work at all, so what remains is Temporal's own cost. */
export const bareActivities = {
  async bareNoop(): Promise<void> {},
  /** Sits in retry backoff like a quiet carrier poll, until the workflow cancels it. */
  bareParked(): Promise<void> {
    return Promise.reject(ApplicationFailure.create({ message: 'parked', type: 'Parked', nextRetryDelay: '1 hour' }));
  },
};
export type BareActivities = typeof bareActivities;
