import { temporal } from '@temporalio/proto';
import { activityScheduleToStartMs, historyShape, shapeDifferences, timerLatenessMs, toBareShape } from '../../../bench/lib/history-shape';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const { EventType } = temporal.api.enums.v1;

const at = (ms: number) => ({ seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 });
let nextId = 1;
/** IDs and seconds are protobuf Longs from a server; plain numbers here, which the helpers accept too. */
const event = (type: temporal.api.enums.v1.EventType, ms: number, attributes: Record<string, unknown> = {}): HistoryEvent =>
  ({ eventId: nextId++, eventType: type, eventTime: at(ms), ...attributes }) as unknown as HistoryEvent;

/** An order-like history: start, an update, a child, two activities side by side, a signal, a timer. */
function sampleHistory(): HistoryEvent[] {
  nextId = 1;
  return [
    event(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, 0),
    event(EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, 0),
    event(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED, 5),
    event(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, 10),
    event(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED, 10),
    event(EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED, 10),
    event(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, 1000), // id 7
    event(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, 1000), // id 8
    event(EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED, 1020, { activityTaskStartedEventAttributes: { scheduledEventId: 7, attempt: 1 } }),
    event(EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED, 9000, { activityTaskStartedEventAttributes: { scheduledEventId: 8, attempt: 3 } }),
    event(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED, 9100),
    event(EventType.EVENT_TYPE_TIMER_STARTED, 10_000, { timerStartedEventAttributes: { timerId: '1', startToFireTimeout: { seconds: 2, nanos: 500e6 } } }),
    event(EventType.EVENT_TYPE_TIMER_FIRED, 12_500, { timerFiredEventAttributes: { timerId: '1' } }),
    event(EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, 12_500),
    event(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED, 12_540),
    event(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, 12_550),
    event(EventType.EVENT_TYPE_TIMER_STARTED, 12_550, { timerStartedEventAttributes: { timerId: '2', startToFireTimeout: { seconds: 86_400 } } }),
    event(EventType.EVENT_TYPE_TIMER_CANCELED, 12_600),
    event(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED, 12_600),
  ];
}

describe('history shape', () => {
  it('counts what the bare baseline must reproduce', () => {
    const shape = historyShape(sampleHistory());
    expect(shape).toMatchObject({
      events: 19,
      activities: 2,
      cancelledActivities: 0,
      firedTimersMs: [2500],
      cancelledTimers: 1,
      signalsReceived: 1,
      updates: 1,
      childWorkflows: 1,
      signalsSent: 0,
    });
    expect(shape.byType).toMatchObject({ WORKFLOW_TASK_COMPLETED: 2, ACTIVITY_TASK_SCHEDULED: 2, TIMER_STARTED: 2 });
  });

  it('leaves cancelled activities out of the activities to run', () => {
    nextId = 1;
    const shape = historyShape([
      event(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, 0),
      event(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, 0),
      event(EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED, 1),
      event(EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED, 2),
    ]);
    expect([shape.activities, shape.cancelledActivities]).toEqual([1, 1]);
  });

  it('gives the baseline as many activity rounds as the candidate’s remaining workflow tasks, never more than its activities', () => {
    const shape = historyShape(sampleHistory());
    // 2 workflow tasks, all taken by the start, signal, update and timer wake-ups: one round for both activities.
    expect(toBareShape(shape)).toMatchObject({ activities: 2, activityRounds: 1, signalsReceived: 1, firedTimersMs: [2500] });
    const busy = { ...shape, byType: { ...shape.byType, WORKFLOW_TASK_COMPLETED: 40 } };
    expect(toBareShape(busy).activityRounds).toBe(2);
  });

  it('lists the event types whose counts differ', () => {
    const candidate = historyShape(sampleHistory());
    const baseline = historyShape(sampleHistory().filter((e) => e.eventType !== EventType.EVENT_TYPE_TIMER_CANCELED));
    expect(shapeDifferences(candidate, baseline)).toEqual({ TIMER_CANCELED: [1, 0] });
  });

  it('measures timer lateness up to the workflow task that saw the timer fire', () => {
    expect(timerLatenessMs(sampleHistory())).toEqual([40]);
  });

  it('measures schedule-to-start of first attempts only', () => {
    expect(activityScheduleToStartMs(sampleHistory())).toEqual([20]);
  });
});
