import { SearchAttributeType } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { WAYBILL_SEARCH_ATTRIBUTES } from '../../workflows/shared/search-attributes';

const { IndexedValueType } = temporal.api.enums.v1;

const INDEXED_TYPES: Record<SearchAttributeType, temporal.api.enums.v1.IndexedValueType> = {
  [SearchAttributeType.TEXT]: IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  [SearchAttributeType.KEYWORD]: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  [SearchAttributeType.INT]: IndexedValueType.INDEXED_VALUE_TYPE_INT,
  [SearchAttributeType.DOUBLE]: IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  [SearchAttributeType.BOOL]: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  [SearchAttributeType.DATETIME]: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  [SearchAttributeType.KEYWORD_LIST]: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

/**
 * Registers Waybill's search attributes on a Temporal server that does not know them yet (a real
 * cluster, the time-skipping test server). The dev server gets them as start-up flags instead.
 */
export async function registerSearchAttributes(
  connection: { operatorService: { addSearchAttributes(request: temporal.api.operatorservice.v1.IAddSearchAttributesRequest): Promise<unknown> } },
  namespace: string,
): Promise<void> {
  const searchAttributes = Object.fromEntries(WAYBILL_SEARCH_ATTRIBUTES.map((key) => [key.name, INDEXED_TYPES[key.type]]));
  try {
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
  } catch (err) {
    // ALREADY_EXISTS: registered by an earlier start.
    if ((err as { code?: number }).code !== 6) throw err;
  }
}
