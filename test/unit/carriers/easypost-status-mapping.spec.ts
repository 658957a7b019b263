import { EASYPOST_STATUSES } from '../../../activities/carriers/easypost/easypost.schemas';
import { mapEasypostStatus } from '../../../activities/carriers/easypost/easypost.status-mapping';
import { SHIPMENT_STATUSES, type ShipmentStatus } from '../../../workflows/shared/vocabulary';

type Case = [status: string, statusDetail: string | undefined, expected: ShipmentStatus];

describe('mapEasypostStatus', () => {
  // carriers.md §5.2, row by row, with the details EasyPost sends under each status.
  it.each<Case>([
    ['unknown', 'unknown', 'pending'],
    ['unknown', undefined, 'pending'],
    ['pre_transit', 'label_created', 'info_received'],
    ['pre_transit', 'status_update', 'info_received'],
    ['in_transit', 'arrived_at_facility', 'in_transit'],
    ['in_transit', 'departed_origin_facility', 'in_transit'],
    ['in_transit', 'transferred_to_destination_carrier', 'in_transit'],
    ['in_transit', 'weather_delay', 'in_transit'],
    ['in_transit', 'delayed', 'in_transit'],
    ['in_transit', 'address_correction', 'in_transit'],
    ['in_transit', 'missorted', 'in_transit'],
    ['out_for_delivery', 'out_for_delivery', 'out_for_delivery'],
    ['available_for_pickup', 'arrived_at_pickup_location', 'available_for_pickup'],
    ['delivered', 'arrived_at_destination', 'delivered'],
    ['return_to_sender', 'return', 'returning'],
    ['failure', 'failure', 'exception'],
    ['cancelled', 'cancelled', 'exception'],
    ['error', 'unknown', 'exception'],
  ])('maps %s / %s to %s', (status, statusDetail, expected) => {
    expect(mapEasypostStatus({ status, statusDetail })).toBe(expected);
  });

  it.each<Case>([
    ['in_transit', 'delivery_exception', 'attempt_failed'],
    ['failure', 'delivery_exception', 'attempt_failed'],
    ['in_transit', 'return', 'returning'],
    ['in_transit', 'damaged', 'exception'],
    ['in_transit', 'transit_exception', 'exception'],
    ['failure', 'refused', 'exception'],
    ['pre_transit', 'cancelled', 'exception'],
  ])('lets the detail say more than the status: %s / %s is %s', (status, statusDetail, expected) => {
    expect(mapEasypostStatus({ status, statusDetail })).toBe(expected);
  });

  it('keeps a lost parcel an exception rather than a final state', () => {
    expect(mapEasypostStatus({ status: 'failure', statusDetail: 'lost' })).toBe('exception');
    expect(mapEasypostStatus({ status: 'in_transit', statusDetail: 'lost' })).toBe('exception');
  });

  it('reads "expired" as expired only when EasyPost knows nothing else', () => {
    expect(mapEasypostStatus({ status: 'unknown', statusDetail: 'expired' })).toBe('expired');
    expect(mapEasypostStatus({ status: 'in_transit', statusDetail: 'expired' })).toBe('in_transit');
  });

  it.each<Case>([
    ['delivered', 'return', 'delivered'],
    ['out_for_delivery', 'delivery_exception', 'out_for_delivery'],
    ['available_for_pickup', 'refused', 'available_for_pickup'],
    ['return_to_sender', 'refused', 'returning'],
    ['return_to_sender', 'delivery_exception', 'returning'],
  ])('does not let a detail undo a settled status: %s / %s stays %s', (status, statusDetail, expected) => {
    expect(mapEasypostStatus({ status, statusDetail })).toBe(expected);
  });

  it('ignores case and spacing', () => {
    expect(mapEasypostStatus({ status: ' Delivered ', statusDetail: 'ARRIVED_AT_DESTINATION' })).toBe('delivered');
    expect(mapEasypostStatus({ status: 'IN_TRANSIT', statusDetail: ' Delivery_Exception ' })).toBe('attempt_failed');
  });

  it('maps a status EasyPost adds later to in_transit, and every known status to a Waybill status', () => {
    expect(mapEasypostStatus({ status: 'in_customs', statusDetail: 'held' })).toBe('in_transit');
    for (const status of EASYPOST_STATUSES) expect(SHIPMENT_STATUSES).toContain(mapEasypostStatus({ status }));
  });
});
