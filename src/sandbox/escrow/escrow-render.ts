import type { SandboxEscrowTransaction } from './escrow-transaction.schema';

/** A transfer or refund as the provider answers it: Stripe's shape, `created` in Unix seconds. */
export interface EscrowTransactionView {
  id: string;
  object: 'transfer' | 'refund';
  amount: number;
  currency: string;
  order_id: string;
  reason: string | null;
  status: 'succeeded';
  created: number;
}

export interface EscrowListView {
  object: 'list';
  data: EscrowTransactionView[];
  has_more: false;
  url: string;
}

export function renderEscrowTransaction(transaction: SandboxEscrowTransaction): EscrowTransactionView {
  return {
    id: transaction._id,
    object: transaction.object,
    amount: transaction.amount,
    currency: transaction.currency,
    order_id: transaction.orderId,
    reason: transaction.reason ?? null,
    status: 'succeeded',
    created: Math.floor(transaction.createdAt.getTime() / 1000),
  };
}
