import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { MAX_RAW_TRACKING_NUMBER_LENGTH } from '../../activities/carriers/tracking-numbers';
import { CARRIERS, ORDER_STATUSES } from '../../workflows/shared/vocabulary';

/**
 * Request shapes. Objects are strict: an unknown field is a 400, so a typo never passes silently.
 * Identifiers are limited to characters that are safe in workflow IDs, URLs and logs.
 */

export const OrderIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'orderId may contain letters, digits, ".", "_", ":" and "-", starting with a letter or digit');

const isValidTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const isValidLocale = (locale: string): boolean => {
  try {
    return Intl.getCanonicalLocales(locale).length === 1;
  } catch {
    return false;
  }
};

export const isRealDate = (value: string): boolean => {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
};

const CustomerSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  email: z.email().max(254),
  phone: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/, 'phone must be in E.164 form, e.g. +14155550123')
    .optional(),
  locale: z.string().max(35).refine(isValidLocale, 'locale must be a BCP 47 tag, e.g. en-US').optional(),
  timeZone: z.string().max(64).refine(isValidTimeZone, 'timeZone must be an IANA zone, e.g. America/New_York').optional(),
  customerRef: z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'customerRef is the platform\'s customer ID: 1-128 letters, digits, _ . : -').optional(),
});

export const CreateOrderSchema = z.strictObject({
  orderId: OrderIdSchema,
  customer: CustomerSchema,
  promisedDeliveryDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'promisedDeliveryDate must be YYYY-MM-DD')
    .refine(isRealDate, 'promisedDeliveryDate is not a real date')
    .optional(),
  escrow: z
    .strictObject({
      amount: z.number().int('amount is in minor units (cents): an integer').min(0).max(1e12),
      currency: z.string().regex(/^[A-Z]{3}$/, 'currency is an ISO 4217 code, e.g. USD'),
    })
    .optional(),
});
export class CreateOrderDto extends createZodDto(CreateOrderSchema) {}

export const AddShipmentSchema = z.strictObject({
  // Room for the spaces people group digits with; the validator itself caps the number at 40 characters.
  trackingNumber: z.string().min(1).max(MAX_RAW_TRACKING_NUMBER_LENGTH),
  carrier: z.enum(CARRIERS as [string, ...string[]]).optional(),
});
export class AddShipmentDto extends createZodDto(AddShipmentSchema) {}

/** The body is optional: a cancel with no reason may send none. */
export const CancelOrderSchema = z.preprocess((body) => body ?? {}, z.strictObject({ reason: z.string().max(500).optional() }));
export class CancelOrderDto extends createZodDto(CancelOrderSchema) {}

export const ListOrdersQuerySchema = z.strictObject({
  status: z.enum(ORDER_STATUSES as [string, ...string[]]).optional(),
  carrier: z.enum(CARRIERS as [string, ...string[]]).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});
export class ListOrdersQueryDto extends createZodDto(ListOrdersQuerySchema) {}

export const OrderIdParamSchema = z.strictObject({ orderId: OrderIdSchema });
export class OrderIdParamDto extends createZodDto(OrderIdParamSchema) {}

/** Shipment IDs are derived (`shp_` + 24 hex digits, see shipmentIdFor); nothing else names one. */
export const ShipmentIdSchema = z.string().regex(/^shp_[0-9a-f]{24}$/, 'shipmentId is shp_ followed by 24 hex digits, as POST …/shipments answered it');

export const OrderShipmentParamSchema = z.strictObject({ orderId: OrderIdSchema, shipmentId: ShipmentIdSchema });
export class OrderShipmentParamDto extends createZodDto(OrderShipmentParamSchema) {}
