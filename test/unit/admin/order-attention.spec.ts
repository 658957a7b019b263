import { attentionReasons, parcelPunctuality } from '../../../activities/read-model/order-attention';
import { buildTimeline } from '../../../src/admin/timeline';
import type { OrderShipment, OrderView } from '../../../workflows/order/order.types';
import { orderDetail } from './fixtures';

/* What the read model derives for the dashboard when it writes an order, and the merged timeline. */

const parcel = (overrides: Partial<OrderShipment> = {}): OrderShipment => ({
  shipmentId: 'shp_0123456789abcdef01234567',
  carrier: 'ups',
  trackingNumber: '1Z5R89390357567127',
  trackingUrl: 'https://www.ups.com/track?tracknum=1Z5R89390357567127',
  status: 'in_transit',
  ladderStatus: 'in_transit',
  revision: 1,
  addedAt: '2026-11-20T10:00:00Z',
  ...overrides,
});

const order = (overrides: Partial<OrderView> = {}): OrderView => ({
  orderId: 'A-1',
  status: 'in_transit',
  delayed: false,
  createdAt: '2026-11-20T10:00:00Z',
  escrow: { state: 'held', amount: 100, currency: 'USD' },
  shipments: [parcel()],
  history: [],
  revision: 3,
  ...overrides,
});

describe('attentionReasons', () => {
  it('is empty for an order moving normally', () => {
    expect(attentionReasons(order())).toEqual([]);
  });

  it('names parcel trouble, overdue follow-ups, an escrow decision and an open dispute, once each', () => {
    const view = order({
      shipments: [
        parcel({ status: 'attempt_failed', attemptOverdue: true }),
        parcel({ shipmentId: 'shp_2', status: 'exception', stalled: true }),
        parcel({ shipmentId: 'shp_3', status: 'expired' }),
        parcel({ shipmentId: 'shp_4', status: 'returning', deliveryUnconfirmedOverdue: true }),
        parcel({ shipmentId: 'shp_5', status: 'lost' }),
      ],
      escrow: { state: 'held', decisionNeeded: true },
      dispute: { openedAt: '2026-11-22T10:00:00Z', reason: 'not_received' },
    });
    expect(attentionReasons(view)).toEqual(['attempt_failed', 'carrier_exception', 'returning', 'lost', 'stalled', 'overdue', 'escrow_decision', 'dispute_open']);
  });

  it('clears when the cause does: a resolved dispute, a reattempt that moved on', () => {
    expect(attentionReasons(order({ dispute: { openedAt: 'x', reason: 'not_received', resolvedAt: 'y', resolution: 'released' } }))).toEqual([]);
    expect(attentionReasons(order({ shipments: [parcel({ status: 'out_for_delivery' })] }))).toEqual([]);
  });
});

describe('parcelPunctuality', () => {
  it('judges a delivered parcel by its local delivery day against the promised day', () => {
    const view = order({
      promisedDeliveryDate: '2026-11-24',
      shipments: [
        parcel({ status: 'delivered', lastEventAt: '2026-11-24T23:30:00-05:00' }), // the 24th where it was delivered
        parcel({ shipmentId: 'shp_2', carrier: 'dhl', status: 'delivered', lastEventAt: '2026-11-25T08:00:00+01:00' }),
        parcel({ shipmentId: 'shp_3', status: 'in_transit', lastEventAt: '2026-11-22T08:00:00Z' }),
      ],
    });
    expect(parcelPunctuality(view)).toEqual([
      { shipmentId: 'shp_0123456789abcdef01234567', carrier: 'ups', deliveredOn: '2026-11-24', dueOn: '2026-11-24', onTime: true },
      { shipmentId: 'shp_2', carrier: 'dhl', deliveredOn: '2026-11-25', dueOn: '2026-11-24', onTime: false },
    ]);
  });

  it('without a promise uses the carrier’s estimate, and leaves out a parcel with neither', () => {
    const view = order({
      shipments: [
        parcel({ status: 'delivered', lastEventAt: '2026-11-24T12:00:00Z', estimatedDelivery: { from: '2026-11-25T09:00:00-05:00', to: '2026-11-25T17:00:00-05:00' } }),
        parcel({ shipmentId: 'shp_2', status: 'delivered', lastEventAt: '2026-11-24T12:00:00Z' }),
        parcel({ shipmentId: 'shp_3', status: 'delivered', manualDelivery: { at: '2026-11-23T10:00:00.000Z', note: 'slip' }, estimatedDelivery: { date: '2026-11-22' } }),
      ],
    });
    expect(parcelPunctuality(view)).toEqual([
      { shipmentId: 'shp_0123456789abcdef01234567', carrier: 'ups', deliveredOn: '2026-11-24', dueOn: '2026-11-25', onTime: true },
      { shipmentId: 'shp_2', carrier: 'ups', deliveredOn: '2026-11-24' },
      { shipmentId: 'shp_3', carrier: 'ups', deliveredOn: '2026-11-23', dueOn: '2026-11-22', onTime: false },
    ]);
  });
});

describe('buildTimeline', () => {
  it('merges order history and carrier scans newest first, by instant across time zones', () => {
    const detail = orderDetail();
    detail.shipments[0].events.push({ fingerprint: 'f2', status: 'out_for_delivery', occurredAt: '2026-11-22T06:00:00-05:00', description: 'Out', carrierCodes: {} });
    const timeline = buildTimeline(detail);
    expect(timeline.map((e) => [e.kind, e.at])).toEqual([
      ['scan', '2026-11-22T06:00:00-05:00'], // 11:00 UTC
      ['order', '2026-11-22T10:00:00.000Z'],
      ['scan', '2026-11-21T09:30:00-05:00'],
      ['order', '2026-11-20T10:00:00.000Z'],
    ].sort((a, b) => Date.parse(b[1]) - Date.parse(a[1])));
    expect(timeline[2]).toMatchObject({ kind: 'scan', location: 'Louisville, KY, US', carrier: 'ups', trackingNumber: '1Z5R89390357567127' });
    expect(timeline[1]).toMatchObject({ kind: 'order', type: 'dispute_opened', actor: 'customer · tok_1' });
  });

  it('puts the order’s entry after the scan that caused it at the same instant', () => {
    const detail = orderDetail({ history: [{ at: '2026-11-21T14:30:00.000Z', type: 'status_changed' }] });
    expect(buildTimeline(detail).map((e) => e.kind)).toEqual(['order', 'scan']);
  });
});
