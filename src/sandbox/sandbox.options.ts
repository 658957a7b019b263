/** How the app configures the sandbox (values come from `WaybillConfig.sandbox` and `.ups`). */
export interface SandboxModuleOptions {
  /** Default playback speed for new parcels: 1 is real time, 2000 plays two days in under 90 s. */
  speed: number;
  smtpHost: string;
  /** 0 picks a free port (tests); read the bound one from `SmtpSink.port`. */
  smtpPort: number;
  ups: SandboxUpsOptions;
}

export interface SandboxUpsOptions {
  clientId: string;
  clientSecret: string;
  /** Lifetime of issued tokens; UPS issues about 4 h (14399 s). */
  tokenTtlSeconds?: number;
  /** Track calls allowed per client per second before 429. */
  rateLimitPerSecond?: number;
}

export const SANDBOX_OPTIONS = Symbol('SANDBOX_OPTIONS');

/** The sandbox's notion of "now": injectable so tests can move time. */
export type SandboxClock = () => Date;
export const SANDBOX_CLOCK = Symbol('SANDBOX_CLOCK');
export const systemClock: SandboxClock = () => new Date();
