import { temporal } from '@temporalio/proto';
import type { BareShape } from '../workflows/bare-shape';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const { EventType } = temporal.api.enums.v1;

/**
 * What a workflow did, counted from its history: the bare baseline replays exactly these counts
 * (activities, timers, signals, children…) with empty bodies, so only Waybill's own work differs.
 */
export interface HistoryShape {
  events: number;
  /** Every event type seen, by name without the `EVENT_TYPE_` prefix. */
  byType: Record<string, number>;
  /** Activities that ran to an end (completed or failed); cancelled ones are counted apart. */
  activities: number;
  cancelledActivities: number;
  /** Durations of the timers that fired, in order, and how many timers were cancelled before firing. */
  firedTimersMs: number[];
  cancelledTimers: number;
  signalsReceived: number;
  updates: number;
  childWorkflows: number;
  signalsSent: number;
  searchAttributeUpserts: number;
}

export function eventTypeName(type: number | null | undefined): string {
  const name = type === null || type === undefined ? undefined : EventType[type];
  return name ? name.replace(/^EVENT_TYPE_/, '') : `UNKNOWN_${type}`;
}

/** Seconds arrive as protobuf Longs from a server and as plain numbers from tests. */
const seconds = (value: unknown): number => (value && typeof value === 'object' && 'toNumber' in value ? (value as { toNumber(): number }).toNumber() : Number(value ?? 0));

const durationMs = (duration: { seconds?: unknown; nanos?: number | null } | null | undefined): number =>
  seconds(duration?.seconds) * 1000 + Math.round((duration?.nanos ?? 0) / 1e6);

/** An event's time in epoch milliseconds (a Timestamp has the same fields as a Duration). */
const tsToMs = (timestamp: { seconds?: unknown; nanos?: number | null } | null | undefined): number => durationMs(timestamp);

export function historyShape(events: readonly HistoryEvent[]): HistoryShape {
  const byType: Record<string, number> = {};
  for (const event of events) {
    const name = eventTypeName(event.eventType);
    byType[name] = (byType[name] ?? 0) + 1;
  }
  const count = (name: string) => byType[name] ?? 0;
  const timerDurations = new Map<string, number>();
  const firedTimersMs: number[] = [];
  for (const event of events) {
    const started = event.timerStartedEventAttributes;
    if (started?.timerId) timerDurations.set(started.timerId, durationMs(started.startToFireTimeout));
    const fired = event.timerFiredEventAttributes;
    if (fired?.timerId) firedTimersMs.push(timerDurations.get(fired.timerId) ?? 0);
  }
  const cancelledActivities = count('ACTIVITY_TASK_CANCEL_REQUESTED');
  return {
    events: events.length,
    byType,
    activities: count('ACTIVITY_TASK_SCHEDULED') - cancelledActivities,
    cancelledActivities,
    firedTimersMs,
    cancelledTimers: count('TIMER_CANCELED'),
    signalsReceived: count('WORKFLOW_EXECUTION_SIGNALED'),
    updates: count('WORKFLOW_EXECUTION_UPDATE_ACCEPTED'),
    childWorkflows: count('START_CHILD_WORKFLOW_EXECUTION_INITIATED'),
    signalsSent: count('SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED'),
    searchAttributeUpserts: count('UPSERT_WORKFLOW_SEARCH_ATTRIBUTES'),
  };
}

/** Event counts that differ between two shapes, for a report's check that the baseline matched. */
export function shapeDifferences(candidate: HistoryShape, baseline: HistoryShape): Record<string, [number, number]> {
  const differences: Record<string, [number, number]> = {};
  for (const name of new Set([...Object.keys(candidate.byType), ...Object.keys(baseline.byType)])) {
    const [c, b] = [candidate.byType[name] ?? 0, baseline.byType[name] ?? 0];
    if (c !== b) differences[name] = [c, b];
  }
  return differences;
}

/**
 * How late each fired timer was handled: from the moment it was due (started + duration) to the
 * start of the workflow task that saw it fire. The server fires on time; a busy worker picks up late.
 */
export function timerLatenessMs(events: readonly HistoryEvent[]): number[] {
  const started = new Map<string, { at: number; durationMs: number }>();
  const lateness: number[] = [];
  events.forEach((event, index) => {
    const timer = event.timerStartedEventAttributes;
    if (timer?.timerId) started.set(timer.timerId, { at: tsToMs(event.eventTime), durationMs: durationMs(timer.startToFireTimeout) });
    const fired = event.timerFiredEventAttributes;
    const due = fired?.timerId ? started.get(fired.timerId) : undefined;
    if (!due) return;
    const pickedUp = events.slice(index + 1).find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
    if (pickedUp) lateness.push(tsToMs(pickedUp.eventTime) - (due.at + due.durationMs));
  });
  return lateness;
}

/**
 * Schedule-to-start of activities that started on their first attempt. A retried activity's started
 * event records its last attempt, whose wait includes the retry delays, so it says nothing about backlog.
 */
export function activityScheduleToStartMs(events: readonly HistoryEvent[]): number[] {
  const scheduledAt = new Map<string, number>();
  const waits: number[] = [];
  for (const event of events) {
    if (event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) scheduledAt.set(String(event.eventId), tsToMs(event.eventTime));
    const started = event.activityTaskStartedEventAttributes;
    if (!started || (started.attempt ?? 1) > 1) continue;
    const scheduled = scheduledAt.get(String(started.scheduledEventId));
    if (scheduled !== undefined) waits.push(tsToMs(event.eventTime) - scheduled);
  }
  return waits;
}

/**
 * What the bare baseline must reproduce of a candidate workflow's history. Its workflow tasks are
 * matched too: each start, signal, update, fired timer and child event wakes the workflow once, and
 * the rest of the candidate's tasks are the rounds in which it awaited its activities.
 */
export function toBareShape(shape: HistoryShape): BareShape {
  const { activities, cancelledActivities, firedTimersMs, cancelledTimers, signalsReceived, signalsSent, searchAttributeUpserts } = shape;
  const count = (name: string) => shape.byType[name] ?? 0;
  const otherWakeUps = 1 + signalsReceived + shape.updates + firedTimersMs.length + count('CHILD_WORKFLOW_EXECUTION_STARTED') + count('CHILD_WORKFLOW_EXECUTION_COMPLETED');
  const activityRounds = Math.min(activities, Math.max(1, count('WORKFLOW_TASK_COMPLETED') - otherWakeUps));
  return { activities, cancelledActivities, firedTimersMs, cancelledTimers, signalsReceived, signalsSent, searchAttributeUpserts, activityRounds };
}
