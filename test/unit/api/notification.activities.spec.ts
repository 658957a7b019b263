import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger, type LogEntry } from '@temporalio/worker';
import { createNotificationActivities, NotificationFailureType } from '../../../activities/notifications/notification.activities';
import { outboxKey, type NotificationRequest, type NotificationResult } from '../../../activities/notifications/notification.types';
import { PermanentDeliveryError, type OutgoingEmail } from '../../../activities/notifications/outbox';
import type { PushMessage } from '../../../activities/notifications/push/push-sender';
import { Milestone } from '../../../workflows/shared/vocabulary';
import { InMemoryOutbox, RecordingEmailSender } from '../../support/in-memory-stores';

const TN = '1Z5R89390357567127';
const CUSTOMER_EMAIL = 'ana.lima@example.com';

const request = (patch: Partial<NotificationRequest> = {}): NotificationRequest => ({
  orderId: 'A-1001',
  milestone: Milestone.SHIPPED,
  channel: 'email',
  shipmentId: 'shp_1',
  customer: { name: 'Ana Lima', email: CUSTOMER_EMAIL, timeZone: 'America/New_York' },
  shipment: { carrier: 'ups', trackingNumber: TN, trackingUrl: `https://www.ups.com/track?tracknum=${TN}` },
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

describe('sendNotification', () => {
  let outbox: InMemoryOutbox;
  let email: ScriptedEmailSender;
  let logs: LogEntry[];
  let env: MockActivityEnvironment;

  const setup = (failures: Error[] = []) => {
    outbox = new InMemoryOutbox();
    email = new ScriptedEmailSender(failures);
    logs = [];
    env = new MockActivityEnvironment(undefined, { logger: new DefaultLogger('TRACE', (entry) => logs.push(entry)) });
    return createNotificationActivities({ outbox, email, brand: { name: 'Waybill Shop' }, messageIdDomain: 'waybill.test' });
  };

  type SendNotification = ReturnType<typeof setup>['sendNotification'];
  const send = (activities: ReturnType<typeof setup>, req: NotificationRequest): Promise<NotificationResult> =>
    env.run<[NotificationRequest], NotificationResult, SendNotification>(activities.sendNotification, req);

  it('sends on the first call and marks the key sent', async () => {
    const activities = setup();
    const result = await send(activities, request());
    expect(result.outcome).toBe('sent');
    expect(result.messageId).toMatch(/^<[0-9a-f]{32}@waybill\.test>$/);
    expect(email.sent).toHaveLength(1);
    expect(email.sent[0]).toMatchObject({ to: CUSTOMER_EMAIL, messageId: result.messageId });
    expect(email.sent[0].subject).toContain('A-1001');
    expect(email.sent[0].text).toContain(TN);
    expect(email.sent[0].html).toContain('<a href=');
    expect(outbox.entries.get(outboxKey(request()))).toBe('sent');
  });

  it('logs the send without the customer address or name', async () => {
    const activities = setup();
    await send(activities, request());
    const sentLog = logs.find((entry) => entry.message === 'Notification sent');
    expect(sentLog?.meta).toMatchObject({ orderId: 'A-1001', milestone: 'shipped', channel: 'email' });
    const everything = JSON.stringify(logs, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value));
    expect(everything).not.toContain(CUSTOMER_EMAIL);
    expect(everything).not.toContain('Ana Lima');
  });

  it('sends nothing the second time for the same (order, milestone, shipment, channel), answering already_sent', async () => {
    const activities = setup();
    const first = await send(activities, request());
    const second = await send(activities, request({ customer: { name: 'Changed', email: 'other@example.com' } }));
    expect(second).toEqual({ outcome: 'already_sent', messageId: first.messageId });
    expect(email.sent).toHaveLength(1);
  });

  it.each([
    ['another shipment', { shipmentId: 'shp_2' }],
    ['another milestone', { milestone: Milestone.DELIVERED }],
    ['another order', { orderId: 'A-1002' }],
    ['no shipment (an order-level milestone)', { milestone: Milestone.ORDER_RECEIVED, shipmentId: undefined, shipment: undefined }],
  ])('sends again for %s, with a different Message-ID', async (_what, patch) => {
    const activities = setup();
    const first = await send(activities, request());
    const other = await send(activities, request(patch));
    expect(other.outcome).toBe('sent');
    expect(other.messageId).not.toBe(first.messageId);
    expect(email.sent).toHaveLength(2);
  });

  it('derives the Message-ID from the outbox key only: the same key gives the same ID in a fresh process', async () => {
    const a = await send(setup(), request());
    const b = await send(setup(), request({ customer: { name: 'Someone else', email: 'x@example.com' } }));
    expect(b.messageId).toBe(a.messageId);
  });

  describe('a permanent delivery failure', () => {
    it('marks the key failed and throws a non-retryable NotificationRejected', async () => {
      const activities = setup([new PermanentDeliveryError('SMTP RCPT TO failed with 550')]);
      const err = await send(activities, request()).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ApplicationFailure);
      expect(err).toMatchObject({ type: NotificationFailureType.REJECTED, nonRetryable: true, message: 'SMTP RCPT TO failed with 550' });
      expect(outbox.entries.get(outboxKey(request()))).toBe('failed');
    });

    it('is not resent by later calls, which answer failed_permanently', async () => {
      const activities = setup([new PermanentDeliveryError('SMTP RCPT TO failed with 550')]);
      await expect(send(activities, request())).rejects.toBeInstanceOf(ApplicationFailure);
      const later = await send(activities, request());
      expect(later.outcome).toBe('failed_permanently');
      expect(email.attempts).toHaveLength(1);
      expect(email.sent).toHaveLength(0);
    });
  });

  describe('a transient failure', () => {
    it('rethrows as is (retryable), giving the claim back for the retry', async () => {
      const transient = new Error('SMTP send failed (ECONNRESET)');
      const activities = setup([transient]);
      const err = await send(activities, request()).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBe(transient);
      expect(err).not.toBeInstanceOf(ApplicationFailure);
      expect(outbox.entries.get(outboxKey(request()))).toBe('released');
      expect(email.sent).toHaveLength(0);
    });

    it('does not send while another attempt holds the claim, and asks to be retried after the lease', async () => {
      const activities = setup([]);
      await outbox.claim(outboxKey(request()));
      const err = await send(activities, request()).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ApplicationFailure);
      expect(err).toMatchObject({ type: 'NotificationInFlight', nonRetryable: false });
      expect(email.attempts).toHaveLength(0);
    });

    it('claims with the configured lease, and retries an in-flight message after that lease', async () => {
      setup([]);
      const activities = createNotificationActivities({ outbox, email, brand: { name: 'Waybill Shop' }, messageIdDomain: 'waybill.test', claimLeaseMs: 5_000 });
      const claim = jest.spyOn(outbox, 'claim');
      await outbox.claim(outboxKey(request()));
      const err = await send(activities, request()).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(claim).toHaveBeenLastCalledWith(outboxKey(request()), { orderId: 'A-1001', milestone: 'shipped', channel: 'email' }, 5_000);
      expect(err).toMatchObject({ type: 'NotificationInFlight', nextRetryDelay: 5_000 });
    });

    it('resends a push with the same id and createdAt after a lost attempt: when the send was decided, not when it left', async () => {
      setup([]);
      const pushes: PushMessage[] = [];
      const push = {
        send: async (message: PushMessage) => {
          pushes.push(message);
          if (pushes.length === 1) throw new Error('connection reset');
          return { providerMessageId: message.id, deliveredTo: 1 };
        },
      };
      const activities = createNotificationActivities({ outbox, email, push, brand: { name: 'Waybill Shop' }, messageIdDomain: 'waybill.test' });
      const decidedAt = Date.parse('2026-03-02T15:00:00.000Z');
      const attempt = (n: number) =>
        new MockActivityEnvironment({ attempt: n, scheduledTimestampMs: decidedAt, currentAttemptScheduledTimestampMs: decidedAt + n * 60_000 }).run<
          [NotificationRequest],
          NotificationResult,
          SendNotification
        >(activities.sendNotification, request({ channel: 'push', customer: { ...request().customer, customerRef: 'cus_1' } }));
      await expect(attempt(1)).rejects.toThrow('connection reset');
      await expect(attempt(2)).resolves.toMatchObject({ outcome: 'sent' });
      expect(pushes.map((p) => p.createdAt)).toEqual(['2026-03-02T15:00:00.000Z', '2026-03-02T15:00:00.000Z']);
      expect(new Set(pushes.map((p) => p.id)).size).toBe(1);
    });

    it('keeps the claim when recording a completed send fails, so no retry sends it again', async () => {
      const activities = setup();
      const storeDown = new Error('outbox unavailable');
      outbox.markSent = () => Promise.reject(storeDown);
      await expect(send(activities, request())).rejects.toBe(storeDown);
      expect(email.sent).toHaveLength(1);
      expect(outbox.entries.get(outboxKey(request()))).toBe('claimed');
      const retry = await send(activities, request()).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(retry).toMatchObject({ type: 'NotificationInFlight' });
      expect(email.sent).toHaveLength(1);
    });

    it('is sent by the retry, with the same Message-ID as the failed attempt', async () => {
      const activities = setup([new Error('SMTP DATA failed with 451')]);
      await expect(send(activities, request())).rejects.toThrow('451');
      const retry = await send(activities, request());
      expect(retry.outcome).toBe('sent');
      expect(email.attempts).toHaveLength(2);
      expect(email.attempts[1].messageId).toBe(email.attempts[0].messageId);
      expect(email.sent.map((m) => m.messageId)).toEqual([retry.messageId]);
      expect(outbox.entries.get(outboxKey(request()))).toBe('sent');
    });
  });
});
