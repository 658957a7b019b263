import { Body, Controller, Get, Header, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { NoBodyDto } from '../api/no-body.dto';
import type { Principal } from '../auth/api-keys';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { Roles } from '../auth/roles.decorator';
import { CreateApiKeyDto, KeyIdParamDto, ListApiKeysQueryDto, RotateApiKeyDto } from './api-keys.dto';
import type { ApiKeyView, NewApiKeyResponse, RotatedApiKeyResponse } from './api-keys.responses';
import { ApiKeysService } from './api-keys.service';

const ERRORS = [
  ApiResponse({ status: 400, description: 'Invalid input (unknown field, role or keyId); nothing was changed.' }),
  ApiResponse({ status: 401, description: 'Missing or invalid API key.' }),
  ApiResponse({ status: 403, description: 'Only an admin key may manage keys.' }),
];

const withErrors = (): MethodDecorator => (target, key, descriptor) => {
  for (const decorate of ERRORS) decorate(target, key, descriptor);
};

const NOT_FOUND = ApiResponse({ status: 404, description: 'No stored key has this ID.' });

/**
 * API keys kept in MongoDB (docs/api-security.md): made, listed, revoked and rotated by admins.
 * A key is answered once, when it is made; Waybill stores only its SHA-256 digest.
 */
@ApiTags('api-keys')
@ApiBearerAuth()
@Controller('v1/api-keys')
@Roles('admin')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Post()
  // The answer holds a key: no cache, proxy or browser history may keep it.
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Admin: make an API key for a role. The answer is the only place the key ever appears.' })
  @ApiResponse({ status: 201, description: 'Made: `{ key, apiKey }`. Store `key` now; it cannot be shown again.' })
  @withErrors()
  create(@Body() body: CreateApiKeyDto, @CurrentPrincipal() principal: Principal): Promise<NewApiKeyResponse> {
    return this.apiKeys.create(body, principal);
  }

  @Get()
  @ApiOperation({ summary: 'Admin: every key, those of WAYBILL_API_KEYS (`source: environment`) first, then stored ones newest first. Never a key or its digest.' })
  @ApiResponse({ status: 200, description: '`{ apiKeys }`; revoked keys only with includeRevoked=true.' })
  @withErrors()
  list(@Query() query: ListApiKeysQueryDto): Promise<{ apiKeys: ApiKeyView[] }> {
    return this.apiKeys.list(query);
  }

  @Post(':keyId/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Admin: revoke a stored key. Every replica refuses it within API_KEY_CACHE_TTL_MS. Idempotent.' })
  @ApiResponse({ status: 200, description: 'Revoked; the key as it now is.' })
  @ApiResponse({ status: 409, description: 'The key is set in WAYBILL_API_KEYS (`EnvironmentKey`): change it there.' })
  @NOT_FOUND
  @withErrors()
  revoke(@Param() { keyId }: KeyIdParamDto, @Body() _body: NoBodyDto, @CurrentPrincipal() principal: Principal): Promise<ApiKeyView> {
    return this.apiKeys.revoke(keyId, principal);
  }

  @Post(':keyId/rotate')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Admin: replace a stored key with a new one of the same role; the old one stops now, or after gracePeriodSeconds (at most 30 days).',
  })
  @ApiResponse({ status: 200, description: '`{ key, apiKey, previous }`: the new key (shown once), its record, and the old key’s.' })
  @ApiResponse({
    status: 409,
    description: 'The key is revoked (`KeyRevoked`), expired (`KeyExpired`), already rotated (`KeyAlreadyRotated`), changed meanwhile (`KeyChanged`), or set in WAYBILL_API_KEYS (`EnvironmentKey`).',
  })
  @NOT_FOUND
  @withErrors()
  rotate(@Param() { keyId }: KeyIdParamDto, @Body() body: RotateApiKeyDto, @CurrentPrincipal() principal: Principal): Promise<RotatedApiKeyResponse> {
    return this.apiKeys.rotate(keyId, body, principal);
  }
}
