import { Module, type DynamicModule } from '@nestjs/common';
import {
  API_KEY_AUTHENTICATOR_OPTIONS,
  API_KEY_ENTRIES,
  ApiKeyAuthenticator,
  STORED_API_KEYS,
  type ApiKeyAuthenticatorOptions,
} from '../auth/api-key-authenticator';
import type { ApiKeyEntry } from '../auth/api-keys';
import { ApiKeysRepository } from '../persistence/api-keys.repository';
import { ApiKeysController } from './api-keys.controller';
import { API_KEYS_OPTIONS, ApiKeysService, type ApiKeysOptions } from './api-keys.service';

export interface ApiKeysModuleOptions extends ApiKeysOptions, ApiKeyAuthenticatorOptions {
  /** WAYBILL_API_KEYS, parsed: valid whatever the collection holds. */
  environmentKeys: readonly ApiKeyEntry[];
}

/**
 * API keys: the authenticator ApiKeyGuard asks (WAYBILL_API_KEYS, then `api_keys`), and the admin
 * endpoints that manage stored keys. Needs the app's PersistenceModule.
 */
@Module({})
export class ApiKeysModule {
  static forRoot({ environmentKeys, cacheTtlMs, keyPrefix, now }: ApiKeysModuleOptions): DynamicModule {
    return {
      module: ApiKeysModule,
      controllers: [ApiKeysController],
      providers: [
        { provide: API_KEY_ENTRIES, useValue: environmentKeys },
        { provide: STORED_API_KEYS, useExisting: ApiKeysRepository },
        { provide: API_KEY_AUTHENTICATOR_OPTIONS, useValue: { cacheTtlMs, now } },
        { provide: API_KEYS_OPTIONS, useValue: { keyPrefix, now } },
        ApiKeyAuthenticator,
        ApiKeysService,
      ],
      exports: [ApiKeyAuthenticator, API_KEY_ENTRIES],
    };
  }
}
