import type { SandboxEscrowTransaction } from './escrow-transaction.schema';

export type EscrowObject = SandboxEscrowTransaction['object'];

/** Storage for emulated transfers and refunds; an abstract class so it can be the Nest token and swapped in tests. */
export abstract class EscrowTransactionRepository {
  abstract insert(transaction: SandboxEscrowTransaction): Promise<void>;
  /** Oldest first. */
  abstract listByOrder(object: EscrowObject, orderId: string): Promise<SandboxEscrowTransaction[]>;
}
