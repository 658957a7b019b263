import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger, type LogEntry } from '@temporalio/worker';
import { createSupportAlertActivities, SupportAlertFailureType } from '../../../activities/alerts/support-alert.activities';
import { SupportAlertKind, supportAlertId, type SupportAlertRequest, type SupportAlertResult } from '../../../activities/alerts/support-alert.types';
import { PermanentDeliveryError, type OutgoingEmail } from '../../../activities/notifications/outbox';
import { RecordingEmailSender } from '../../support/in-memory-stores';
import { InMemorySupportAlerts } from '../../support/in-memory-support-alerts';

const SUPPORT = 'support@shop.example';

const request = (patch: Partial<SupportAlertRequest> = {}): SupportAlertRequest => ({
  orderId: 'A-1001',
  shipmentId: 'shp_1',
  kind: SupportAlertKind.SHIPMENT_STALLED,
  occurrence: '1',
  detail: 'No carrier scan for 5 days while in transit.',
  ...patch,
});

/** Fails each send with the next scripted error, then records like RecordingEmailSender. */
class ScriptedEmailSender extends RecordingEmailSender {
  readonly attempts: OutgoingEmail[] = [];

  constructor(private readonly failures: Error[] = []) {
    super();
  }

  override async send(email: OutgoingEmail): Promise<{ providerMessageId: string }> {
    this.attempts.push(email);
    const failure = this.failures.shift();
    if (failure) throw failure;
    return super.send(email);
  }
}

describe('raiseSupportAlert', () => {
  let store: InMemorySupportAlerts;
  let email: ScriptedEmailSender;
  let logs: LogEntry[];
  let env: MockActivityEnvironment;

  const setup = ({ failures = [] as Error[], emailed = true } = {}) => {
    store = new InMemorySupportAlerts();
    email = new ScriptedEmailSender(failures);
    logs = [];
    env = new MockActivityEnvironment(undefined, { logger: new DefaultLogger('TRACE', (entry) => logs.push(entry)) });
    return createSupportAlertActivities({ store, notifier: emailed ? { email, to: SUPPORT, messageIdDomain: 'waybill.test' } : undefined });
  };

  type Raise = ReturnType<typeof setup>['raiseSupportAlert'];
  const raise = (activities: ReturnType<typeof setup>, req: SupportAlertRequest): Promise<SupportAlertResult> =>
    env.run<[SupportAlertRequest], SupportAlertResult, Raise>(activities.raiseSupportAlert, req);

  it('stores an open alert under its derived ID and emails support once', async () => {
    const activities = setup();
    const result = await raise(activities, request());
    const alertId = supportAlertId(request());
    expect(result).toEqual({ alertId, created: true });
    expect(store.alerts.get(alertId)).toMatchObject({ orderId: 'A-1001', shipmentId: 'shp_1', kind: 'shipment_stalled', state: 'open' });
    expect(store.alerts.get(alertId)?.emailedAt).toBeInstanceOf(Date);
    expect(email.sent).toHaveLength(1);
    expect(email.sent[0]).toMatchObject({ to: SUPPORT, subject: '[Waybill] shipment stalled: order A-1001' });
    expect(email.sent[0].text).toContain('No carrier scan for 5 days');
    expect(email.sent[0].messageId).toMatch(/^<[0-9a-f]{32}@waybill\.test>$/);
  });

  it('is idempotent: a retry answers created=false, stores nothing new and emails nobody', async () => {
    const activities = setup();
    await raise(activities, request());
    await expect(raise(activities, request())).resolves.toEqual({ alertId: supportAlertId(request()), created: false });
    expect(store.alerts.size).toBe(1);
    expect(email.attempts).toHaveLength(1);
  });

  it('raises a new alert for a new occurrence, kind or parcel', async () => {
    const activities = setup();
    await raise(activities, request());
    await raise(activities, request({ occurrence: '2' }));
    await raise(activities, request({ kind: SupportAlertKind.DELIVERY_UNCONFIRMED }));
    await raise(activities, request({ shipmentId: undefined, kind: SupportAlertKind.DISPUTE_OPENED }));
    expect(store.alerts.size).toBe(4);
    expect(email.sent).toHaveLength(4);
    expect(new Set(email.sent.map((e) => e.messageId)).size).toBe(4);
  });

  it('keeps the alert when the email fails, and a retry sends the email (same Message-ID) without a second alert', async () => {
    const activities = setup({ failures: [new Error('SMTP send failed (ECONNREFUSED)')] });
    await expect(raise(activities, request())).rejects.toThrow(/ECONNREFUSED/);
    const alertId = supportAlertId(request());
    expect(store.alerts.get(alertId)?.emailedAt).toBeUndefined();
    await expect(raise(activities, request())).resolves.toEqual({ alertId, created: false });
    expect(email.attempts).toHaveLength(2);
    expect(email.attempts[1].messageId).toBe(email.attempts[0].messageId);
    expect(email.sent).toHaveLength(1);
    expect(store.alerts.get(alertId)?.emailedAt).toBeInstanceOf(Date);
    await raise(activities, request());
    expect(email.attempts).toHaveLength(2);
  });

  it('logs a permanent refusal and does not fail or retry the email', async () => {
    const activities = setup({ failures: [new PermanentDeliveryError('SMTP RCPT TO failed with 550')] });
    await expect(raise(activities, request())).resolves.toMatchObject({ created: true });
    await raise(activities, request());
    expect(email.attempts).toHaveLength(2);
    expect(logs.some((l) => l.level === 'WARN' && /refused for good/.test(l.message))).toBe(true);
  });

  it('does not email about an alert support already acknowledged', async () => {
    const activities = setup({ failures: [new Error('SMTP down')] });
    await expect(raise(activities, request())).rejects.toThrow();
    const stored = store.alerts.get(supportAlertId(request()));
    if (stored) stored.state = 'acknowledged';
    await raise(activities, request());
    expect(email.sent).toHaveLength(0);
  });

  it('only stores when SUPPORT_ALERT_EMAIL is not configured', async () => {
    const activities = setup({ emailed: false });
    await expect(raise(activities, request())).resolves.toMatchObject({ created: true });
    expect(email.attempts).toHaveLength(0);
    expect(store.alerts.get(supportAlertId(request()))?.emailedAt).toBeUndefined();
  });

  it('logs the order, kind and alert ID, never the detail', async () => {
    const activities = setup();
    await raise(activities, request({ detail: 'Customer disputes delivery.' }));
    const raised = logs.find((l) => l.message === 'Support alert raised');
    expect(raised?.meta).toMatchObject({ orderId: 'A-1001', kind: 'shipment_stalled', alertId: supportAlertId(request()) });
    const written = JSON.stringify(logs, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value));
    expect(written).not.toContain('Customer disputes delivery');
  });

  it.each([
    ['an unknown kind', { kind: 'on_fire' as SupportAlertRequest['kind'] }],
    ['an empty detail', { detail: '' }],
    ['an empty occurrence', { occurrence: '' }],
    ['an occurrence that could not travel in a URL', { occurrence: 'second stall/5' }],
  ])('refuses %s without retrying and stores nothing', async (_what, patch) => {
    const activities = setup();
    const err = await raise(activities, request(patch)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect((err as ApplicationFailure).type).toBe(SupportAlertFailureType.INVALID);
    expect((err as ApplicationFailure).nonRetryable).toBe(true);
    expect(store.alerts.size).toBe(0);
  });
});
