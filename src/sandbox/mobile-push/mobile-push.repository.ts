import type { SandboxMobilePush } from './mobile-push.schema';

export interface MobilePushQuery {
  /** Only notifications about this order. */
  orderId?: string;
  /** At most this many of the newest. */
  limit: number;
}

/** Storage for notifications the emulator accepted; an abstract class so it can be the Nest token and swapped in tests. */
export abstract class SandboxMobilePushRepository {
  /** Records a notification; false when one with this `_id` is already recorded. */
  abstract insert(record: SandboxMobilePush): Promise<boolean>;
  abstract find(id: string): Promise<SandboxMobilePush | null>;
  /** Newest first. */
  abstract list(query: MobilePushQuery): Promise<SandboxMobilePush[]>;
}
