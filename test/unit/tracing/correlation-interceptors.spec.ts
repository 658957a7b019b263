import { Writable } from 'node:stream';
import { defaultPayloadConverter, type Headers } from '@temporalio/common';
import { currentCorrelationId, runWithCorrelationId } from '../../../src/logging/correlation-context';
import { createRootLogger } from '../../../src/logging/loggers';
import { correlationActivityInterceptors } from '../../../src/tracing/correlation-activity-interceptor';
import { CorrelationClientInterceptor } from '../../../src/tracing/correlation-client-interceptor';
import { interceptors as workflowInterceptors } from '../../../workflows/interceptors/correlation';
import { CORRELATION_HEADER, correlationIdFrom, isCorrelationId, withCorrelationId } from '../../../workflows/shared/correlation';

/* The correlation ID's header handling in each interceptor, without Temporal (the workflow test runs them for real). */

const headerWith = (value: unknown): Headers => ({ [CORRELATION_HEADER]: defaultPayloadConverter.toPayload(value) });
const idIn = (headers: Headers): string | undefined => correlationIdFrom(headers);

describe('correlation header', () => {
  it('round-trips a well-formed ID and leaves other headers alone', () => {
    const other = { other: defaultPayloadConverter.toPayload('x') };
    const headers = withCorrelationId(other, 'req-42');
    expect(idIn(headers)).toBe('req-42');
    expect(headers.other).toBe(other.other);
    expect(withCorrelationId(other, undefined)).toBe(other);
  });

  it('ignores what no Waybill client would send: other types, bad characters, too long, not JSON', () => {
    for (const bad of [42, { id: 'x' }, 'a b', 'line\nbreak', '"quoted"', 'a'.repeat(129), '', '-dash-first']) {
      expect(idIn(headerWith(bad))).toBeUndefined();
      expect(isCorrelationId(bad)).toBe(false);
    }
    expect(idIn({ [CORRELATION_HEADER]: { metadata: { encoding: new TextEncoder().encode('binary/plain') }, data: new Uint8Array([1]) } })).toBeUndefined();
    expect(idIn({})).toBeUndefined();
    expect(isCorrelationId('a'.repeat(128))).toBe(true);
  });
});

describe('CorrelationClientInterceptor', () => {
  const interceptor = new CorrelationClientInterceptor();
  const capture = () => {
    const seen: Headers[] = [];
    const next = (input: { headers: Headers }) => {
      seen.push(input.headers);
      return Promise.resolve(undefined as never);
    };
    return { seen, next };
  };

  it('sends the current request’s ID on start, signal, signal-with-start and update', async () => {
    const { seen, next } = capture();
    await runWithCorrelationId('req-7', async () => {
      await interceptor.start({ headers: {} } as never, next);
      await interceptor.startWithDetails({ headers: {} } as never, next);
      await interceptor.signal({ headers: {} } as never, next);
      await interceptor.signalWithStart({ headers: {} } as never, next);
      await interceptor.startUpdate({ headers: {} } as never, next);
    });
    expect(seen.map(idIn)).toEqual(['req-7', 'req-7', 'req-7', 'req-7', 'req-7']);
  });

  it('sends it on both halves of update-with-start', async () => {
    let given: { workflowStartHeaders: Headers; updateHeaders: Headers } | undefined;
    await runWithCorrelationId('req-8', () =>
      interceptor.startUpdateWithStart({ workflowStartHeaders: {}, updateHeaders: {} } as never, (input) => {
        given = input;
        return Promise.resolve(undefined as never);
      }),
    );
    expect(idIn(given!.workflowStartHeaders)).toBe('req-8');
    expect(idIn(given!.updateHeaders)).toBe('req-8');
  });

  it('sends nothing outside a request', async () => {
    const { seen, next } = capture();
    await interceptor.start({ headers: {} } as never, next);
    expect(seen).toEqual([{}]);
  });
});

