import { Inject, Injectable } from '@nestjs/common';
import { TRACKING_OPTIONS, type TrackingOptions } from './tracking.options';

/** Gives the slot back; calling it twice is harmless. */
export type ReleaseSlot = () => void;

/**
 * How many event streams may be open at once on this replica, per customer token and per client
 * IP. A page needs one stream, a household a few; the caps stop one link, or one client, from
 * holding a replica's sockets. Counted in memory, so with N replicas a client may hold up to N times
 * as many (the same trade as the request rate limits).
 */
@Injectable()
export class StreamLimits {
  private readonly byToken = new Map<string, number>();
  private readonly byIp = new Map<string, number>();

  constructor(@Inject(TRACKING_OPTIONS) private readonly options: TrackingOptions) {}

  /** A slot for one stream, or undefined when the token or the IP is at its cap. */
  acquire(tokenId: string, ip: string): ReleaseSlot | undefined {
    if ((this.byToken.get(tokenId) ?? 0) >= this.options.maxStreamsPerToken) return undefined;
    if ((this.byIp.get(ip) ?? 0) >= this.options.maxStreamsPerIp) return undefined;
    increment(this.byToken, tokenId, 1);
    increment(this.byIp, ip, 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      increment(this.byToken, tokenId, -1);
      increment(this.byIp, ip, -1);
    };
  }

  /** Open streams on this replica (for tests and diagnostics). */
  get open(): number {
    let total = 0;
    for (const count of this.byToken.values()) total += count;
    return total;
  }
}

function increment(counts: Map<string, number>, key: string, by: number): void {
  const next = (counts.get(key) ?? 0) + by;
  if (next > 0) counts.set(key, next);
  else counts.delete(key);
}
