import { InMemoryIdempotencyKeys } from './in-memory-idempotency-keys';
import type { SmsIdempotencyRecord } from '../../../../src/sandbox/sms/sms-idempotency.repository';
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

export class InMemorySmsIdempotencyRepository extends InMemoryIdempotencyKeys<SmsIdempotencyRecord> {}
