import { SmsIdempotencyRepository, type SmsIdempotencyRecord } from '../../../../src/sandbox/sms/sms-idempotency.repository';
import { SmsMessageRepository, type SmsMessageQuery } from '../../../../src/sandbox/sms/sms-message.repository';
import type { SandboxSmsMessage } from '../../../../src/sandbox/sms/sms-message.schema';

export class InMemorySmsMessageRepository extends SmsMessageRepository {
  readonly messages: SandboxSmsMessage[] = [];

  async insert(message: SandboxSmsMessage): Promise<void> {
    this.messages.push({ ...message });
  }

  async list(query: SmsMessageQuery): Promise<SandboxSmsMessage[]> {
    return this.messages
      .map((m, index) => ({ m, index }))
      .filter(({ m }) => !query.to || m.to === query.to)
      .sort((a, b) => b.m.createdAt.getTime() - a.m.createdAt.getTime() || b.index - a.index)
      .slice(0, query.limit)
      .map(({ m }) => ({ ...m }));
  }
}

export class InMemorySmsIdempotencyRepository extends SmsIdempotencyRepository {
  readonly keys = new Map<string, SmsIdempotencyRecord>();

  async insert(record: SmsIdempotencyRecord): Promise<boolean> {
    if (this.keys.has(record._id)) return false;
    this.keys.set(record._id, { ...record });
    return true;
  }

  async find(key: string): Promise<SmsIdempotencyRecord | null> {
    const record = this.keys.get(key);
    return record ? { ...record } : null;
  }

  async complete(key: string, response: { status: number; body: unknown }): Promise<void> {
    const record = this.keys.get(key);
    if (record?.state === 'processing') this.keys.set(key, { ...record, state: 'completed', response });
  }

  async release(key: string): Promise<void> {
    if (this.keys.get(key)?.state === 'processing') this.keys.delete(key);
  }

  async removeExpired(key: string, firstUsedAt: Date): Promise<void> {
    if (this.keys.get(key)?.firstUsedAt.getTime() === firstUsedAt.getTime()) this.keys.delete(key);
  }
}
