import { Inject, Injectable } from '@nestjs/common';
import { constantTimeEquals } from '../../webhooks/signatures';
import { CarrierControls, type EmulatorEndpoint } from '../controls/carrier-controls';
import { carryOutAdmission } from '../controls/carry-out-admission';
import { MalformedAnswer } from '../http/malformed-answer';
import { SandboxParcelsService } from '../parcels/sandbox-parcels.service';
import { SANDBOX_CLOCK, type SandboxClock } from '../sandbox.options';
import { USPS_EMULATOR_OPTIONS, type UspsEmulatorOptions } from './usps-emulator.options';
import { USPS_OAUTH_API_VERSION, USPS_TRACKING_API_VERSION, UspsErrors } from './usps-errors';
import { renderUspsTrackingDetails, renderUspsTrackingSummary } from './usps-render';
import { USPS_TOKEN_ISSUER, UspsTokenStore } from './usps-token-store';
import type { UspsTrackingDetails, UspsTrackingSummary } from './usps-tracking.types';

/** The token endpoint's success body, typed as live answers are since 2025 (USPS/api-examples#56). */
export interface UspsTokenResponse {
  access_token: string;
  token_type: 'Bearer';
  issued_at: number;
  expires_in: number;
  status: 'approved';
  scope: string;
  issuer: string;
  client_id: string;
  application_name: string;
  api_products: string;
  public_key: string;
}

/** Fields of the token request, from a JSON or form body; anything not a string counts as missing. */
export interface UspsTokenRequest {
  grantType: unknown;
  clientId: unknown;
  clientSecret: unknown;
  scope: unknown;
}

export interface UspsTrackRequest {
  authorization: string | undefined;
  trackingNumber: string;
  expand: unknown;
  destinationZIPCode: unknown;
  mailingDate: unknown;
}

/** The products the sandbox app holds: the default public ones plus the approved Tracking API. */
export const USPS_SANDBOX_SCOPES = ['addresses', 'domestic-prices', 'international-prices', 'locations', 'service-standards', 'tracking'];
const TRACKING_SCOPE = 'tracking';
/** USPS numbers are 13 to 34 characters; anything outside letters and digits cannot be one. */
const TRACKING_NUMBER = /^[A-Za-z0-9]{1,40}$/;

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** USPS OAuth v3 and Tracking v3, with USPS's status codes, envelopes and quirks. */
@Injectable()
export class UspsEmulatorService {
  constructor(
    @Inject(USPS_EMULATOR_OPTIONS) private readonly options: UspsEmulatorOptions,
    @Inject(SANDBOX_CLOCK) private readonly clock: SandboxClock,
    private readonly tokens: UspsTokenStore,
    private readonly controls: CarrierControls,
    private readonly parcels: SandboxParcelsService,
  ) {}

  async issueToken(request: UspsTokenRequest): Promise<UspsTokenResponse> {
    const clientId = text(request.clientId);
    const admission = await this.admit('token', clientId ?? 'anonymous', USPS_OAUTH_API_VERSION);
    if (!this.credentialsMatch(clientId, text(request.clientSecret))) throw UspsErrors.invalidClient();
    const grantType = text(request.grantType);
    if (!grantType) throw UspsErrors.invalidRequest('The grant_type parameter is required.');
    if (grantType !== 'client_credentials') throw UspsErrors.unsupportedGrantType();
    const scope = this.grantedScope(request.scope);
    const ttlSeconds = this.controls.limits('usps').tokenTtlSeconds;
    const token = this.tokens.issue(clientId as string, scope, ttlSeconds);
    const body: UspsTokenResponse = {
      access_token: token.accessToken,
      token_type: 'Bearer',
      issued_at: token.issuedAt.getTime(),
      expires_in: ttlSeconds,
      status: 'approved',
      scope,
      issuer: USPS_TOKEN_ISSUER,
      client_id: token.clientId,
      application_name: 'Waybill Sandbox',
      api_products: '[Public Access I, Tracking]',
      public_key: Buffer.from(`sandbox-public-key:${token.clientId}`).toString('base64'),
    };
    if (admission === 'malformed') throw new MalformedAnswer(body);
    return body;
  }

