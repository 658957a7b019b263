import { Inject, Injectable } from '@nestjs/common';
import { CarrierControls, type EmulatorEndpoint } from '../controls/carrier-controls';
import { carryOutAdmission } from '../controls/carry-out-admission';
import { MalformedAnswer } from '../http/malformed-answer';
import { SandboxParcelsService } from '../parcels/sandbox-parcels.service';
import { SANDBOX_CLOCK, type SandboxClock } from '../sandbox.options';
import { UPS_EMULATOR_OPTIONS, type UpsEmulatorOptions } from './ups-emulator.options';
import { credentialsMatch, parseBasicAuthorization, parseBearerAuthorization } from './ups-credentials';
import { UpsErrors } from './ups-errors';
import { renderUpsNotFound, renderUpsTrackResponse } from './ups-render';
import { UpsTokenStore } from './ups-token-store';
import type { UpsTrackResponse } from './ups-track.types';

/** The token endpoint's success body: every value a string, as UPS sends it. */
export interface UpsTokenResponse {
  token_type: 'Bearer';
  issued_at: string;
  client_id: string;
  access_token: string;
  scope: string;
  expires_in: string;
  refresh_count: string;
  status: 'approved';
}

export interface UpsTokenRequest {
  authorization: string | undefined;
  grantType: unknown;
}

export interface UpsTrackRequest {
  authorization: string | undefined;
  transId: string | undefined;
  transactionSrc: string | undefined;
  inquiryNumber: string;
  returnSignature: boolean;
}

const MAX_HEADER_LENGTH = 128;
const INQUIRY_NUMBER_LENGTH = { min: 7, max: 34 } as const;

function isUsableHeader(value: string | undefined): boolean {
  return typeof value === 'string' && value.trim().length > 0 && value.length <= MAX_HEADER_LENGTH;
}

/** The UPS OAuth and Track behaviour, with UPS's status codes, envelopes and quirks. */
@Injectable()
export class UpsEmulatorService {
  constructor(
    @Inject(UPS_EMULATOR_OPTIONS) private readonly options: UpsEmulatorOptions,
    @Inject(SANDBOX_CLOCK) private readonly clock: SandboxClock,
    private readonly tokens: UpsTokenStore,
    private readonly controls: CarrierControls,
    private readonly parcels: SandboxParcelsService,
  ) {}

  async issueToken(request: UpsTokenRequest): Promise<UpsTokenResponse> {
    const credentials = parseBasicAuthorization(request.authorization);
    const admission = await this.admit('token', credentials?.clientId ?? 'anonymous');
    if (!credentials || !credentialsMatch(credentials, this.options)) throw UpsErrors.invalidClient();
    if (request.grantType !== 'client_credentials') throw UpsErrors.unsupportedGrantType();
    const ttlSeconds = this.controls.limits('ups').tokenTtlSeconds;
    const token = this.tokens.issue(credentials.clientId, ttlSeconds);
    const body: UpsTokenResponse = {
      token_type: 'Bearer',
      issued_at: String(token.issuedAt.getTime()),
      client_id: token.clientId,
      access_token: token.accessToken,
      scope: '',
      expires_in: String(ttlSeconds),
      refresh_count: '0',
      status: 'approved',
    };
    if (admission === 'malformed') throw new MalformedAnswer(body);
    return body;
  }

  async track(request: UpsTrackRequest): Promise<UpsTrackResponse> {
    const clientId = this.authenticate(request.authorization);
    const admission = await this.admit('track', clientId, [request.inquiryNumber]);
    if (!isUsableHeader(request.transId)) throw UpsErrors.missingHeader('transId');
    if (!isUsableHeader(request.transactionSrc)) throw UpsErrors.missingHeader('transactionSrc');
    const { inquiryNumber } = request;
    if (inquiryNumber.length < INQUIRY_NUMBER_LENGTH.min || inquiryNumber.length > INQUIRY_NUMBER_LENGTH.max) {
      throw UpsErrors.invalidInquiryNumber();
    }
    const played = await this.parcels.play(inquiryNumber);
    const body =
      !played || played.parcel.carrier !== 'ups'
        ? renderUpsNotFound(inquiryNumber)
        : renderUpsTrackResponse({
            inquiryNumber,
            trackingNumber: played.parcel.trackingNumber,
            scenario: played.scenario,
            timeline: played.timeline,
            includeSignature: request.returnSignature,
          });
    if (admission === 'malformed') throw new MalformedAnswer(body);
    return body;
  }

  /**
   * Applies the sandbox controls to a call: latency, then a forced fault or UPS's own rate limit
   * (429 with code 10429 and no Retry-After, whatever the cause). Resolves with 'malformed' when
   * the answer must be cut off once rendered.
   */
  private admit(endpoint: EmulatorEndpoint, clientId: string, numbers?: readonly string[]): Promise<'serve' | 'malformed'> {
    return carryOutAdmission(this.controls.admit('ups', endpoint, clientId, this.clock().getTime(), numbers), {
      rateLimited: () => UpsErrors.tooManyRequests(),
      forcedStatus: (fault) => (fault.status === 429 ? UpsErrors.tooManyRequests() : UpsErrors.serverError(fault.status)),
    });
  }

  /** The client the bearer token was issued to. */
  private authenticate(authorization: string | undefined): string {
    const accessToken = parseBearerAuthorization(authorization);
    const check = accessToken ? this.tokens.check(accessToken) : { status: 'unknown' as const };
    if (check.status === 'expired') throw UpsErrors.tokenExpired();
    if (check.status !== 'valid') throw UpsErrors.invalidAuthentication();
    return check.token.clientId;
  }
}

