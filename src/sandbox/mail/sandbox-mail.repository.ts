import type { SandboxMail } from './sandbox-mail.schema';

export interface MailQuery {
  /** Only messages sent to this address (case-insensitive). */
  to?: string;
  /** At most this many of the newest messages. */
  limit: number;
}

/** Storage for caught mail; an abstract class so it can be the Nest token and swapped in tests. */
export abstract class SandboxMailRepository {
  abstract insert(mail: SandboxMail): Promise<void>;
  /** Oldest first (newest last). */
  abstract list(query: MailQuery): Promise<SandboxMail[]>;
  /** Returns how many messages were removed. */
  abstract clear(): Promise<number>;
}
