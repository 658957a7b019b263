import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Typed search attributes: operators find any order or shipment in the Temporal UI with them.
 * They carry statuses and carrier names only, never personal data.
 */
export const ORDER_STATUS = defineSearchAttributeKey('OrderStatus', SearchAttributeType.KEYWORD);
export const SHIPMENT_STATUS = defineSearchAttributeKey('ShipmentStatus', SearchAttributeType.KEYWORD);
/** A list, because one order can travel with several carriers. */
export const CARRIER = defineSearchAttributeKey('Carrier', SearchAttributeType.KEYWORD_LIST);
export const DELAYED = defineSearchAttributeKey('Delayed', SearchAttributeType.BOOL);
export const ESCROW_STATE = defineSearchAttributeKey('EscrowState', SearchAttributeType.KEYWORD);

export const WAYBILL_SEARCH_ATTRIBUTES = [ORDER_STATUS, SHIPMENT_STATUS, CARRIER, DELAYED, ESCROW_STATE];
