import type { INestApplication } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import type { App } from 'supertest/types';
import type { CarrierAdapter, TrackResult } from '../../activities/carriers/carrier-adapter';
import { CarrierError } from '../../activities/carriers/carrier-errors';
import { applyMongooseSafetyDefaults } from '../../src/persistence/mongoose-safety';
import { CarrierControls, SANDBOX_CLOCK, SandboxModule, type ScenarioName, type SandboxModuleOptions } from '../../src/sandbox';
import type { ParcelView, PlayedParcelView } from '../../src/sandbox/sandbox.views';
import type { TrackingSnapshot } from '../../workflows/shared/tracking';
import type { Carrier } from '../../workflows/shared/vocabulary';
import { FakeClock } from '../unit/sandbox/support/fake-clock';
import { freePort } from './free-port';
import { startTestMongo, type TestMongo } from './mongo-server';

/** Parcels play 60× real time: a simulated hour is a real minute of the sandbox clock. */
export const CONTRACT_SPEED = 60;
export const CONTRACT_SIM_HOUR_MS = (60 * 60_000) / CONTRACT_SPEED;
const START = new Date('2026-03-02T15:00:00.000Z');

export type ContractParcel = ParcelView & { createdAtMs: number };

/**
 * The real sandbox over real HTTP, parcels in FerretDB, for the adapter-vs-emulator contract tests.
 * Only the sandbox clock is fake, moved by hand so long scenarios play instantly and deterministically.
 */
export class ContractSandbox {
  readonly clock = new FakeClock(START);
  app!: INestApplication;
  server!: App;
  /** The emulated carrier's (or escrow provider's) base URL, as its client is configured in production. */
  baseUrl = '';
  private mongo?: TestMongo;

  constructor(private readonly carrier: Carrier | 'escrow' | 'mobile-push' | 'twilio') {}

  async start(database: string, options: Partial<SandboxModuleOptions>): Promise<void> {
    this.mongo = await startTestMongo(database);
    applyMongooseSafetyDefaults();
    const moduleRef = await Test.createTestingModule({
      imports: [
        MongooseModule.forRoot(this.mongo.uri),
        SandboxModule.register({
          speed: 2000,
          smtpHost: '127.0.0.1',
          smtpPort: 0,
          ups: { clientId: 'contract-ups-client', clientSecret: 'contract-ups-secret' },
          ...options,
        }),
      ],
    })
      .overrideProvider(SANDBOX_CLOCK)
      .useValue(this.clock.now)
      .compile();
    this.app = moduleRef.createNestApplication({ logger: false });
    const port = await freePort();
    await this.app.listen(port, '127.0.0.1');
    this.server = this.app.getHttpServer() as App;
    this.baseUrl = `http://127.0.0.1:${port}/sandbox/${this.carrier}`;
  }

  async stop(): Promise<void> {
    await this.app?.close();
    await this.mongo?.stop();
  }

  /** Another database on the sandbox's MongoDB server, for a test's own collections. */
  mongoUri(database: string): string {
    if (!this.mongo) throw new Error('Start the contract sandbox first');
    const url = new URL(this.mongo.uri);
    url.pathname = `/${database}`;
    return url.toString();
  }

  get controls(): CarrierControls {
    return this.app.get(CarrierControls);
  }

  async createParcel(scenario: ScenarioName): Promise<ContractParcel> {
    const response = await request(this.server).post('/sandbox/parcels').send({ carrier: this.carrier, scenario, speed: CONTRACT_SPEED }).expect(201);
    const parcel = response.body as ParcelView;
    expect(parcel).toMatchObject({ carrier: this.carrier, scenario, speed: CONTRACT_SPEED, createdAt: this.clock.now().toISOString() });
    return { ...parcel, createdAtMs: Date.parse(parcel.createdAt) };
  }

  /** Moves the sandbox clock to `hours` simulated hours after the parcel was created (never backwards). */
  playTo(parcel: { createdAtMs: number }, hours: number): void {
    const target = parcel.createdAtMs + Math.round(hours * CONTRACT_SIM_HOUR_MS);
    expect(target).toBeGreaterThanOrEqual(this.clock.now().getTime());
    this.clock.set(new Date(target));
  }

  async timelineOf(trackingNumber: string): Promise<PlayedParcelView> {
    return (await request(this.server).get(`/sandbox/parcels/${trackingNumber}`).expect(200)).body as PlayedParcelView;
  }
}

/** Tracks one number and checks the adapter answered for exactly that number. */
export async function trackOne(client: CarrierAdapter, trackingNumber: string): Promise<TrackResult> {
  const results = await client.track([trackingNumber]);
  expect([...results.keys()]).toEqual([trackingNumber]);
  return results.get(trackingNumber) as TrackResult;
}

export function expectChronological(snapshot: TrackingSnapshot): void {
  const times = snapshot.events.map((e) => Date.parse(e.occurredAt));
  expect(times.every((t) => Number.isFinite(t))).toBe(true);
  expect(times).toEqual([...times].sort((a, b) => a - b));
}

export async function carrierErrorOf(promise: Promise<unknown>): Promise<CarrierError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CarrierError);
  return err as CarrierError;
}

/** Denver's fixed sandbox offset (UTC−7, no daylight saving), where the pickup scenarios end. */
const DENVER_OFFSET_MS = -7 * 3_600_000;

/**
 * The `available_for_pickup` scenario's keep-until day as a Denver calendar date: the hold starts 50
 * simulated hours after creation and lasts 7 days. `businessDaysOnly` moves a weekend back to the
 * Friday, as FedEx's "hold for N business days" wording does.
 */
export function pickupDeadline(parcel: { createdAtMs: number }, options: { businessDaysOnly?: boolean } = {}): string {
  const local = new Date(parcel.createdAtMs + (50 + 7 * 24) * CONTRACT_SIM_HOUR_MS + DENVER_OFFSET_MS);
  const day = new Date(`${local.toISOString().slice(0, 10)}T00:00:00Z`);
  while (options.businessDaysOnly && (day.getUTCDay() === 0 || day.getUTCDay() === 6)) day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
}
