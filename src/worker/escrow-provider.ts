import { EscrowProviderError, EscrowProviderFailureType, type EscrowProviderClient } from '../../activities/escrow/escrow-provider';
import { HttpEscrowProviderClient } from '../../activities/escrow/escrow-provider.http';
import type { WaybillConfig } from '../config/config';

/**
 * Stands in when ESCROW_PROVIDER_URL is not set (production without a provider): every settlement
 * fails retryably and says why, so configuring the provider within the activity's time cap lets
 * waiting orders settle instead of failing them for good.
 */
export class UnconfiguredEscrowProvider implements EscrowProviderClient {
  findByOrder(): Promise<never> {
    return Promise.reject(this.failure());
  }

  create(): Promise<never> {
    return Promise.reject(this.failure());
  }

  private failure(): EscrowProviderError {
    return new EscrowProviderError(EscrowProviderFailureType.NOT_CONFIGURED, 'No escrow provider is configured: set ESCROW_PROVIDER_URL and ESCROW_PROVIDER_SECRET_KEY');
  }
}

export function buildEscrowProvider(config: WaybillConfig): EscrowProviderClient {
  return config.escrow ? new HttpEscrowProviderClient(config.escrow) : new UnconfiguredEscrowProvider();
}
