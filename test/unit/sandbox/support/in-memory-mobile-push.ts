import { SandboxMobilePushRepository, type MobilePushQuery } from '../../../../src/sandbox/mobile-push/mobile-push.repository';
import type { SandboxMobilePush } from '../../../../src/sandbox/mobile-push/mobile-push.schema';

export class InMemorySandboxMobilePushRepository extends SandboxMobilePushRepository {
  readonly records: SandboxMobilePush[] = [];

  async insert(record: SandboxMobilePush): Promise<boolean> {
    if (this.records.some((r) => r._id === record._id)) return false;
    this.records.push({ ...record, message: { ...record.message } });
    return true;
  }

  async find(id: string): Promise<SandboxMobilePush | null> {
    const record = this.records.find((r) => r._id === id);
    return record ? { ...record } : null;
  }

  /** Newest first; among equal times, the later insert first. */
  async list(query: MobilePushQuery): Promise<SandboxMobilePush[]> {
    return this.records
      .map((record, index) => ({ record, index }))
      .filter(({ record }) => !query.orderId || record.orderId === query.orderId)
      .sort((a, b) => b.record.receivedAt.getTime() - a.record.receivedAt.getTime() || b.index - a.index)
      .slice(0, query.limit)
      .map(({ record }) => ({ ...record }));
  }
}
