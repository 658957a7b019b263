import { rejectResendNotification, resendNotification } from '../../../workflows/order/notification-resend';
import { OrderRejection } from '../../../workflows/order/order.messages';
import { addShipment, createOrderState, withNotification } from '../../../workflows/order/order.state';
import type { Actor, OrderState } from '../../../workflows/order/order.types';

const NOW = '2026-11-26T12:00:00.000Z';
const support: Actor = { role: 'support', keyId: 'key_support' };
const pollPolicy = { preTransitMs: 1, inTransitMs: 1, outForDeliveryMs: 1, awaitingPickupMs: 1, exceptionMs: 1, failureBackoffMs: 1 };

function shippedOrder(): OrderState {
  const { state } = createOrderState({ order: { orderId: 'A-1', customer: { name: 'Ada', email: 'ada@example.com' } }, requestHash: 'h', pollPolicy }, NOW);
  const shipped = addShipment(state, { shipmentId: 'shp_1', carrier: 'ups', trackingNumber: '1Z1', trackingUrl: 'https://www.ups.com/track?tracknum=1Z1', actor: support }, NOW);
  // A delay notice carries its new date; a resend must say the same.
  return withNotification(shipped, 'delayed', undefined, '2026-12-01', { newDeliveryDate: '2026-12-01', delayReason: 'estimate_slipped' }).state;
}

describe('resending a message', () => {
  it('only resends what the order already sent', () => {
    const state = shippedOrder();
    expect(rejectResendNotification(state, { actor: support, milestone: 'shipped', channel: 'email', shipmentId: 'shp_1' })).toBeUndefined();
    expect(rejectResendNotification(state, { actor: support, milestone: 'delivered', channel: 'email', shipmentId: 'shp_1' })?.type).toBe(OrderRejection.NOT_NOTIFIED);
    expect(rejectResendNotification(state, { actor: support, milestone: 'shipped', channel: 'email', shipmentId: 'shp_2' })?.type).toBe(OrderRejection.NOT_NOTIFIED);
    expect(rejectResendNotification(state, { actor: support, milestone: 'delayed', channel: 'sms' })?.type).toBe(OrderRejection.NOT_NOTIFIED);
    expect(rejectResendNotification(state, { actor: support, milestone: 'delayed', channel: 'sms', revision: '2026-12-01' })).toBeUndefined();
  });

  it('is for support and admins only', () => {
    const state = shippedOrder();
    for (const role of ['platform', 'customer', 'system'] as const) {
      expect(rejectResendNotification(state, { actor: { role }, milestone: 'shipped', channel: 'email', shipmentId: 'shp_1' })?.type).toBe(OrderRejection.FORBIDDEN);
    }
    expect(rejectResendNotification(state, { actor: { role: 'admin' }, milestone: 'shipped', channel: 'email', shipmentId: 'shp_1' })).toBeUndefined();
  });

  it('numbers each resend per message and channel, and repeats what the message said', () => {
    const first = resendNotification(shippedOrder(), { actor: support, milestone: 'delayed', channel: 'sms', revision: '2026-12-01' }, NOW);
    expect(first.effects).toEqual([
      {
        type: 'notify',
        milestone: 'delayed',
        shipmentId: undefined,
        revision: '2026-12-01.resend-1',
        details: { newDeliveryDate: '2026-12-01', delayReason: 'estimate_slipped' },
        resendOn: 'sms',
      },
    ]);
    const second = resendNotification(first.state, { actor: support, milestone: 'delayed', channel: 'sms', revision: '2026-12-01' }, NOW);
    expect(second.effects[0]).toMatchObject({ revision: '2026-12-01.resend-2' });
    const otherChannel = resendNotification(second.state, { actor: support, milestone: 'delayed', channel: 'email', revision: '2026-12-01' }, NOW);
    expect(otherChannel.effects[0]).toMatchObject({ revision: '2026-12-01.resend-1', resendOn: 'email' });
    expect(otherChannel.state.revision).toBe(shippedOrder().revision + 3);
    expect(otherChannel.state.history.at(-1)).toMatchObject({ type: 'notification_resent', actor: support });
  });
});
