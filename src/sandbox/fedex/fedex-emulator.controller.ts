import { Body, Controller, Headers, HttpCode, Ip, Post, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../../auth/public.decorator';
import { FedexErrorFilter } from './fedex-error.filter';
import { FedexEmulatorService, type FedexTokenResponse } from './fedex-emulator.service';
import type { FedexTrackResponse } from './fedex-track.types';

/** Where the emulated FedEx API lives; clients use it as their FedEx base URL. */
export const FEDEX_EMULATOR_PREFIX = 'sandbox/fedex';

function formFields(contentType: string | undefined, body: unknown): Record<string, unknown> | undefined {
  // FedEx reads the token request as a form; a JSON body does not count.
  if (!(contentType ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) return undefined;
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : undefined;
}

/**
 * The FedEx API as FedEx serves it, under the same paths: OAuth client credentials and Track by
 * tracking number. It checks its own FedEx-style credentials, so the app's API key does not apply.
 * Kept out of the OpenAPI document: FedEx's own spec describes it.
 */
@Public()
@ApiExcludeController()
@UseFilters(FedexErrorFilter)
@Controller(FEDEX_EMULATOR_PREFIX)
export class FedexEmulatorController {
  constructor(private readonly fedex: FedexEmulatorService) {}

  @Post('oauth/token')
  @HttpCode(200)
  token(
    @Ip() address: string,
    @Headers('content-type') contentType: string | undefined,
    @Body() body: unknown,
  ): Promise<FedexTokenResponse> {
    return this.fedex.issueToken({ address, form: formFields(contentType, body) });
  }

  @Post('track/v1/trackingnumbers')
  @HttpCode(200)
  track(
    @Headers('authorization') authorization: string | undefined,
    @Headers('content-type') contentType: string | undefined,
    @Headers('x-customer-transaction-id') customerTransactionId: string | undefined,
    @Body() body: unknown,
  ): Promise<FedexTrackResponse> {
    return this.fedex.track({ authorization, contentType, customerTransactionId, body });
  }
}
