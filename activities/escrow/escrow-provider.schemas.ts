import { z } from 'zod';

/** A transfer or refund as the provider renders it (Stripe-like; `created` in Unix seconds). */
export const escrowTransactionSchema = z.object({
  id: z.string().min(1),
  object: z.enum(['transfer', 'refund']),
  amount: z.number().int().positive(),
  currency: z.string().length(3),
  order_id: z.string().min(1),
  status: z.string(),
  created: z.number().int().nonnegative(),
});
export type EscrowTransactionBody = z.infer<typeof escrowTransactionSchema>;

export const escrowListSchema = z.object({
  object: z.literal('list'),
  data: z.array(escrowTransactionSchema),
});

/** The provider's error envelope: `{ error: { type, code, message } }`. */
export const escrowErrorSchema = z.object({
  error: z.object({
    type: z.string(),
    code: z.string().optional(),
    message: z.string().optional(),
  }),
});
export type EscrowErrorBody = z.infer<typeof escrowErrorSchema>;
