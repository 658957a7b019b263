import { z } from 'zod';

/**
 * All of Waybill's configuration, read from the environment once and validated. Nothing else reads
 * `process.env`. Workflows never see this object: the values they need travel in workflow input.
 */

const duration = z.coerce.number().int().positive();
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const EnvSchema = z.object({
  WAYBILL_ENV: z.enum(['development', 'test', 'production']).default('production'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_BASE_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),

  TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_UI_URL: z.string().url().optional(),
  MONGODB_URI: z.string().optional(),

  WAYBILL_API_KEYS: z.string().optional(),

  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Waybill <tracking@waybill.local>'),

  UPS_BASE_URL: z.string().url().optional(),
  UPS_CLIENT_ID: z.string().optional(),
  UPS_CLIENT_SECRET: z.string().optional(),
  UPS_TRANSACTION_SRC: z.string().default('waybill'),
  /** Server-side cap on UPS calls per second across every worker (maxTaskQueueActivitiesPerSecond). */
  UPS_MAX_CALLS_PER_SECOND: z.coerce.number().positive().default(10),
  CARRIER_HTTP_TIMEOUT_MS: duration.default(15_000),

  /** Polling intervals by shipment phase, in milliseconds. */
  POLL_INTERVAL_PRE_TRANSIT_MS: duration.optional(),
  POLL_INTERVAL_IN_TRANSIT_MS: duration.optional(),
  POLL_INTERVAL_OUT_FOR_DELIVERY_MS: duration.optional(),
  POLL_INTERVAL_AWAITING_PICKUP_MS: duration.optional(),
  POLL_INTERVAL_EXCEPTION_MS: duration.optional(),
  /** How long to wait before polling again after a permanent carrier failure (bad credentials, say). */
  POLL_FAILURE_BACKOFF_MS: duration.optional(),

  SANDBOX_ENABLED: bool.optional(),
  /** How many times faster than real time sandbox timelines play. */
  SANDBOX_SPEED: z.coerce.number().positive().optional(),
  SANDBOX_SMTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  SANDBOX_SMTP_HOST: z.string().default('127.0.0.1'),
});

export type WaybillEnv = z.infer<typeof EnvSchema>['WAYBILL_ENV'];

export interface PollIntervals {
  preTransitMs: number;
  inTransitMs: number;
  outForDeliveryMs: number;
  awaitingPickupMs: number;
  exceptionMs: number;
  failureBackoffMs: number;
}

export interface WaybillConfig {
  env: WaybillEnv;
  port: number;
  host: string;
  publicBaseUrl: string;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  temporal: { address: string; namespace: string; uiUrl?: string };
  mongodbUri: string;
  apiKeys: string | undefined;
  mail: { smtpUrl: string; from: string };
  ups: {
    baseUrl: string;
    clientId: string;
    clientSecret: string;
    transactionSrc: string;
    maxCallsPerSecond: number;
  };
  carrierHttpTimeoutMs: number;
  pollIntervals: PollIntervals;
  sandbox: { enabled: boolean; speed: number; smtpHost: string; smtpPort: number };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * Production polling follows the parcel's phase: rare while it crawls through the network, often on
 * the day of delivery. Development plays sandbox timelines about 2,000× faster, so it polls in seconds.
 */
const POLL_DEFAULTS: Record<'production' | 'development', PollIntervals> = {
  production: {
    preTransitMs: 6 * HOUR,
    inTransitMs: 4 * HOUR,
    outForDeliveryMs: 30 * MINUTE,
    awaitingPickupMs: 6 * HOUR,
    exceptionMs: 2 * HOUR,
    failureBackoffMs: 1 * HOUR,
  },
  development: {
    preTransitMs: 5_000,
    inTransitMs: 5_000,
    outForDeliveryMs: 2_000,
    awaitingPickupMs: 5_000,
    exceptionMs: 5_000,
    failureBackoffMs: 30_000,
  },
};

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): WaybillConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  const production = e.WAYBILL_ENV === 'production';
  const sandboxEnabled = e.SANDBOX_ENABLED ?? !production;
  if (production && sandboxEnabled) {
    throw new ConfigError('SANDBOX_ENABLED cannot be true when WAYBILL_ENV=production: the sandbox fakes carriers.');
  }
  const publicBaseUrl = (e.PUBLIC_BASE_URL ?? `http://127.0.0.1:${e.PORT}`).replace(/\/$/, '');
  const polls = POLL_DEFAULTS[production ? 'production' : 'development'];

  const required = (name: keyof typeof e, value: string | undefined, devDefault: string): string => {
    if (value) return value;
    if (!production) return devDefault;
    throw new ConfigError(`${name} is required when WAYBILL_ENV=production.`);
  };

  return {
    env: e.WAYBILL_ENV,
    port: e.PORT,
    host: e.HOST,
    publicBaseUrl,
    logLevel: e.LOG_LEVEL,
    temporal: { address: e.TEMPORAL_ADDRESS, namespace: e.TEMPORAL_NAMESPACE, uiUrl: e.TEMPORAL_UI_URL },
    mongodbUri: required('MONGODB_URI', e.MONGODB_URI, 'mongodb://127.0.0.1:27017/waybill'),
    apiKeys: production ? required('WAYBILL_API_KEYS', e.WAYBILL_API_KEYS, '') : e.WAYBILL_API_KEYS,
    mail: {
      smtpUrl: required('SMTP_URL', e.SMTP_URL, `smtp://${e.SANDBOX_SMTP_HOST}:${e.SANDBOX_SMTP_PORT ?? 2525}`),
      from: e.MAIL_FROM,
    },
    ups: {
      baseUrl: required('UPS_BASE_URL', e.UPS_BASE_URL, `${publicBaseUrl}/sandbox/ups`).replace(/\/$/, ''),
      clientId: required('UPS_CLIENT_ID', e.UPS_CLIENT_ID, 'sandbox-ups-client'),
      clientSecret: required('UPS_CLIENT_SECRET', e.UPS_CLIENT_SECRET, 'sandbox-ups-secret'),
      transactionSrc: e.UPS_TRANSACTION_SRC,
      maxCallsPerSecond: e.UPS_MAX_CALLS_PER_SECOND,
    },
    carrierHttpTimeoutMs: e.CARRIER_HTTP_TIMEOUT_MS,
    pollIntervals: {
      preTransitMs: e.POLL_INTERVAL_PRE_TRANSIT_MS ?? polls.preTransitMs,
      inTransitMs: e.POLL_INTERVAL_IN_TRANSIT_MS ?? polls.inTransitMs,
      outForDeliveryMs: e.POLL_INTERVAL_OUT_FOR_DELIVERY_MS ?? polls.outForDeliveryMs,
      awaitingPickupMs: e.POLL_INTERVAL_AWAITING_PICKUP_MS ?? polls.awaitingPickupMs,
      exceptionMs: e.POLL_INTERVAL_EXCEPTION_MS ?? polls.exceptionMs,
      failureBackoffMs: e.POLL_FAILURE_BACKOFF_MS ?? polls.failureBackoffMs,
    },
    sandbox: {
      enabled: sandboxEnabled,
      speed: e.SANDBOX_SPEED ?? 2000,
      smtpHost: e.SANDBOX_SMTP_HOST,
      smtpPort: e.SANDBOX_SMTP_PORT ?? 2525,
    },
  };
}
