import type { SandboxSmsMessage } from './sms-message.schema';

export interface SmsMessageQuery {
  /** Only messages to this number (E.164). */
  to?: string;
  /** At most this many of the newest messages. */
  limit: number;
}

/** Storage for emulated messages; an abstract class so it can be the Nest token and swapped in tests. */
export abstract class SmsMessageRepository {
  abstract insert(message: SandboxSmsMessage): Promise<void>;
  /** Newest first. */
  abstract list(query: SmsMessageQuery): Promise<SandboxSmsMessage[]>;
}
