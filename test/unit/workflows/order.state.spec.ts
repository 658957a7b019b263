import { OrderRejection } from '../../../workflows/order/order.messages';
import {
  addShipment,
  applyShipmentUpdate,
  cancelOrder,
  createOrderState,
  isOrderFinished,
  markProcessing,
  rejectAddShipment,
  rejectCancel,
  rejectMarkProcessing,
} from '../../../workflows/order/order.state';
import type { OrderState } from '../../../workflows/order/order.types';
import { EscrowState, OrderStatus, ShipmentStatus } from '../../../workflows/shared/vocabulary';

const NOW = '2026-11-26T12:00:00.000Z';
const platform = { role: 'platform' as const, keyId: 'key_abc' };
const pollPolicy = { preTransitMs: 1, inTransitMs: 1, outForDeliveryMs: 1, awaitingPickupMs: 1, exceptionMs: 1, failureBackoffMs: 1 };

const created = (escrow?: { amount: number; currency: string }) =>
  createOrderState(
    { order: { orderId: 'A-1001', customer: { name: 'Ada', email: 'ada@example.com' }, escrow }, requestHash: 'h', pollPolicy },
    NOW,
  );

const shipmentInput = (id: string, trackingNumber = `1Z${id}`) => ({
  shipmentId: id,
  carrier: 'ups' as const,
  trackingNumber,
  trackingUrl: `https://www.ups.com/track?tracknum=${trackingNumber}`,
  actor: platform,
});

const withShipments = (...ids: string[]): OrderState =>
  ids.reduce((state, id) => addShipment(state, shipmentInput(id), NOW).state, created().state);

const update = (shipmentId: string, revision: number, status: ShipmentStatus, ladderStatus = status) => ({
  shipmentId,
  revision,
  status,
  ladderStatus,
});

