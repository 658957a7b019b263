import { workflowInfo } from '@temporalio/workflow';

/** Temporal's hint, or the test hook's lower threshold when a test sets one. */
export function continueAsNewDue(testThreshold?: number): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || (testThreshold !== undefined && info.historyLength >= testThreshold);
}