  async track(request: UspsTrackRequest): Promise<UspsTrackingDetails | UspsTrackingSummary> {
    const clientId = this.authenticate(request.authorization);
    const admission = await this.admit('track', clientId, USPS_TRACKING_API_VERSION, [request.trackingNumber]);
    const expand = this.validateQuery(request);
    const { trackingNumber } = request;
    if (!TRACKING_NUMBER.test(trackingNumber)) throw UspsErrors.notFound();
    const played = await this.parcels.play(trackingNumber);
    const details =
      played && played.parcel.carrier === 'usps'
        ? renderUspsTrackingDetails({ trackingNumber: played.parcel.trackingNumber, scenario: played.scenario, timeline: played.timeline })
        : null;
    if (!details) throw UspsErrors.notFound();
    const body = expand === 'DETAIL' ? details : renderUspsTrackingSummary(details);
    if (admission === 'malformed') throw new MalformedAnswer(body);
    return body;
  }

  /**
   * Applies the sandbox controls to a call: latency, then a forced fault or USPS's own quota answer
   * (429 with Retry-After). Resolves with 'malformed' when the answer must be cut off once rendered.
   */
  private admit(endpoint: EmulatorEndpoint, clientId: string, apiVersion: string, tracked?: readonly string[]): Promise<'serve' | 'malformed'> {
    return carryOutAdmission(this.controls.admit('usps', endpoint, clientId, this.clock().getTime(), tracked), {
      rateLimited: (refusal) => UspsErrors.tooManyRequests(apiVersion, refusal.retryAfterSeconds),
      forcedStatus: (fault) =>
        fault.status === 429
          ? UspsErrors.tooManyRequests(apiVersion, fault.retryAfterSeconds)
          : UspsErrors.serverError(apiVersion, fault.status, fault.status === 503 ? fault.retryAfterSeconds : undefined),
    });
  }

  /** The client the bearer token was issued to, provided the token may call Tracking. */
  private authenticate(authorization: string | undefined): string {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    const check = this.tokens.check(match?.[1]);
    if (check.status === 'malformed') throw UspsErrors.malformedToken();
    if (check.status === 'unknown') throw UspsErrors.unknownToken();
    if (check.status === 'expired') throw UspsErrors.expiredToken();
    if (!check.token.scope.split(' ').includes(TRACKING_SCOPE)) throw UspsErrors.missingTrackingScope();
    return check.token.clientId;
  }

  /** The OpenAPI's enum and patterns for the query; `expand` defaults to SUMMARY. */
  private validateQuery(request: UspsTrackRequest): 'SUMMARY' | 'DETAIL' {
    const { expand, destinationZIPCode, mailingDate } = request;
    if (expand !== undefined && expand !== 'SUMMARY' && expand !== 'DETAIL') {
      throw UspsErrors.badParameter('expand', 'expand must be SUMMARY or DETAIL.', 'DETAIL');
    }
    const expansion = expand === 'DETAIL' ? 'DETAIL' : 'SUMMARY';
    if (destinationZIPCode !== undefined && !(typeof destinationZIPCode === 'string' && /^\d{5}$/.test(destinationZIPCode))) {
      throw UspsErrors.badParameter('destinationZIPCode', 'destinationZIPCode must be a 5-digit ZIP Code.', '80205');
    }
    if (mailingDate !== undefined && !(typeof mailingDate === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(mailingDate))) {
      throw UspsErrors.badParameter('mailingDate', 'mailingDate must be a date (YYYY-MM-DD).', '2026-03-02');
    }
    return expansion;
  }

  /** Without configured credentials nothing matches, so every token request is refused. */
  private credentialsMatch(clientId: string | undefined, clientSecret: string | undefined): boolean {
    if (!this.options || clientId === undefined || clientSecret === undefined) return false;
    // Both comparisons always run, so timing does not tell which half was wrong.
    const idMatches = constantTimeEquals(clientId, this.options.clientId);
    const secretMatches = constantTimeEquals(clientSecret, this.options.clientSecret);
    return idMatches && secretMatches;
  }

  /**
   * Client credentials get the app's products; a `scope` narrows them (RFC 6749 §3.3). Asking only
   * for products the app lacks is refused, as an authorization server must.
   */
  private grantedScope(requested: unknown): string {
    if (requested === undefined || requested === '') return USPS_SANDBOX_SCOPES.join(' ');
    const asked = typeof requested === 'string' ? requested.split(/\s+/).filter(Boolean) : [];
    const granted = asked.filter((scope) => USPS_SANDBOX_SCOPES.includes(scope));
    if (granted.length === 0) throw UspsErrors.invalidScope(typeof requested === 'string' ? requested : JSON.stringify(requested));
    return [...new Set(granted)].join(' ');
  }
}
