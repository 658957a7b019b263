import { Inject, Injectable } from '@nestjs/common';
import { SANDBOX_CLOCK, type SandboxClock } from '../sandbox.options';

/**
 * FedEx's thresholds on the OAuth token endpoint, per IP address (ratelimits guide, carriers.md
 * §2.6): 3 requests a second sustained for 5 s, or 1 a second sustained for 2 minutes. Reaching
 * either blocks the address for 10 minutes with 403, and the block is extended while the address
 * keeps breaching. "Sustained" is read as "that many requests within the window", counting the
 * request being judged.
 */
export const FEDEX_TOKEN_THRESHOLDS = [
  { requests: 15, windowMs: 5_000 },
  { requests: 120, windowMs: 120_000 },
] as const;
export const FEDEX_TOKEN_BLOCK_MS = 10 * 60_000;

const LONGEST_WINDOW_MS = Math.max(...FEDEX_TOKEN_THRESHOLDS.map((t) => t.windowMs));
const MOST_REQUESTS = Math.max(...FEDEX_TOKEN_THRESHOLDS.map((t) => t.requests));

interface AddressHistory {
  /** Request times inside the longest window, oldest first; never more than the largest threshold. */
  hits: number[];
  blockedUntil?: number;
}

/**
 * Watches token requests per address the way FedEx does. Requests made while blocked still count,
 * so a client that keeps hammering stays blocked.
 */
@Injectable()
export class FedexTokenThrottle {
  private readonly addresses = new Map<string, AddressHistory>();

  constructor(@Inject(SANDBOX_CLOCK) private readonly clock: SandboxClock) {}

  /** Records one token request; false when the address is (now) blocked and must get 403. */
  admit(address: string): boolean {
    const now = this.clock().getTime();
    const history = this.addresses.get(address) ?? { hits: [] };
    history.hits = [...history.hits.filter((t) => t > now - LONGEST_WINDOW_MS && t <= now), now].slice(-MOST_REQUESTS);
    const breach = FEDEX_TOKEN_THRESHOLDS.some(
      ({ requests, windowMs }) => history.hits.filter((t) => t > now - windowMs).length >= requests,
    );
    if (breach) history.blockedUntil = now + FEDEX_TOKEN_BLOCK_MS;
    this.addresses.set(address, history);
    this.forgetQuiet(now);
    return history.blockedUntil === undefined || now >= history.blockedUntil;
  }

  private forgetQuiet(now: number): void {
    for (const [address, history] of this.addresses) {
      const quiet = (history.hits.at(-1) ?? 0) <= now - LONGEST_WINDOW_MS;
      if (quiet && (history.blockedUntil === undefined || history.blockedUntil <= now)) this.addresses.delete(address);
    }
  }
}
