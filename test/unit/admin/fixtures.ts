import type { DashboardSummary, OrderRow } from '../../../src/admin/dashboard.queries';
import type { OrderPageData } from '../../../src/admin/order-page.service';
import { buildTimeline } from '../../../src/admin/timeline';
import type { OrderDetail } from '../../../src/orders/orders.responses';

/** Dashboard page data for the rendering and HTTP specs, with hostile text where text can come from outside. */

export const HOSTILE = '<script>alert("x")</script>';
export const SHIPMENT_ID = 'shp_0123456789abcdef01234567';

export function orderDetail(overrides: Partial<OrderDetail> = {}): OrderDetail {
  return {
    orderId: 'A-1001',
    status: 'delivered',
    delayed: false,
    createdAt: '2026-11-20T10:00:00.000Z',
    escrow: { state: 'held', amount: 12999, currency: 'USD' },
    shipments: [
      {
        shipmentId: SHIPMENT_ID,
        carrier: 'ups',
        trackingNumber: '1Z5R89390357567127',
        trackingUrl: 'https://www.ups.com/track?tracknum=1Z5R89390357567127',
        status: 'in_transit',
        attempts: 0,
        lastEventAt: '2026-11-21T09:30:00-05:00',
        events: [
          {
            fingerprint: 'f1',
            status: 'in_transit',
            occurredAt: '2026-11-21T09:30:00-05:00',
            description: `Departed facility ${HOSTILE}`,
            location: { city: 'Louisville', region: 'KY', countryCode: 'US' },
            carrierCodes: { code: 'DP' },
          },
        ],
        proofOfDelivery: { signedBy: `Ada ${HOSTILE}`, hasSignature: true, hasProofOfDelivery: false },
      },
    ],
    history: [
      { at: '2026-11-20T10:00:00.000Z', type: 'order_received', actor: { role: 'platform', keyId: 'key_platform' } },
      { at: '2026-11-22T10:00:00.000Z', type: 'dispute_opened', actor: { role: 'customer', keyId: 'tok_1' }, detail: `Customer says ${HOSTILE}` },
    ],
    dispute: { openedAt: '2026-11-22T10:00:00.000Z', reason: 'not_received' },
    source: 'workflow',
    ...overrides,
  };
}

export function orderPageData(order: OrderDetail = orderDetail()): OrderPageData {
  return {
    order,
    escrow: { ...order.escrow },
    attention: order.dispute && !order.dispute.resolvedAt ? ['dispute_open'] : [],
    timeline: buildTimeline(order),
    notifications: [
      { id: `${order.orderId}|shipped|${SHIPMENT_ID}|email`, milestone: 'shipped', channel: 'email', shipmentId: SHIPMENT_ID, state: 'sent', attempts: 1, sentAt: '2026-11-21T15:00:00.000Z' },
      { id: `${order.orderId}|order_received|-|sms`, milestone: 'order_received', channel: 'sms', state: 'failed', attempts: 3, failureReason: `Refused ${HOSTILE}` },
      { id: `${order.orderId}|shipped|${SHIPMENT_ID}|email|resend-1`, milestone: 'shipped', channel: 'email', shipmentId: SHIPMENT_ID, revision: 'resend-1', state: 'sent', attempts: 1 },
    ],
    ledger: [],
    workflow: { workflowId: `order:${order.orderId}`, status: 'RUNNING', url: `http://127.0.0.1:8233/namespaces/default/workflows/order%3A${encodeURIComponent(order.orderId)}/run-1/history` },
  };
}

export function orderRow(overrides: Partial<OrderRow> = {}): OrderRow {
  return {
    orderId: 'A-1001',
    status: 'in_transit',
    delayed: true,
    carriers: ['ups'],
    escrow: { state: 'held', amount: 12999, currency: 'USD' },
    attention: ['attempt_failed'],
    createdAt: new Date('2026-11-20T10:00:00.000Z'),
    parcels: [{ shipmentId: SHIPMENT_ID, carrier: 'ups', trackingNumber: '1Z5R89390357567127', status: 'attempt_failed', lastEventAt: '2026-11-21T09:30:00-05:00' }],
    lastScanAt: '2026-11-21T09:30:00-05:00',
    ...overrides,
  };
}

export const SUMMARY: DashboardSummary = {
  total: 3,
  byStatus: [
    { status: 'in_transit', count: 2 },
    { status: 'delivered', count: 1 },
  ],
  needingAttention: 1,
  onTime: [{ carrier: 'ups', judged: 4, onTime: 3, undated: 1 }],
  onTimeWindowDays: 30,
};
