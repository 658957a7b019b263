import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { CARRIERS, ORDER_STATUSES } from '../../workflows/shared/vocabulary';
import { EscrowOverrideSchema, MarkShipmentDeliveredSchema, ResendNotificationSchema, ResolveDisputeSchema } from '../orders/order-actions.dto';
import { CSRF_FIELD } from './csrf';

/**
 * What the dashboard's pages and forms accept. A browser sends an empty string for a field left
 * blank (an "Any" filter, an optional reference), which here means "not given". The action forms
 * are the JSON API's own bodies plus the CSRF token, so both refuse the same input.
 */

const dropBlankFields = (value: unknown): unknown =>
  value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).filter(([, v]) => v !== '')) : value;

const Checkbox = z.literal('1').optional();

export const OrderListQuerySchema = z.preprocess(
  dropBlankFields,
  z.strictObject({
    status: z.enum(ORDER_STATUSES as [string, ...string[]]).optional(),
    carrier: z.enum(CARRIERS as [string, ...string[]]).optional(),
    exception: Checkbox,
    delayed: Checkbox,
    q: z.string().trim().max(100, 'search text is at most 100 characters').optional(),
    cursor: z.string().max(200).optional(),
    flash: z.string().max(40).optional(),
  }),
);
export class OrderListQueryDto extends createZodDto(OrderListQuerySchema) {}

export const OrderPageQuerySchema = z.strictObject({ flash: z.string().max(40).optional() });
export class OrderPageQueryDto extends createZodDto(OrderPageQuerySchema) {}

export const LoginPageQuerySchema = z.strictObject({ next: z.string().max(500).optional(), flash: z.string().max(40).optional() });
export class LoginPageQueryDto extends createZodDto(LoginPageQuerySchema) {}

/** The sign-in form. The key itself has been moved to the Authorization header before validation (LoginKeyMiddleware). */
export const LoginFormSchema = z.strictObject({ [CSRF_FIELD]: z.string().max(300).optional(), next: z.string().max(500).optional() });
export class LoginFormDto extends createZodDto(LoginFormSchema) {}

const csrf = { [CSRF_FIELD]: z.string().max(300) };

export class CsrfOnlyFormDto extends createZodDto(z.strictObject(csrf)) {}
export class EscrowOverrideFormDto extends createZodDto(z.preprocess(dropBlankFields, EscrowOverrideSchema.extend(csrf))) {}
export class ResolveDisputeFormDto extends createZodDto(z.preprocess(dropBlankFields, ResolveDisputeSchema.extend(csrf))) {}
export class MarkDeliveredFormDto extends createZodDto(z.preprocess(dropBlankFields, MarkShipmentDeliveredSchema.extend(csrf))) {}
export class ResendNotificationFormDto extends createZodDto(z.preprocess(dropBlankFields, ResendNotificationSchema.extend(csrf))) {}

/** The form's fields without the CSRF token: the JSON API's body. */
export function withoutCsrf<T extends { [CSRF_FIELD]?: unknown }>(form: T): Omit<T, typeof CSRF_FIELD> {
  const { [CSRF_FIELD]: _token, ...body } = form;
  return body;
}
