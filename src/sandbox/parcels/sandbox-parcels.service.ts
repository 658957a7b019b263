import { Inject, Injectable } from '@nestjs/common';
import { newSandboxTrackingNumber, type SandboxCarrier } from '../sandbox-carriers';
import { SANDBOX_CLOCK, SANDBOX_OPTIONS, type SandboxClock, type SandboxModuleOptions } from '../sandbox.options';
import { isScenarioName, SCENARIOS, type Scenario, type ScenarioName } from '../scenarios';
import { playTimeline, type Timeline } from '../timeline';
import { DuplicateTrackingNumberError, SandboxParcelRepository } from './sandbox-parcel.repository';
import type { SandboxParcel } from './sandbox-parcel.schema';

/** Asked to push a parcel while the sandbox has nowhere to push to. */
export class PushNotConfiguredError extends Error {
  override readonly name = 'PushNotConfiguredError';

  constructor() {
    super('This sandbox does not push: start it with SANDBOX_PUSH_ENABLED=true');
  }
}

/** Random numbers collide rarely; a few redraws make a clash practically impossible. */
const MAX_NUMBER_DRAWS = 5;

export interface CreateSandboxParcel {
  carrier: SandboxCarrier;
  scenario: ScenarioName;
  /** Defaults to the sandbox's configured speed. */
  speed?: number;
  /** Whether the parcel's events are pushed to Waybill; defaults to on when the sandbox pushes at all. */
  push?: boolean;
}

export interface PlayedParcel {
  parcel: SandboxParcel;
  /** The scenario that was played (see `play` for the one case where it is not the stored name). */
  scenario: Scenario;
  timeline: Timeline;
}

@Injectable()
export class SandboxParcelsService {
  constructor(
    private readonly repository: SandboxParcelRepository,
    @Inject(SANDBOX_OPTIONS) private readonly options: SandboxModuleOptions,
    @Inject(SANDBOX_CLOCK) private readonly clock: SandboxClock,
  ) {}

  async create(request: CreateSandboxParcel): Promise<SandboxParcel> {
    if (request.push && !this.options.push) throw new PushNotConfiguredError();
    const createdAt = this.clock();
    for (let draw = 1; ; draw++) {
      const parcel: SandboxParcel = {
        trackingNumber: newSandboxTrackingNumber(request.carrier),
        carrier: request.carrier,
        scenario: request.scenario,
        speed: request.speed ?? this.options.speed,
        createdAt,
      };
      if (request.push ?? (this.options.push !== undefined)) {
        Object.assign(parcel, { pushEnabled: true, pushedSteps: 0, pushFailures: 0, nextPushAt: createdAt });
      }
      try {
        await this.repository.insert(parcel);
        return parcel;
      } catch (error) {
        if (!(error instanceof DuplicateTrackingNumberError) || draw >= MAX_NUMBER_DRAWS) throw error;
      }
    }
  }

  /** The parcel and the part of its scenario that has happened by now; null when there is no such parcel. */
  async play(trackingNumber: string): Promise<PlayedParcel | null> {
    const parcel = await this.repository.findByTrackingNumber(trackingNumber.toUpperCase());
    if (!parcel) return null;
    // A parcel stored by a build that had a scenario this one lacks plays as unknown to the carrier.
    const scenario = isScenarioName(parcel.scenario) ? SCENARIOS[parcel.scenario] : SCENARIOS.not_found;
    const timeline = playTimeline({ createdAt: parcel.createdAt, speed: parcel.speed, scenario }, this.clock());
    return { parcel, scenario, timeline };
  }
}
