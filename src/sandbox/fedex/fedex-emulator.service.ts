import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { CarrierControls, type EmulatorEndpoint } from '../controls/carrier-controls';
import { carryOutAdmission } from '../controls/carry-out-admission';
import { MalformedAnswer } from '../http/malformed-answer';
import { SandboxParcelsService } from '../parcels/sandbox-parcels.service';
import { SANDBOX_CLOCK, type SandboxClock } from '../sandbox.options';
import { credentialsMatch, parseBearerAuthorization } from '../ups/ups-credentials';
import { FEDEX_EMULATOR_OPTIONS, type FedexEmulatorOptions } from './fedex-emulator.options';
import { FedexErrors } from './fedex-errors';
import { renderFedexCompleteTrackResult, renderFedexNotFound } from './fedex-render';
import { FedexTokenStore } from './fedex-token-store';
import { FedexTokenThrottle } from './fedex-token-throttle';
import type { FedexCompleteTrackResult, FedexTrackResponse } from './fedex-track.types';

/** The token endpoint's success body: `expires_in` is a number at FedEx (UPS sends strings). */
export interface FedexTokenResponse {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  scope: 'CXS';
}

export interface FedexTokenRequest {
  /** The caller's IP address: FedEx blocks hammering per address. */
  address: string;
  /** The form fields, or undefined when the body was not a form (FedEx reads only forms here). */
  form: Record<string, unknown> | undefined;
}

export interface FedexTrackRequest {
  authorization: string | undefined;
  contentType: string | undefined;
  customerTransactionId: string | undefined;
  body: unknown;
}

/** At most 30 trackingInfo entries per call (track.openapi.json `Full_Schema_Tracking_Numbers`). */
export const FEDEX_MAX_TRACKING_INFO = 30;
const MAX_TRACKING_NUMBER_LENGTH = 40;

const trackRequestSchema = z.object({
  includeDetailedScans: z.boolean(),
  trackingInfo: z.array(
    z.object({
      trackingNumberInfo: z.object({
        trackingNumber: z.string().max(MAX_TRACKING_NUMBER_LENGTH).default(''),
        carrierCode: z.string().optional(),
      }),
    }),
  ),
});

/** The FedEx OAuth and Track behaviour, with FedEx's status codes, envelopes and quirks. */
@Injectable()
export class FedexEmulatorService {
  constructor(
    @Inject(FEDEX_EMULATOR_OPTIONS) private readonly options: FedexEmulatorOptions,
    @Inject(SANDBOX_CLOCK) private readonly clock: SandboxClock,
    private readonly tokens: FedexTokenStore,
    private readonly throttle: FedexTokenThrottle,
    private readonly controls: CarrierControls,
    private readonly parcels: SandboxParcelsService,
  ) {}

  async issueToken(request: FedexTokenRequest): Promise<FedexTokenResponse> {
    // A blocked address is refused before anything else, and its attempts keep the block alive.
    if (!this.throttle.admit(request.address)) throw FedexErrors.tokenRequestsBlocked();
    const field = (name: string): string | undefined => {
      const value = request.form?.[name];
      return typeof value === 'string' ? value : undefined;
    };
    const clientId = field('client_id');
    const admission = await this.admit('token', clientId ?? 'anonymous');
    const clientSecret = field('client_secret');
    // FedEx takes the credentials from the form body; an Authorization header does not count.
    if (
      !this.options ||
      clientId === undefined ||
      clientSecret === undefined ||
      !credentialsMatch({ clientId, clientSecret }, this.options)
    ) {
      throw FedexErrors.invalidClient();
    }
    if (field('grant_type') !== 'client_credentials') throw FedexErrors.invalidGrant();
    const ttlSeconds = this.controls.limits('fedex').tokenTtlSeconds;
    const token = this.tokens.issue(clientId, ttlSeconds);
    const body: FedexTokenResponse = { access_token: token.accessToken, token_type: 'bearer', expires_in: ttlSeconds, scope: 'CXS' };
    if (admission === 'malformed') throw new MalformedAnswer(body);
    return body;
  }

