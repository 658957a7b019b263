import { Injectable, Logger } from '@nestjs/common';
import { CHANNEL_NAMES, type ChannelName } from '../../activities/notifications/notification-policy';
import { NotificationSuppressionsRepository, type SuppressionSource } from '../persistence/notification-suppressions.repository';
import type { UnsubscribeClaims } from './unsubscribe-token.service';

/** `link`: what the token names; `all`: every channel the token holds an address hash for. */
export type UnsubscribeScope = 'link' | 'all';

/** The channels an unsubscribe covers, in CHANNEL_NAMES order. */
export function channelsToSuppress(claims: Pick<UnsubscribeClaims, 'channel' | 'addressHashes'>, scope: UnsubscribeScope): ChannelName[] {
  const reachable = CHANNEL_NAMES.filter((c) => claims.addressHashes[c] !== undefined);
  if (claims.channel === 'all' || scope === 'all') return reachable;
  return reachable.filter((c) => c === claims.channel);
}

@Injectable()
export class UnsubscribeService {
  private readonly logger = new Logger(UnsubscribeService.name);

  constructor(private readonly suppressions: NotificationSuppressionsRepository) {}

  /** Records the unsubscribes; idempotent. Answers the channels now unsubscribed. */
  async unsubscribe(claims: UnsubscribeClaims, scope: UnsubscribeScope, via: SuppressionSource['via']): Promise<ChannelName[]> {
    const channels = channelsToSuppress(claims, scope);
    for (const channel of channels) {
      const hash = claims.addressHashes[channel];
      if (hash) await this.suppressions.suppress(channel, hash, { via, orderId: claims.orderId, tokenId: claims.tokenId });
    }
    // The order and the token's jti only: never the address, nor its hash, nor the token.
    this.logger.log(`Unsubscribe from ${channels.join(', ')} recorded (order ${claims.orderId}, token ${claims.tokenId}, ${via})`);
    return channels;
  }
}
