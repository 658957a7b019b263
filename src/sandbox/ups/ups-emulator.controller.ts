import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../../auth/public.decorator';
import { UpsErrorFilter } from './ups-error.filter';
import { UpsEmulatorService, type UpsTokenResponse } from './ups-emulator.service';
import type { UpsTrackResponse } from './ups-track.types';

/** Where the emulated UPS API lives; clients use it as their UPS base URL. */
export const UPS_EMULATOR_PREFIX = 'sandbox/ups';

function formField(contentType: string | undefined, body: unknown, field: string): unknown {
  // UPS reads the token request as a form; a JSON body does not count.
  if (!(contentType ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) return undefined;
  if (typeof body !== 'object' || body === null) return undefined;
  return (body as Record<string, unknown>)[field];
}

/**
 * The UPS API as UPS serves it, under the same paths: OAuth client credentials and Track. It checks
 * its own UPS-style credentials, so the app's API key does not apply. Kept out of the OpenAPI
 * document: UPS's own specs describe it.
 */
@Public()
@ApiExcludeController()
@UseFilters(UpsErrorFilter)
@Controller(UPS_EMULATOR_PREFIX)
export class UpsEmulatorController {
  constructor(private readonly ups: UpsEmulatorService) {}

  @Post('security/v1/oauth/token')
  @HttpCode(200)
  token(
    @Headers('authorization') authorization: string | undefined,
    @Headers('content-type') contentType: string | undefined,
    @Body() body: unknown,
  ): Promise<UpsTokenResponse> {
    return this.ups.issueToken({ authorization, grantType: formField(contentType, body, 'grant_type') });
  }

  @Get('api/track/v1/details/:inquiryNumber')
  track(
    @Param('inquiryNumber') inquiryNumber: string,
    @Headers('authorization') authorization: string | undefined,
    @Headers('transid') transId: string | undefined,
    @Headers('transactionsrc') transactionSrc: string | undefined,
    @Query('returnSignature') returnSignature: unknown,
  ): Promise<UpsTrackResponse> {
    return this.ups.track({
      inquiryNumber,
      authorization,
      transId,
      transactionSrc,
      returnSignature: returnSignature === 'true',
    });
  }
}
