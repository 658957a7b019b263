import request from 'supertest';
import { outboxKey } from '../../../activities/notifications/notification.types';
import { NotificationLogController } from '../../../src/notifications/notification-log.controller';
import { redactFailureReason } from '../../../src/notifications/notification-log';
import { OutboxRepository, type OutboxDocument } from '../../../src/persistence/outbox.repository';
import { ReadModelRepository } from '../../../src/persistence/read-model.repository';
import { bearer, useApiTestApp } from '../../support/api-test-app';

const delayed: OutboxDocument = {
  _id: outboxKey({ orderId: 'A-1001', milestone: 'delayed', shipmentId: 'shp_0123456789abcdef01234567', channel: 'email', revision: '2026-12-01' }),
  orderId: 'A-1001',
  milestone: 'delayed',
  channel: 'email',
  state: 'failed',
  claimedAt: new Date('2026-11-26T10:00:00Z'),
  createdAt: new Date('2026-11-26T10:00:00Z'),
  claims: 2,
  failedAt: new Date('2026-11-26T10:00:05Z'),
  failureReason: 'SMTP RCPT TO failed with 550: <ann.lee@example.com> unknown; call +1 415 555 0123',
};
const received: OutboxDocument = {
  _id: outboxKey({ orderId: 'A-1001', milestone: 'order_received', channel: 'email' }),
  orderId: 'A-1001',
  milestone: 'order_received',
  channel: 'email',
  state: 'sent',
  claimedAt: new Date('2026-11-25T09:00:00Z'),
  createdAt: new Date('2026-11-25T09:00:00Z'),
  claims: 1,
  sentAt: new Date('2026-11-25T09:00:01Z'),
  providerMessageId: '<abc@waybill.test>',
};
const released: OutboxDocument = {
  _id: outboxKey({ orderId: 'A-1001', milestone: 'shipped', shipmentId: 'shp_0123456789abcdef01234567', channel: 'email' }),
  orderId: 'A-1001',
  milestone: 'shipped',
  channel: 'email',
  state: 'claimed',
  claimedAt: new Date(0),
  claims: 1,
};

describe('NotificationLogController over HTTP (real guard and pipe; repositories mocked)', () => {
  const outbox = { listByOrder: jest.fn() };
  const readModel = { findOrder: jest.fn() };
  const api = useApiTestApp({
    controllers: [NotificationLogController],
    providers: [
      { provide: OutboxRepository, useValue: outbox },
      { provide: ReadModelRepository, useValue: readModel },
    ],
  });

  beforeEach(() => {
    outbox.listByOrder.mockReset().mockResolvedValue([delayed, received, released]);
    readModel.findOrder.mockReset().mockResolvedValue(null);
  });

  it('lists the entries as the repository orders them (newest first), without addresses', async () => {
    const response = await request(api.server).get('/v1/orders/A-1001/notifications').set('Authorization', bearer('support')).expect(200);
    expect(outbox.listByOrder).toHaveBeenCalledWith('A-1001', 500);
    expect(response.body).toEqual({
      orderId: 'A-1001',
      notifications: [
        {
          id: 'A-1001|delayed|shp_0123456789abcdef01234567|email|2026-12-01',
          milestone: 'delayed',
          channel: 'email',
          shipmentId: 'shp_0123456789abcdef01234567',
          revision: '2026-12-01',
          state: 'failed',
          attempts: 2,
          createdAt: '2026-11-26T10:00:00.000Z',
          lastAttemptAt: '2026-11-26T10:00:00.000Z',
          failedAt: '2026-11-26T10:00:05.000Z',
          failureReason: 'SMTP RCPT TO failed with 550: <[address]> unknown; call [number]',
        },
        {
          id: 'A-1001|order_received|-|email',
          milestone: 'order_received',
          channel: 'email',
          state: 'sent',
          attempts: 1,
          createdAt: '2026-11-25T09:00:00.000Z',
          lastAttemptAt: '2026-11-25T09:00:00.000Z',
          sentAt: '2026-11-25T09:00:01.000Z',
          providerMessageId: '<abc@waybill.test>',
        },
        {
          id: 'A-1001|shipped|shp_0123456789abcdef01234567|email',
          milestone: 'shipped',
          channel: 'email',
          shipmentId: 'shp_0123456789abcdef01234567',
          state: 'claimed',
          attempts: 1,
        },
      ],
    });
    expect(JSON.stringify(response.body)).not.toMatch(/ann\.lee|4155550123|415 555/);
  });

  it('answers an empty log for a known order with no messages yet, and 404 for an unknown one', async () => {
    outbox.listByOrder.mockResolvedValue([]);
    readModel.findOrder.mockResolvedValue({ _id: 'A-2' });
    await request(api.server).get('/v1/orders/A-2/notifications').set('Authorization', bearer('platform')).expect(200, { orderId: 'A-2', notifications: [] });
    readModel.findOrder.mockResolvedValue(null);
    const missing = await request(api.server).get('/v1/orders/A-404/notifications').set('Authorization', bearer('platform')).expect(404);
    expect(missing.body.message).toBe('Order A-404 not found.');
  });

  it('lets support, platform and admin read; needs a key', async () => {
    await request(api.server).get('/v1/orders/A-1001/notifications').expect(401);
    for (const role of ['platform', 'support', 'admin'] as const) {
      await request(api.server).get('/v1/orders/A-1001/notifications').set('Authorization', bearer(role)).expect(200);
    }
  });

  it('answers 400 for an invalid order ID, reading nothing', async () => {
    await request(api.server).get('/v1/orders/bad%24id/notifications').set('Authorization', bearer('support')).expect(400);
    expect(outbox.listByOrder).not.toHaveBeenCalled();
  });

  it('masks addresses and phone numbers in failure reasons, and keeps SMTP codes', () => {
    expect(redactFailureReason('550 5.1.1 user@mail.example.org: mailbox unavailable')).toBe('550 5.1.1 [address]: mailbox unavailable');
    expect(redactFailureReason('Twilio 21211: +447911123456 is not valid')).toBe('Twilio 21211: [number] is not valid');
    expect(redactFailureReason('x'.repeat(1000))).toHaveLength(300);
  });
});
