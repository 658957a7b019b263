import { createHash } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createNotificationActivities } from '../../../activities/notifications/notification.activities';
import { outboxKey, type NotificationRequest, type NotificationResult } from '../../../activities/notifications/notification.types';
import { Milestone } from '../../../workflows/shared/vocabulary';
import { InMemoryOutbox, RecordingEmailSender } from '../../support/in-memory-stores';

const TN = '1Z5R89390357567127';

const delay = (revision: string | undefined, newDeliveryDate?: string): NotificationRequest => ({
  orderId: 'A-1001',
  milestone: Milestone.DELAYED,
  channel: 'email',
  shipmentId: 'shp_1',
  revision,
  customer: { name: 'Ana Lima', email: 'ana@example.com', locale: 'en-US', timeZone: 'America/New_York' },
  shipment: { carrier: 'ups', trackingNumber: TN, trackingUrl: `https://www.ups.com/track?tracknum=${TN}` },
  details: { newDeliveryDate, delayReason: 'estimate_slipped' },
});

describe('sendNotification with revisions', () => {
  const setup = () => {
    const outbox = new InMemoryOutbox();
    const email = new RecordingEmailSender();
    const activities = createNotificationActivities({ outbox, email, brand: { name: 'Waybill Shop' }, messageIdDomain: 'waybill.test' });
    const env = new MockActivityEnvironment(undefined, { logger: new DefaultLogger('WARN') });
    const send = (req: NotificationRequest) =>
      env.run<[NotificationRequest], NotificationResult, typeof activities.sendNotification>(activities.sendNotification, req);
    return { outbox, email, send };
  };

  it('keys each revision of a delay apart, and keeps the pre-revision key when there is none', () => {
    expect(outboxKey(delay('2026-12-01'))).toBe('A-1001|delayed|shp_1|email|2026-12-01');
    expect(outboxKey(delay('2026-12-03'))).not.toBe(outboxKey(delay('2026-12-01')));
    expect(outboxKey(delay(undefined))).toBe('A-1001|delayed|shp_1|email');
  });

  it('sends two revisions of `delayed` as two messages with different Message-IDs', async () => {
    const { email, send, outbox } = setup();
    const first = await send(delay('2026-12-01', '2026-12-01'));
    const second = await send(delay('2026-12-03', '2026-12-03'));
    expect([first.outcome, second.outcome]).toEqual(['sent', 'sent']);
    expect(second.messageId).not.toBe(first.messageId);
    expect(email.sent.map((m) => m.messageId)).toEqual([first.messageId, second.messageId]);
    expect(email.sent[0].text).toContain('Tuesday, December 1');
    expect(email.sent[1].text).toContain('Thursday, December 3');
    expect(outbox.entries.get(outboxKey(delay('2026-12-01')))).toBe('sent');
    expect(outbox.entries.get(outboxKey(delay('2026-12-03')))).toBe('sent');
  });

  it('deduplicates the same revision, answering already_sent with the same Message-ID', async () => {
    const { email, send } = setup();
    const first = await send(delay('2026-12-01', '2026-12-01'));
    const again = await send(delay('2026-12-01', '2026-12-01'));
    expect(again).toEqual({ outcome: 'already_sent', messageId: first.messageId });
    expect(email.sent).toHaveLength(1);
  });

  it('derives the Message-ID from the key alone: the same revision gives the same ID in a fresh process', async () => {
    const a = await setup().send(delay('2026-12-01', '2026-12-01'));
    const b = await setup().send(delay('2026-12-01'));
    const c = await setup().send(delay('2026-12-03', '2026-12-01'));
    expect(b.messageId).toBe(a.messageId);
    expect(c.messageId).not.toBe(a.messageId);
  });

  it('hashes exactly the outbox key: a revision-less message keeps the Message-ID it had before revisions existed', async () => {
    const hashOf = (key: string) => `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@waybill.test>`;
    const withoutRevision = await setup().send(delay(undefined));
    const withRevision = await setup().send(delay('2026-12-01'));
    expect(withoutRevision.messageId).toBe(hashOf('A-1001|delayed|shp_1|email'));
    expect(withRevision.messageId).toBe(hashOf('A-1001|delayed|shp_1|email|2026-12-01'));
  });
});
