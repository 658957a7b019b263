import { InMemoryIdempotencyKeys } from './in-memory-idempotency-keys';
import type { IdempotencyRecord } from '../../../../src/sandbox/escrow/escrow-idempotency.repository';
import { EscrowTransactionRepository, type EscrowObject } from '../../../../src/sandbox/escrow/escrow-transaction.repository';
import type { SandboxEscrowTransaction } from '../../../../src/sandbox/escrow/escrow-transaction.schema';
import { SandboxMailRepository, type MailQuery } from '../../../../src/sandbox/mail/sandbox-mail.repository';
import type { SandboxMail } from '../../../../src/sandbox/mail/sandbox-mail.schema';
import {
  DuplicateTrackingNumberError,
  SandboxParcelRepository,
  type PushProgress,
} from '../../../../src/sandbox/parcels/sandbox-parcel.repository';
import type { SandboxParcel } from '../../../../src/sandbox/parcels/sandbox-parcel.schema';

export class InMemorySandboxParcelRepository extends SandboxParcelRepository {
  readonly parcels = new Map<string, SandboxParcel>();

  async insert(parcel: SandboxParcel): Promise<void> {
    if (this.parcels.has(parcel.trackingNumber)) throw new DuplicateTrackingNumberError(parcel.trackingNumber);
    this.parcels.set(parcel.trackingNumber, { ...parcel });
  }

  async findByTrackingNumber(trackingNumber: string): Promise<SandboxParcel | null> {
    const parcel = this.parcels.get(trackingNumber);
    return parcel ? { ...parcel } : null;
  }

  async findDueForPush(now: Date, limit: number): Promise<SandboxParcel[]> {
    return [...this.parcels.values()]
      .filter((p) => p.pushEnabled && p.nextPushAt && p.nextPushAt.getTime() <= now.getTime())
      .sort((a, b) => (a.nextPushAt?.getTime() ?? 0) - (b.nextPushAt?.getTime() ?? 0))
      .slice(0, limit)
      .map((p) => ({ ...p }));
  }

  async recordPush(trackingNumber: string, seen: PushProgress, next: PushProgress & { nextPushAt: Date | null; pushEnabled: boolean }): Promise<boolean> {
    const parcel = this.parcels.get(trackingNumber);
    if (!parcel || (parcel.pushedSteps ?? 0) !== seen.pushedSteps || (parcel.pushFailures ?? 0) !== seen.pushFailures) return false;
    this.parcels.set(trackingNumber, { ...parcel, ...next });
    return true;
  }
}

export class InMemorySandboxMailRepository extends SandboxMailRepository {
  readonly messages: SandboxMail[] = [];

  async insert(mail: SandboxMail): Promise<void> {
    this.messages.push({ ...mail });
  }

  async list(query: MailQuery): Promise<SandboxMail[]> {
    const matching = this.messages
      .filter((m) => !query.to || m.to.includes(query.to.toLowerCase()))
      .sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
    return matching.slice(Math.max(0, matching.length - query.limit));
  }

  async clear(): Promise<number> {
    return this.messages.splice(0).length;
  }
}

export class InMemoryEscrowTransactionRepository extends EscrowTransactionRepository {
  readonly transactions: SandboxEscrowTransaction[] = [];

  async insert(transaction: SandboxEscrowTransaction): Promise<void> {
    this.transactions.push({ ...transaction });
  }

  async listByOrder(object: EscrowObject, orderId: string): Promise<SandboxEscrowTransaction[]> {
    return this.transactions.filter((t) => t.object === object && t.orderId === orderId).map((t) => ({ ...t }));
  }
}

export class InMemoryEscrowIdempotencyRepository extends InMemoryIdempotencyKeys<IdempotencyRecord> {}
