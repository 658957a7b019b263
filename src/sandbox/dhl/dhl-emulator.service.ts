import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { constantTimeEquals } from '../../webhooks/signatures';
import { CarrierControls } from '../controls/carrier-controls';
import { carryOutAdmission } from '../controls/carry-out-admission';
import { MalformedAnswer } from '../http/malformed-answer';
import { SandboxParcelsService, type PlayedParcel } from '../parcels/sandbox-parcels.service';
import { SANDBOX_CLOCK, type SandboxClock } from '../sandbox.options';
import { DHL_EMULATOR_OPTIONS, type DhlEmulatorOptions } from './dhl-emulator.options';
import { DhlErrors } from './dhl-errors';
import { renderDhlTrackResponse } from './dhl-render';
import { parseDhlTrackQuery } from './dhl-track-query';
import { waybillOfPieceId } from './dhl-tracking-numbers';
import type { DhlTrackResponse } from './dhl-track.types';

export interface DhlTrackRequest {
  /** The `DHL-API-Key` header. */
  apiKey: string | undefined;
  query: Record<string, unknown>;
}

/** The DHL Shipment Tracking - Unified API behaviour, with DHL's status codes, envelopes and quirks. */
@Injectable()
export class DhlEmulatorService {
  constructor(
    @Inject(DHL_EMULATOR_OPTIONS) private readonly options: DhlEmulatorOptions,
    @Inject(SANDBOX_CLOCK) private readonly clock: SandboxClock,
    private readonly controls: CarrierControls,
    private readonly parcels: SandboxParcelsService,
  ) {}

  async track(request: DhlTrackRequest): Promise<DhlTrackResponse> {
    const clientId = this.authenticate(request.apiKey);
    const asked = request.query.trackingNumber;
    const admission = await this.admit(clientId, typeof asked === 'string' ? [asked] : 1);
    const query = parseDhlTrackQuery(request.query);
    // The sandbox's parcels are all Express, and there is one shipment per number: another
    // business unit, or a page past the first, has nothing.
    const played = query.service === undefined || query.service === 'express' ? await this.find(query.trackingNumber) : null;
    const body = played && query.offset === 0 ? this.render(played) : null;
    if (admission === 'malformed') throw new MalformedAnswer(body ?? DhlErrors.notFound(query.trackingNumber).problem);
    if (!body) throw DhlErrors.notFound(query.trackingNumber);
    return body;
  }

  /**
   * The key's owner, as the rate limiter and quota count it. Unknown keys never reach them: DHL's
   * gateway refuses them first.
   */
  private authenticate(apiKey: string | undefined): string {
    const expected = this.options.apiKey;
    if (!expected || !constantTimeEquals(apiKey?.trim(), expected)) throw DhlErrors.unauthorized();
    return createHash('sha256').update(expected).digest('hex').slice(0, 16);
  }

  /**
   * Applies the sandbox controls to a call: latency, then a forced fault or DHL's own 429 (for the
   * per-second limit and the daily quota alike, with no Retry-After). Resolves with 'malformed'
   * when the answer must be cut off once rendered.
   */
  private admit(clientId: string, tracked: readonly string[] | number): Promise<'serve' | 'malformed'> {
    return carryOutAdmission(this.controls.admit('dhl', 'track', clientId, this.clock().getTime(), tracked), {
      rateLimited: () => DhlErrors.tooManyRequests(),
      forcedStatus: (fault) => (fault.status === 429 ? DhlErrors.tooManyRequests(fault.retryAfterSeconds) : DhlErrors.serverError(fault.status)),
    });
  }

  /** A waybill number, or the piece ID of one of its pieces (DHL looks both up). */
  private async find(trackingNumber: string): Promise<PlayedParcel | null> {
    const number = trackingNumber.replace(/\s+/g, '').toUpperCase();
    const played = await this.parcels.play(waybillOfPieceId(number) ?? number);
    return played?.parcel.carrier === 'dhl' ? played : null;
  }

  private render(played: PlayedParcel): DhlTrackResponse | null {
    const { parcel, scenario, timeline } = played;
    return renderDhlTrackResponse({ trackingNumber: parcel.trackingNumber, scenario, timeline });
  }
}
