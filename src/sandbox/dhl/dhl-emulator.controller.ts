import { randomUUID } from 'node:crypto';
import { Controller, Get, Headers, Query, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../auth/public.decorator';
import { DhlErrorFilter } from './dhl-error.filter';
import { DhlEmulatorService } from './dhl-emulator.service';
import type { DhlTrackResponse } from './dhl-track.types';

/** Where the emulated DHL API lives; clients use it as their DHL base URL (production: https://api-eu.dhl.com). */
export const DHL_EMULATOR_PREFIX = 'sandbox/dhl';

/**
 * The DHL Shipment Tracking - Unified API as DHL serves it, under the same path. It checks its own
 * `DHL-API-Key`, so the app's API key does not apply. Kept out of the OpenAPI document: DHL's own
 * spec describes it.
 */
@Public()
@ApiExcludeController()
@UseFilters(DhlErrorFilter)
@Controller(DHL_EMULATOR_PREFIX)
export class DhlEmulatorController {
  constructor(private readonly dhl: DhlEmulatorService) {}

  @Get('track/shipments')
  async track(
    @Headers('dhl-api-key') apiKey: string | undefined,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<DhlTrackResponse> {
    const body = await this.dhl.track({ apiKey, query });
    // DHL answers in the language it could serve, whatever was asked (carriers.md §3.2).
    response.setHeader('Content-Language', 'en');
    response.setHeader('Correlation-Id', randomUUID());
    return body;
  }
}