describe('order reducer', () => {
  it('creates an order received, notifies once, and holds escrow when there is an amount', () => {
    const change = created({ amount: 12999, currency: 'USD' });
    expect(change.state.status).toBe(OrderStatus.ORDER_RECEIVED);
    expect(change.state.escrow).toEqual({ state: EscrowState.HELD, amount: 12999, currency: 'USD' });
    expect(change.effects).toEqual([{ type: 'notify', milestone: 'order_received', shipmentId: undefined }]);
    expect(created().state.escrow.state).toBe(EscrowState.NONE);
  });

  it('marks processing once; a repeat is no change', () => {
    const first = markProcessing(created().state, platform, NOW);
    expect(first.state.status).toBe(OrderStatus.PROCESSING);
    expect(first.state.history.at(-1)).toMatchObject({ type: 'processing', actor: platform });
    expect(markProcessing(first.state, platform, NOW).changed).toBe(false);
  });

  it('adds a shipment: starts its workflow, notifies shipped, and the order is shipped', () => {
    const change = addShipment(created().state, shipmentInput('shp_1'), NOW);
    expect(change.state.status).toBe(OrderStatus.SHIPPED);
    expect(change.effects).toEqual([
      { type: 'startShipment', shipmentId: 'shp_1' },
      { type: 'notify', milestone: 'shipped', shipmentId: 'shp_1' },
    ]);
    expect(addShipment(change.state, shipmentInput('shp_1'), NOW).changed).toBe(false);
  });

  it('rejects the same tracking number under another shipment or carrier', () => {
    const state = withShipments('shp_1');
    const conflict = rejectAddShipment(state, { ...shipmentInput('shp_2', '1Zshp_1') });
    expect(conflict?.type).toBe(OrderRejection.SHIPMENT_CONFLICT);
    expect(rejectAddShipment(state, shipmentInput('shp_1'))).toBeUndefined();
  });

  it('cancels before shipping, idempotently, and refuses afterwards', () => {
    const cancelled = cancelOrder(created().state, platform, 'customer changed their mind', NOW);
    expect(cancelled.state.status).toBe(OrderStatus.CANCELLED);
    expect(isOrderFinished(cancelled.state)).toBe(true);
    expect(rejectCancel(cancelled.state)).toBeUndefined();
    expect(cancelOrder(cancelled.state, platform, undefined, NOW).changed).toBe(false);
    expect(rejectCancel(withShipments('shp_1'))?.type).toBe(OrderRejection.ALREADY_SHIPPED);
    expect(rejectMarkProcessing(cancelled.state)?.type).toBe(OrderRejection.CANCELLED);
    expect(rejectAddShipment(cancelled.state, shipmentInput('shp_1'))?.type).toBe(OrderRejection.CANCELLED);
  });

  it('follows its parcel up the ladder and notifies out for delivery and delivered once each', () => {
    let state = withShipments('shp_1');
    const transit = applyShipmentUpdate(state, update('shp_1', 2, ShipmentStatus.IN_TRANSIT), NOW);
    expect(transit.state.status).toBe(OrderStatus.IN_TRANSIT);
    expect(transit.effects).toEqual([]);
    state = transit.state;
    const ofd = applyShipmentUpdate(state, update('shp_1', 3, ShipmentStatus.OUT_FOR_DELIVERY), NOW);
    expect(ofd.effects).toEqual([{ type: 'notify', milestone: 'out_for_delivery', shipmentId: 'shp_1' }]);
    const delivered = applyShipmentUpdate(ofd.state, update('shp_1', 4, ShipmentStatus.DELIVERED), NOW);
    expect(delivered.state.status).toBe(OrderStatus.DELIVERED);
    expect(delivered.effects).toEqual([{ type: 'notify', milestone: 'delivered', shipmentId: 'shp_1' }]);
    expect(isOrderFinished(delivered.state)).toBe(true);
  });

  it('ignores a repeated or older report from a parcel', () => {
    const state = applyShipmentUpdate(withShipments('shp_1'), update('shp_1', 5, ShipmentStatus.OUT_FOR_DELIVERY), NOW).state;
    expect(applyShipmentUpdate(state, update('shp_1', 5, ShipmentStatus.OUT_FOR_DELIVERY), NOW).changed).toBe(false);
    const stale = applyShipmentUpdate(state, update('shp_1', 3, ShipmentStatus.IN_TRANSIT), NOW);
    expect(stale.changed).toBe(false);
    expect(stale.state.status).toBe(OrderStatus.OUT_FOR_DELIVERY);
  });

  it('is partially delivered until every parcel is, and waits for the slowest parcel', () => {
    let state = withShipments('shp_1', 'shp_2');
    state = applyShipmentUpdate(state, update('shp_1', 2, ShipmentStatus.OUT_FOR_DELIVERY), NOW).state;
    // The second parcel has not moved, so the order is only as far as it is.
    expect(state.status).toBe(OrderStatus.SHIPPED);
    state = applyShipmentUpdate(state, update('shp_1', 3, ShipmentStatus.DELIVERED), NOW).state;
    expect(state.status).toBe(OrderStatus.PARTIALLY_DELIVERED);
    expect(isOrderFinished(state)).toBe(false);
    state = applyShipmentUpdate(state, update('shp_2', 2, ShipmentStatus.DELIVERED), NOW).state;
    expect(state.status).toBe(OrderStatus.DELIVERED);
  });

  it('shows a failed attempt as a side state and returns to the ladder after it', () => {
    let state = applyShipmentUpdate(withShipments('shp_1'), update('shp_1', 2, ShipmentStatus.OUT_FOR_DELIVERY), NOW).state;
    state = applyShipmentUpdate(state, update('shp_1', 3, ShipmentStatus.ATTEMPT_FAILED, ShipmentStatus.OUT_FOR_DELIVERY), NOW).state;
    expect(state.status).toBe(OrderStatus.DELIVERY_ATTEMPTED);
    expect(state.ladderStatus).toBe(OrderStatus.OUT_FOR_DELIVERY);
    state = applyShipmentUpdate(state, update('shp_1', 4, ShipmentStatus.OUT_FOR_DELIVERY), NOW).state;
    expect(state.status).toBe(OrderStatus.OUT_FOR_DELIVERY);
  });

  it('never moves the order back when a new parcel is added late', () => {
    let state = applyShipmentUpdate(withShipments('shp_1'), update('shp_1', 2, ShipmentStatus.OUT_FOR_DELIVERY), NOW).state;
    state = addShipment(state, shipmentInput('shp_2'), NOW).state;
    expect(state.status).toBe(OrderStatus.OUT_FOR_DELIVERY);
  });
});