describe('workflow interceptors', () => {
  type Passed = { headers: Headers };
  const passThrough = (into: Passed[]) => (input: Passed) => {
    into.push(input);
    return Promise.resolve(undefined as never);
  };

  it('keep the start’s ID, take a later signal’s or update’s, and copy it onto what the workflow schedules', async () => {
    const { inbound, outbound } = workflowInterceptors();
    const [workflowIn] = inbound!;
    const [workflowOut] = outbound!;
    const scheduled: Passed[] = [];
    await workflowOut.scheduleActivity!({ headers: {} } as never, passThrough(scheduled));
    expect(idIn(scheduled[0].headers)).toBeUndefined();

    await workflowIn.execute!({ headers: headerWith('req-start') } as never, () => Promise.resolve(undefined));
    await workflowOut.scheduleActivity!({ headers: {} } as never, passThrough(scheduled));
    await workflowOut.scheduleLocalActivity!({ headers: {} } as never, passThrough(scheduled));
    void (await workflowOut.startChildWorkflowExecution!({ headers: {} } as never, passThrough(scheduled)));
    await workflowOut.signalWorkflow!({ headers: {} } as never, passThrough(scheduled));
    // A signal without an ID (a child's, say) keeps the one there was.
    await workflowIn.handleSignal!({ headers: {} } as never, () => Promise.resolve());
    await workflowOut.continueAsNew!({ headers: {} } as never, passThrough(scheduled));
    expect(scheduled.slice(1).map((i) => idIn(i.headers))).toEqual(['req-start', 'req-start', 'req-start', 'req-start', 'req-start']);

    await workflowIn.handleSignal!({ headers: headerWith('req-push') } as never, () => Promise.resolve());
    await workflowOut.scheduleActivity!({ headers: {} } as never, passThrough(scheduled));
    await workflowIn.handleUpdate!({ headers: headerWith('req-update') } as never, () => Promise.resolve(undefined));
    await workflowOut.scheduleActivity!({ headers: {} } as never, passThrough(scheduled));
    expect(scheduled.slice(-2).map((i) => idIn(i.headers))).toEqual(['req-push', 'req-update']);
    expect(workflowOut.getLogAttributes!({ workflowId: 'order:A-1' }, (a) => a)).toEqual({ correlationId: 'req-update', workflowId: 'order:A-1' });
  });

  it('give each workflow run its own ID', async () => {
    const first = workflowInterceptors();
    const second = workflowInterceptors();
    await first.inbound![0].execute!({ headers: headerWith('req-a') } as never, () => Promise.resolve(undefined));
    const scheduled: Passed[] = [];
    await second.outbound![0].scheduleActivity!({ headers: {} } as never, passThrough(scheduled));
    expect(idIn(scheduled[0].headers)).toBeUndefined();
  });
});

describe('activity interceptors', () => {
  it('run the activity under its ID, so its log lines carry it, and add it to Temporal’s activity log attributes', async () => {
    let text = '';
    const logger = createRootLogger('worker', 'log', new Writable({ write: (chunk: Buffer, _e, done) => ((text += chunk.toString()), done()) }));
    const { inbound, outbound } = correlationActivityInterceptors();
    let inside: string | undefined;
    await inbound!.execute!({ headers: headerWith('req-9'), args: [] }, () => {
      inside = currentCorrelationId();
      logger.info('Notification sent');
      return Promise.resolve();
    });
    expect(inside).toBe('req-9');
    expect(JSON.parse(text)).toMatchObject({ msg: 'Notification sent', correlationId: 'req-9' });
    expect(outbound!.getLogAttributes!({ activityType: 'sendNotification' }, (a) => a)).toEqual({ correlationId: 'req-9', activityType: 'sendNotification' });
    expect(currentCorrelationId()).toBeUndefined();
  });

  it('run without one when the header is missing or malformed', async () => {
    const { inbound, outbound } = correlationActivityInterceptors();
    await inbound!.execute!({ headers: headerWith('bad id\n'), args: [] }, () => {
      expect(currentCorrelationId()).toBeUndefined();
      return Promise.resolve();
    });
    expect(outbound!.getLogAttributes!({}, (a) => a)).toEqual({});
  });
});

