import { Injectable } from '@nestjs/common';
import { SandboxMailRepository, type MailQuery } from './sandbox-mail.repository';
import type { SandboxMail } from './sandbox-mail.schema';

export const DEFAULT_MAIL_LIST_LIMIT = 100;

@Injectable()
export class SandboxMailService {
  constructor(private readonly repository: SandboxMailRepository) {}

  store(mail: SandboxMail): Promise<void> {
    return this.repository.insert({ ...mail, to: mail.to.map((address) => address.toLowerCase()) });
  }

  /** Newest last; optionally only mail for one recipient. */
  list(query: Partial<MailQuery> = {}): Promise<SandboxMail[]> {
    return this.repository.list({ to: query.to?.toLowerCase(), limit: query.limit ?? DEFAULT_MAIL_LIST_LIMIT });
  }

  clear(): Promise<number> {
    return this.repository.clear();
  }
}
