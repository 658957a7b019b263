import { Inject, Injectable } from '@nestjs/common';
import { SlidingWindowRateLimiter } from '../http/sliding-window-rate-limiter';
import { SandboxParcelsService } from '../parcels/sandbox-parcels.service';
import { SANDBOX_CLOCK, type SandboxClock } from '../sandbox.options';
import { UPS_EMULATOR_OPTIONS, type UpsEmulatorOptions } from './ups-emulator.options';
import { credentialsMatch, parseBasicAuthorization, parseBearerAuthorization } from './ups-credentials';
import { UpsErrors } from './ups-errors';
import { UpsFaultSwitch, type UpsFaultStatus } from './ups-fault-switch';
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

function forcedFault(status: UpsFaultStatus): Error {
  return status === 429 ? UpsErrors.tooManyRequests() : UpsErrors.serverError(status);
}

/** The UPS OAuth and Track behaviour, with UPS's status codes, envelopes and quirks. */
@Injectable()
export class UpsEmulatorService {
  private readonly limiter: SlidingWindowRateLimiter;

  constructor(
    @Inject(UPS_EMULATOR_OPTIONS) private readonly options: UpsEmulatorOptions,
    @Inject(SANDBOX_CLOCK) private readonly clock: SandboxClock,
    private readonly tokens: UpsTokenStore,
    private readonly faults: UpsFaultSwitch,
    private readonly parcels: SandboxParcelsService,
  ) {
    this.limiter = new SlidingWindowRateLimiter(options.rateLimitPerSecond, 1_000);
  }

  issueToken(request: UpsTokenRequest): UpsTokenResponse {
    const fault = this.faults.take('token');
    if (fault) throw forcedFault(fault);
    const credentials = parseBasicAuthorization(request.authorization);
    if (!credentials || !credentialsMatch(credentials, this.options)) throw UpsErrors.invalidClient();
    if (request.grantType !== 'client_credentials') throw UpsErrors.unsupportedGrantType();
    const token = this.tokens.issue(credentials.clientId);
    return {
      token_type: 'Bearer',
      issued_at: String(token.issuedAt.getTime()),
      client_id: token.clientId,
      access_token: token.accessToken,
      scope: '',
      expires_in: String(this.options.tokenTtlSeconds),
      refresh_count: '0',
      status: 'approved',
    };
  }

  async track(request: UpsTrackRequest): Promise<UpsTrackResponse> {
    const fault = this.faults.take('track');
    if (fault) throw forcedFault(fault);
    const clientId = this.authenticate(request.authorization);
    if (!this.limiter.tryAcquire(clientId, this.clock().getTime())) throw UpsErrors.tooManyRequests();
    if (!isUsableHeader(request.transId)) throw UpsErrors.missingHeader('transId');
    if (!isUsableHeader(request.transactionSrc)) throw UpsErrors.missingHeader('transactionSrc');
    const { inquiryNumber } = request;
    if (inquiryNumber.length < INQUIRY_NUMBER_LENGTH.min || inquiryNumber.length > INQUIRY_NUMBER_LENGTH.max) {
      throw UpsErrors.invalidInquiryNumber();
    }
    const played = await this.parcels.play(inquiryNumber);
    if (!played || played.parcel.carrier !== 'ups') return renderUpsNotFound(inquiryNumber);
    return renderUpsTrackResponse({
      inquiryNumber,
      trackingNumber: played.parcel.trackingNumber,
      scenario: played.scenario,
      timeline: played.timeline,
      includeSignature: request.returnSignature,
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
