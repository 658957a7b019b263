/**
 * What one bare workflow must do: the counts a candidate's history showed (see
 * bench/lib/history-shape.ts), to be reproduced with empty bodies.
 */
export interface BareShape {
  activities: number;
  cancelledActivities: number;
  firedTimersMs: number[];
  cancelledTimers: number;
  /** Signals the workflow waits for before it may end. */
  signalsReceived: number;
  /** Signals it sends to its parent (the child only). */
  signalsSent: number;
  searchAttributeUpserts: number;
  /**
   * How many times the activities are awaited: Waybill runs some side by side (a notification
   * beside the read model), so awaiting every one alone would cost the baseline more workflow tasks.
   */
  activityRounds: number;
}

/** Work spread over a workflow's steps (its start, then one step per signal received). */
export function shareOf(total: number, steps: number, step: number): number {
  const base = Math.floor(total / steps);
  return base + (step < total % steps ? 1 : 0);
}