  async track(request: FedexTrackRequest): Promise<FedexTrackResponse> {
    const clientId = this.authenticate(request.authorization);
    const json = (request.contentType ?? '').toLowerCase().startsWith('application/json');
    const parsed = json ? trackRequestSchema.safeParse(request.body) : undefined;
    const entries = parsed?.success ? parsed.data.trackingInfo : [];
    // FedEx counts calls against its limits whatever their fate; the numbers only when they are tracked.
    const tracked = entries.length <= FEDEX_MAX_TRACKING_INFO ? entries.map((e) => e.trackingNumberInfo.trackingNumber) : 0;
    const admission = await this.admit('track', clientId, tracked);
    if (!parsed) throw FedexErrors.invalidInput();
    if (!parsed.success) throw emptyOrInvalid(request.body);
    if (entries.length === 0 || entries.some((entry) => entry.trackingNumberInfo.trackingNumber.trim() === '')) {
      throw FedexErrors.emptyTrackingNumber();
    }
    if (entries.length > FEDEX_MAX_TRACKING_INFO) throw FedexErrors.invalidInput();

    const completeTrackResults: FedexCompleteTrackResult[] = [];
    for (const entry of entries) {
      completeTrackResults.push(await this.trackOne(entry.trackingNumberInfo.trackingNumber, parsed.data.includeDetailedScans));
    }
    const body: FedexTrackResponse = {
      transactionId: randomUUID(),
      ...(request.customerTransactionId ? { customerTransactionId: request.customerTransactionId } : {}),
      output: { completeTrackResults },
    };
    if (admission === 'malformed') throw new MalformedAnswer(body);
    return body;
  }

  private async trackOne(requested: string, includeDetailedScans: boolean): Promise<FedexCompleteTrackResult> {
    const played = await this.parcels.play(requested.replace(/\s+/g, ''));
    if (!played || played.parcel.carrier !== 'fedex') return renderFedexNotFound(requested);
    return renderFedexCompleteTrackResult(requested, {
      trackingNumber: played.parcel.trackingNumber,
      scenario: played.scenario,
      timeline: played.timeline,
      includeDetailedScans,
    });
  }

  /**
   * Applies the sandbox controls to a call: latency, then a forced fault or FedEx's own limits
   * (429 in FedEx's envelope, no Retry-After: FedEx documents none). Resolves with 'malformed' when
   * the answer must be cut off once rendered.
   */
  private admit(endpoint: EmulatorEndpoint, clientId: string, trackedNumbers: number | readonly string[] = 1): Promise<'serve' | 'malformed'> {
    return carryOutAdmission(this.controls.admit('fedex', endpoint, clientId, this.clock().getTime(), trackedNumbers), {
      rateLimited: (refusal) => (refusal.reason === 'quota' ? FedexErrors.quotaExceeded() : FedexErrors.tooManyRequests()),
      forcedStatus: (fault) => (fault.status === 429 ? FedexErrors.tooManyRequests() : FedexErrors.serverError(fault.status)),
    });
  }

  /** The client the bearer token was issued to; FedEx answers missing, unknown and expired tokens alike. */
  private authenticate(authorization: string | undefined): string {
    const accessToken = parseBearerAuthorization(authorization);
    const token = accessToken && this.options ? this.tokens.find(accessToken) : undefined;
    if (!token) throw FedexErrors.tokenExpired();
    return token.clientId;
  }
}

/** No trackingInfo at all reads as "provide a tracking number"; any other shape is invalid input. */
function emptyOrInvalid(body: unknown) {
  const info = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).trackingInfo : undefined;
  return info === undefined || (Array.isArray(info) && info.length === 0) ? FedexErrors.emptyTrackingNumber() : FedexErrors.invalidInput();
}
