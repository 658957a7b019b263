import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../../auth/public.decorator';
import { UspsErrorFilter } from './usps-error.filter';
import { UspsEmulatorService, type UspsTokenResponse } from './usps-emulator.service';
import type { UspsTrackingDetails, UspsTrackingSummary } from './usps-tracking.types';

/** Where the emulated USPS API lives; clients use it as their USPS base URL (for `https://apis.usps.com`). */
export const USPS_EMULATOR_PREFIX = 'sandbox/usps';

function field(body: unknown, name: string): unknown {
  if (typeof body !== 'object' || body === null) return undefined;
  return (body as Record<string, unknown>)[name];
}

/**
 * The USPS API as USPS serves it, under the same paths: OAuth v3 client credentials and Tracking v3.
 * It checks its own USPS-style credentials, so the app's API key does not apply. Kept out of the
 * OpenAPI document: USPS's own spec describes it.
 */
@Public()
@ApiExcludeController()
@UseFilters(UspsErrorFilter)
@Controller(USPS_EMULATOR_PREFIX)
export class UspsEmulatorController {
  constructor(private readonly usps: UspsEmulatorService) {}

  /** USPS documents a JSON body; a form body is accepted too (carriers.md §4.1, unverified). */
  @Post('oauth2/v3/token')
  @HttpCode(200)
  token(@Body() body: unknown): Promise<UspsTokenResponse> {
    return this.usps.issueToken({
      grantType: field(body, 'grant_type'),
      clientId: field(body, 'client_id'),
      clientSecret: field(body, 'client_secret'),
      scope: field(body, 'scope'),
    });
  }

  @Get('tracking/v3/tracking/:trackingNumber')
  track(
    @Param('trackingNumber') trackingNumber: string,
    @Headers('authorization') authorization: string | undefined,
    @Query('expand') expand: unknown,
    @Query('destinationZIPCode') destinationZIPCode: unknown,
    @Query('mailingDate') mailingDate: unknown,
  ): Promise<UspsTrackingDetails | UspsTrackingSummary> {
    return this.usps.track({ trackingNumber, authorization, expand, destinationZIPCode, mailingDate });
  }
}
