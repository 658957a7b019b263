import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { z } from 'zod';
import type { LifecyclePolicy } from '../../workflows/shared/lifecycle-policy';
import { ADAPTIVE_POLL_DEFAULTS, type PollPolicy } from '../../workflows/shipment/polling';
import { lifecyclePolicyFromEnv } from './lifecycle-config';
import { RATE_LIMIT_DEFAULTS, RateLimitSpec, TrustProxySpec, type RateLimits, type TrustProxy } from './security-config';
import { generateDevCustomerTokenSecrets } from '../auth/customer-token-secrets';
import { generateDevPayloadEncryptionKeys, holdsTestOnlyKey, parsePayloadEncryptionKeys } from '../temporal/payload-encryption/payload-encryption-keys';
import { isE164 } from '../../activities/notifications/sms/phone-numbers';
import { HEX_COLOR, type Brand } from '../../activities/notifications/templates/brand';
import { NOTIFICATION_SEND_TIMEOUT_MS, OUTBOX_CLAIM_LEASE_MS } from '../../activities/notifications/outbox';
import { parseWorkerTaskQueues, WorkerTaskQueuesError, type WorkerTaskQueues } from './worker-task-queues';
import type { Carrier } from '../../workflows/shared/vocabulary';

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
  /** OpenTelemetry's standard variables (docs/observability.md): the OTLP/HTTP collector's base URL; unset, tracing is off. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  OTEL_SERVICE_NAME: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be letters, digits and ._- (up to 64)').optional(),
  /** Whose X-Forwarded-For to believe for the client's IP (docs/api-security.md): false, a hop count, or proxy addresses. */
  TRUST_PROXY: TrustProxySpec.optional(),
  /** Request limits, LIMIT/WINDOW (docs/api-security.md). */
  RATE_LIMIT_PUBLIC: RateLimitSpec.prefault(RATE_LIMIT_DEFAULTS.public),
  RATE_LIMIT_WEBHOOKS: RateLimitSpec.prefault(RATE_LIMIT_DEFAULTS.webhooks),
  RATE_LIMIT_CUSTOMER_TOKENS: RateLimitSpec.prefault(RATE_LIMIT_DEFAULTS.customerTokens),
  RATE_LIMIT_RESEND: RateLimitSpec.prefault(RATE_LIMIT_DEFAULTS.resend),
  RATE_LIMIT_REFRESH: RateLimitSpec.prefault(RATE_LIMIT_DEFAULTS.refresh),
  /** How long a replica reuses a stored API key's lookup: the most a revoked key keeps working elsewhere. */
  API_KEY_CACHE_TTL_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),

  TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  /** The task queues a worker process polls: `main`, `carrier:ups`, … (comma list); unset, all (docs/operations.md). */
  WORKER_TASK_QUEUES: z.string().optional(),
  TEMPORAL_UI_URL: z.string().url().optional(),
  /** The Temporal UI's origin (`https://temporal.example.com`): the only one the codec endpoint answers cross-origin. */
  TEMPORAL_UI_ORIGIN: z
    .string()
    .refine(isOrigin, 'must be an origin: scheme://host[:port], without a path or trailing slash')
    .optional(),
  /** `kid1:<base64 32 bytes>,kid0:<base64>`: the first encrypts Temporal payloads, all decrypt them (rotation). */
  PAYLOAD_ENCRYPTION_KEYS: z.string().optional(),
  MONGODB_URI: z.string().optional(),

  WAYBILL_API_KEYS: z.string().optional(),
  /** `kid1:secret1,kid2:secret2`: the first signs customer tokens, all verify them (rotation). */
  CUSTOMER_TOKEN_SECRETS: z.string().optional(),
  CUSTOMER_TOKEN_TTL_MS: duration.default(30 * 24 * 3_600_000),
  /** How long each entry of the customers' update feed (`order_updates`) is kept for replay (docs/tracking-page.md). */
  ORDER_UPDATES_RETENTION_HOURS: z.coerce.number().positive().default(7 * 24),
  /** How often each API replica polls the update feed while tracking pages or apps are listening. */
  TRACKING_EVENTS_POLL_MS: z.coerce.number().int().min(50).max(10_000).default(250),
  /** Open event streams allowed per customer token, and per client IP, on each API replica. */
  TRACKING_EVENTS_MAX_PER_TOKEN: z.coerce.number().int().min(1).max(1_000).default(5),
  TRACKING_EVENTS_MAX_PER_IP: z.coerce.number().int().min(1).max(100_000).default(100),
  /** Signs the dashboard's session cookies (HS256) and keys its CSRF tokens; 32+ characters. */
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),

  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Waybill <tracking@waybill.local>'),
  /** Where support alerts are emailed; unset, they are only listed by the API. */
  SUPPORT_ALERT_EMAIL: z.email().optional(),
  /** The merchant's branding on customer messages (see docs/notifications.md). */
  BRAND_NAME: z.string().trim().min(1).default('Waybill'),
  BRAND_LOGO_URL: z.url({ protocol: /^https$/ }).optional(),
  BRAND_PRIMARY_COLOR: z.string().regex(HEX_COLOR, 'must be a #rrggbb colour').optional(),
  BRAND_ACCENT_COLOR: z.string().regex(HEX_COLOR, 'must be a #rrggbb colour').optional(),
  BRAND_SUPPORT_EMAIL: z.email().optional(),

  UPS_BASE_URL: z.string().url().optional(),
  UPS_CLIENT_ID: z.string().optional(),
  UPS_CLIENT_SECRET: z.string().optional(),
  UPS_TRANSACTION_SRC: z.string().default('waybill'),
  /** Server-side caps on calls per second to each carrier, across every worker (maxTaskQueueActivitiesPerSecond). */
  UPS_MAX_CALLS_PER_SECOND: z.coerce.number().positive().default(10),
  FEDEX_BASE_URL: z.string().url().optional(),
  FEDEX_CLIENT_ID: z.string().optional(),
  FEDEX_CLIENT_SECRET: z.string().optional(),
  /** FedEx allows 1,400 calls per 10 s per project. */
  FEDEX_MAX_CALLS_PER_SECOND: z.coerce.number().positive().default(100),
  DHL_BASE_URL: z.string().url().optional(),
  DHL_API_KEY: z.string().optional(),
  /** DHL's starter tier allows 1 call per second. */
  DHL_MAX_CALLS_PER_SECOND: z.coerce.number().positive().optional(),
  USPS_BASE_URL: z.string().url().optional(),
  USPS_CLIENT_ID: z.string().optional(),
  USPS_CLIENT_SECRET: z.string().optional(),
  USPS_MAX_CALLS_PER_SECOND: z.coerce.number().positive().optional(),
  CARRIER_HTTP_TIMEOUT_MS: duration.default(15_000),

  /** The escrow provider's API root (without `/v1`) and secret key; development uses the sandbox's. */
  ESCROW_PROVIDER_URL: z.string().url().optional(),
  ESCROW_PROVIDER_SECRET_KEY: z.string().min(1).optional(),
  ESCROW_HTTP_TIMEOUT_MS: duration.default(10_000),

  /**
   * Platform status sync (docs/platform-webhooks.md): where order status webhooks go and the
   * `whsec_…` secret they are signed with. Both or neither; neither turns the sync off.
   */
  PLATFORM_WEBHOOK_URL: z.string().url().optional(),
  PLATFORM_WEBHOOK_SECRET: z
    .string()
    .refine(isWebhookSecret, 'must be whsec_ followed by 24 to 64 base64-encoded bytes (Standard Webhooks)')
    .optional(),
  PLATFORM_WEBHOOK_TIMEOUT_MS: duration.default(10_000),

  /** A Twilio-compatible SMS API; development uses the sandbox's emulator. Unset in production, SMS is off. */
  SMS_PROVIDER_URL: z.string().url().optional(),
  SMS_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must be AC followed by 32 hex digits').optional(),
  SMS_AUTH_TOKEN: z.string().min(1).optional(),
  /** The sending number in E.164, or else a Messaging Service that picks one. */
  SMS_FROM: z.string().refine(isE164, 'must be a valid phone number in E.164, like +14155550123').optional(),
  SMS_MESSAGING_SERVICE_SID: z.string().regex(/^MG[0-9a-fA-F]{32}$/, 'must be MG followed by 32 hex digits').optional(),
  SMS_HTTP_TIMEOUT_MS: duration.default(10_000),

  /** The platform's mobile backend that push notifications are posted to (docs/push.md), and the Standard Webhooks secret they are signed with. */
  PUSH_ENDPOINT_URL: z.string().url().optional(),
  PUSH_SIGNING_SECRET: z.string().min(1).optional(),
  PUSH_HTTP_TIMEOUT_MS: duration.default(10_000),
  /** How long an outbox claim protects a send before a retry may take it over (docs/notifications.md). */
  OUTBOX_CLAIM_LEASE_MS: duration.min(1_000).default(OUTBOX_CLAIM_LEASE_MS),

  /** Secrets the carriers' webhooks are verified with. A carrier whose secret is unset has its endpoint refuse everything. */
  UPS_WEBHOOK_CREDENTIAL: z.string().min(16).optional(),
  FEDEX_WEBHOOK_SECRET: z.string().min(16).optional(),
  DHL_WEBHOOK_HEADER: z.string().regex(/^[A-Za-z0-9-]+$/).default('X-Waybill-DHL-Token'),
  DHL_WEBHOOK_TOKEN: z.string().min(16).optional(),
  USPS_WEBHOOK_SECRET: z.string().min(16).optional(),
  EASYPOST_WEBHOOK_SECRET: z.string().min(16).optional(),
  /** How long webhook events for a tracking number no order knows yet are kept for a later match. */
  WEBHOOK_UNMATCHED_RETENTION_HOURS: z.coerce.number().positive().default(14 * 24),
  /** How long a handed-over carrier push's key is remembered, so that a resend of it is ignored. */
  WEBHOOK_INBOX_RETENTION_DAYS: z.coerce.number().positive().default(30),

  /** Polling intervals by shipment phase, in milliseconds. */
  POLL_INTERVAL_PRE_TRANSIT_MS: duration.optional(),
  POLL_INTERVAL_IN_TRANSIT_MS: duration.optional(),
  POLL_INTERVAL_OUT_FOR_DELIVERY_MS: duration.optional(),
  POLL_INTERVAL_AWAITING_PICKUP_MS: duration.optional(),
  POLL_INTERVAL_EXCEPTION_MS: duration.optional(),
  /** How long to wait before polling again after a permanent carrier failure (bad credentials, say). */
  POLL_FAILURE_BACKOFF_MS: duration.optional(),
  POLL_INTERVAL_ATTEMPT_FAILED_MS: duration.optional(),
  /** In transit, polling slows by this factor while the estimated delivery is more than POLL_FAR_ETA_MS away. */
  POLL_FAR_ETA_MS: duration.optional(),
  POLL_FAR_ETA_SLOWDOWN: z.coerce.number().min(1).max(100).optional(),
  /** While carrier pushes arrive (the latest within POLL_PUSH_FRESH_MS), polling slows by this factor. */
  POLL_PUSH_FRESH_MS: duration.optional(),
  POLL_PUSH_SLOWDOWN: z.coerce.number().min(1).max(100).optional(),

  SANDBOX_ENABLED: bool.optional(),
  /** How many times faster than real time sandbox timelines play. */
  SANDBOX_SPEED: z.coerce.number().positive().optional(),
  SANDBOX_SMTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  SANDBOX_SMTP_HOST: z.string().default('127.0.0.1'),
  /** Whether sandbox parcels push their events to Waybill's carrier webhooks, as real carriers do. */
  SANDBOX_PUSH_ENABLED: bool.optional(),
  SANDBOX_PUSH_TARGET: z.string().url().optional(),

  /** The bearer token Prometheus scrapes with (docs/observability.md); the API serves /metrics in production only with it. */
  METRICS_TOKEN: z.string().min(32, 'must be at least 32 characters').regex(/^\S+$/, 'must not contain spaces').optional(),
  /** The worker's metrics and health port; 0 turns it off. Default 9464 in production, off elsewhere. */
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  WORKER_METRICS_HOST: z.string().min(1).optional(),
  /** Loopback port where Temporal core serves its own metrics for the worker to pass on; 0 turns them off. */
  WORKER_TEMPORAL_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9465),
});

export type WaybillEnv = z.infer<typeof EnvSchema>['WAYBILL_ENV'];

/** The shipment workflow's polling schedule (see workflows/shipment/polling.ts). */
export type PollIntervals = Required<PollPolicy>;

export interface WaybillConfig {
  env: WaybillEnv;
  port: number;
  host: string;
  publicBaseUrl: string;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  /** OpenTelemetry tracing: on when a collector is given; the service name defaults to waybill-api or waybill-worker. */
  tracing: { otlpEndpoint?: string; serviceName?: string };
  /** HTTP hardening (docs/api-security.md): trusted proxies, request limits, and how long API key lookups are reused. */
  security: { trustProxy: TrustProxy; rateLimits: RateLimits; apiKeyCacheTtlMs: number };
  temporal: {
    address: string;
    namespace: string;
    uiUrl?: string;
    /** The Temporal UI's origin, allowed to call the codec endpoint from the browser. */
    uiOrigin?: string;
    /** PAYLOAD_ENCRYPTION_KEYS, validated: the data converter's key ring (docs/payload-encryption.md). */
    payloadEncryptionKeys: string;
  };
  /** The task queues a worker process polls (WORKER_TASK_QUEUES); the API ignores it. */
  workerTaskQueues: WorkerTaskQueues;
  mongodbUri: string;
  apiKeys: string | undefined;
  /** Customer tokens: keys in CUSTOMER_TOKEN_SECRETS form, and their default lifetime. */
  customerTokens: { secrets: string; ttlMs: number };
  /** The tracking page's live updates: the feed's retention, the replicas' poll interval, and stream caps (docs/tracking-page.md). */
  tracking: TrackingConfig;
  /**
   * The dashboard's sign-in sessions: the key their cookies are signed with (absent only in a
   * production worker, which has no dashboard; the API refuses to start without it), and whether
   * cookies are Secure (the public URL is https).
   */
  session: { secret?: string; secureCookies: boolean };
  supportAlertEmail?: string;
  mail: { smtpUrl: string; from: string };
  /** Branding on customer emails, SMS and push (BRAND_*). */
  brand: Brand;
  /** Carriers Waybill can track; one without credentials is simply absent. */
  carriers: CarrierConfigs;
  webhooks: WebhookSecrets;
  carrierHttpTimeoutMs: number;
  /** The payment provider holding escrowed money; absent when not configured (settlements then retry). */
  escrow?: EscrowProviderConfig;
  /** Where order status webhooks are sent; absent when status sync is off. */
  platformWebhooks?: PlatformWebhookConfig;
  /** The SMS provider; absent when not configured (production without SMS_*), and SMS is then not sent. */
  sms?: SmsProviderConfig;
  /** Where push notifications go; absent when not configured (push is then off). */
  pushNotifications?: PushNotificationConfig;
  /** How long a notification outbox claim protects a send before a retry may take it over. */
  outboxClaimLeaseMs: number;
  pollIntervals: PollIntervals;
  lifecycle: LifecyclePolicy;
  sandbox: { enabled: boolean; speed: number; smtpHost: string; smtpPort: number; push: { enabled: boolean; targetUrl: string } };
  /** Prometheus metrics (docs/observability.md). */
  metrics: MetricsConfig;
}

export interface MetricsConfig {
  /** METRICS_TOKEN: the bearer token scrapers send; absent, the API's /metrics is open outside production and off in it. */
  token?: string;
  /** The worker's /metrics and /health; 0 = no server. */
  workerPort: number;
  workerHost: string;
  /** Temporal core's own exporter, on 127.0.0.1; 0 = off. */
  temporalPort: number;
}

export interface TrackingConfig {
  updatesRetentionMs: number;
  eventsPollMs: number;
  maxStreamsPerToken: number;
  maxStreamsPerIp: number;
}

export interface OAuthCarrierConfig {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  maxCallsPerSecond: number;
}

export interface CarrierConfigs {
  ups?: OAuthCarrierConfig & { transactionSrc: string };
  fedex?: OAuthCarrierConfig;
  dhl?: { baseUrl: string; apiKey: string; maxCallsPerSecond: number };
  usps?: OAuthCarrierConfig;
}

export interface PushNotificationConfig {
  endpointUrl: string;
  /** `whsec_…`. */
  signingSecret: string;
  timeoutMs: number;
}

export interface SmsProviderConfig {
  /** Without `/2010-04-01`. */
  baseUrl: string;
  accountSid: string;
  authToken: string;
  /** Exactly one of `from` and `messagingServiceSid`. */
  from?: string;
  messagingServiceSid?: string;
  timeoutMs: number;
}

export interface PlatformWebhookConfig {
  url: string;
  /** `whsec_<base64>`. */
  secret: string;
  timeoutMs: number;
}

export interface EscrowProviderConfig {
  baseUrl: string;
  secretKey: string;
  timeoutMs: number;
}

export interface WebhookSecrets {
  upsCredential?: string;
  fedexSecret?: string;
  dhl: { header: string; token?: string };
  uspsSecret?: string;
  easypostSecret?: string;
  unmatchedRetentionMs: number;
  inboxRetentionMs: number;
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
    attemptFailedMs: 2 * HOUR,
    ...ADAPTIVE_POLL_DEFAULTS,
  },
  development: {
    preTransitMs: 5_000,
    inTransitMs: 5_000,
    outForDeliveryMs: 2_000,
    awaitingPickupMs: 5_000,
    exceptionMs: 5_000,
    failureBackoffMs: 30_000,
    attemptFailedMs: 3_000,
    // Sandbox time runs about 2,000× faster: two simulated days pass in under 90 real seconds.
    farEtaMs: 90_000,
    farEtaSlowdown: 2,
    pushFreshMs: 45_000,
    pushSlowdown: 4,
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

  const carriers = carrierConfigs(e, production, publicBaseUrl);
  if (production && Object.values(carriers).every((c) => c === undefined)) {
    throw new ConfigError('No carrier is configured: set the credentials of at least one (UPS_*, FEDEX_*, DHL_*, USPS_*).');
  }

  return {
    env: e.WAYBILL_ENV,
    port: e.PORT,
    host: e.HOST,
    publicBaseUrl,
    logLevel: e.LOG_LEVEL,
    tracing: { otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: e.OTEL_SERVICE_NAME },
    security: {
      trustProxy: e.TRUST_PROXY ?? false,
      rateLimits: {
        public: e.RATE_LIMIT_PUBLIC,
        webhooks: e.RATE_LIMIT_WEBHOOKS,
        customerTokens: e.RATE_LIMIT_CUSTOMER_TOKENS,
        resend: e.RATE_LIMIT_RESEND,
        refresh: e.RATE_LIMIT_REFRESH,
      },
      apiKeyCacheTtlMs: e.API_KEY_CACHE_TTL_MS,
    },
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      uiUrl: e.TEMPORAL_UI_URL,
      uiOrigin: e.TEMPORAL_UI_ORIGIN,
      // Outside production a key is made per process unless given (`npm run dev` keeps one in .data).
      payloadEncryptionKeys: payloadEncryptionKeys(required('PAYLOAD_ENCRYPTION_KEYS', e.PAYLOAD_ENCRYPTION_KEYS, generateDevPayloadEncryptionKeys()), production),
    },
    workerTaskQueues: workerTaskQueues(e.WORKER_TASK_QUEUES, carriers),
    mongodbUri: required('MONGODB_URI', e.MONGODB_URI, 'mongodb://127.0.0.1:27017/waybill'),
    apiKeys: production ? required('WAYBILL_API_KEYS', e.WAYBILL_API_KEYS, '') : e.WAYBILL_API_KEYS,
    // Outside production a key is made per process unless given (`npm run dev` keeps one in .data).
    customerTokens: { secrets: required('CUSTOMER_TOKEN_SECRETS', e.CUSTOMER_TOKEN_SECRETS, generateDevCustomerTokenSecrets()), ttlMs: e.CUSTOMER_TOKEN_TTL_MS },
    tracking: {
      updatesRetentionMs: e.ORDER_UPDATES_RETENTION_HOURS * 3_600_000,
      eventsPollMs: e.TRACKING_EVENTS_POLL_MS,
      maxStreamsPerToken: e.TRACKING_EVENTS_MAX_PER_TOKEN,
      maxStreamsPerIp: e.TRACKING_EVENTS_MAX_PER_IP,
    },
    // Outside production a secret per process: restarting the API signs everyone out of the dashboard.
    session: { secret: e.SESSION_SECRET ?? (production ? undefined : randomBytes(32).toString('base64url')), secureCookies: publicBaseUrl.startsWith('https:') },
    supportAlertEmail: e.SUPPORT_ALERT_EMAIL,
    brand: {
      name: e.BRAND_NAME,
      ...(e.BRAND_LOGO_URL ? { logoUrl: e.BRAND_LOGO_URL } : {}),
      ...(e.BRAND_PRIMARY_COLOR ? { primaryColor: e.BRAND_PRIMARY_COLOR } : {}),
      ...(e.BRAND_ACCENT_COLOR ? { accentColor: e.BRAND_ACCENT_COLOR } : {}),
      ...(e.BRAND_SUPPORT_EMAIL ? { supportEmail: e.BRAND_SUPPORT_EMAIL } : {}),
    },
    mail: {
      smtpUrl: required('SMTP_URL', e.SMTP_URL, `smtp://${e.SANDBOX_SMTP_HOST}:${e.SANDBOX_SMTP_PORT ?? 2525}`),
      from: e.MAIL_FROM,
    },
    carriers,
    webhooks: {
      upsCredential: devDefault(e.UPS_WEBHOOK_CREDENTIAL, production, 'sandbox-ups-webhook-credential'),
      fedexSecret: devDefault(e.FEDEX_WEBHOOK_SECRET, production, 'sandbox-fedex-webhook-secret'),
      dhl: { header: e.DHL_WEBHOOK_HEADER, token: devDefault(e.DHL_WEBHOOK_TOKEN, production, 'sandbox-dhl-webhook-token') },
      uspsSecret: devDefault(e.USPS_WEBHOOK_SECRET, production, 'sandbox-usps-webhook-secret'),
      easypostSecret: devDefault(e.EASYPOST_WEBHOOK_SECRET, production, 'sandbox-easypost-webhook-secret'),
      unmatchedRetentionMs: e.WEBHOOK_UNMATCHED_RETENTION_HOURS * 3_600_000,
      inboxRetentionMs: e.WEBHOOK_INBOX_RETENTION_DAYS * 24 * 3_600_000,
    },
    carrierHttpTimeoutMs: e.CARRIER_HTTP_TIMEOUT_MS,
    escrow: escrowProviderConfig(e, production, publicBaseUrl),
    platformWebhooks: platformWebhookConfig(e, production, sandboxEnabled, publicBaseUrl),
    sms: smsProviderConfig(e, production, publicBaseUrl),
    pushNotifications: pushNotificationConfig(e, production, publicBaseUrl),
    outboxClaimLeaseMs: outboxClaimLeaseMs(e, production),
    pollIntervals: {
      preTransitMs: e.POLL_INTERVAL_PRE_TRANSIT_MS ?? polls.preTransitMs,
      inTransitMs: e.POLL_INTERVAL_IN_TRANSIT_MS ?? polls.inTransitMs,
      outForDeliveryMs: e.POLL_INTERVAL_OUT_FOR_DELIVERY_MS ?? polls.outForDeliveryMs,
      awaitingPickupMs: e.POLL_INTERVAL_AWAITING_PICKUP_MS ?? polls.awaitingPickupMs,
      exceptionMs: e.POLL_INTERVAL_EXCEPTION_MS ?? polls.exceptionMs,
      failureBackoffMs: e.POLL_FAILURE_BACKOFF_MS ?? polls.failureBackoffMs,
      attemptFailedMs: e.POLL_INTERVAL_ATTEMPT_FAILED_MS ?? polls.attemptFailedMs,
      farEtaMs: e.POLL_FAR_ETA_MS ?? polls.farEtaMs,
      farEtaSlowdown: e.POLL_FAR_ETA_SLOWDOWN ?? polls.farEtaSlowdown,
      pushFreshMs: e.POLL_PUSH_FRESH_MS ?? polls.pushFreshMs,
      pushSlowdown: e.POLL_PUSH_SLOWDOWN ?? polls.pushSlowdown,
    },
    lifecycle: lifecyclePolicyFromEnv(env, production, e.SANDBOX_SPEED ?? 2000),
    sandbox: {
      enabled: sandboxEnabled,
      speed: e.SANDBOX_SPEED ?? 2000,
      smtpHost: e.SANDBOX_SMTP_HOST,
      smtpPort: e.SANDBOX_SMTP_PORT ?? 2525,
      push: { enabled: e.SANDBOX_PUSH_ENABLED ?? sandboxEnabled, targetUrl: (e.SANDBOX_PUSH_TARGET ?? `${publicBaseUrl}/v1/webhooks`).replace(/\/$/, '') },
    },
    metrics: metricsConfig(e, production),
  };
}

/**
 * Production serves the worker's metrics on 9464 (the port Prometheus' registry assigns to Node
 * exporters) on every interface, for the orchestrator's scraper and health check. Elsewhere the
 * port is off unless set: development and test machines run several workers side by side (test
 * stacks, the crash test's second worker), and a fixed port would stop all but the first.
 */
function metricsConfig(e: Env, production: boolean): MetricsConfig {
  const workerPort = e.WORKER_METRICS_PORT ?? (production ? 9464 : 0);
  const temporalPort = e.WORKER_TEMPORAL_METRICS_PORT;
  if (workerPort !== 0 && workerPort === temporalPort) {
    throw new ConfigError(`WORKER_METRICS_PORT and WORKER_TEMPORAL_METRICS_PORT are both ${workerPort}: Temporal core needs a port of its own (or 0 to turn its metrics off).`);
  }
  return { token: e.METRICS_TOKEN, workerPort, workerHost: e.WORKER_METRICS_HOST ?? (production ? '0.0.0.0' : '127.0.0.1'), temporalPort };
}

type Env = z.infer<typeof EnvSchema>;

/** `scheme://host[:port]` exactly, as browsers send it in `Origin`. */
function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}

function workerTaskQueues(spec: string | undefined, carriers: CarrierConfigs): WorkerTaskQueues {
  const configured = (Object.keys(carriers) as Carrier[]).filter((c) => carriers[c] !== undefined);
  try {
    return parseWorkerTaskQueues(spec, configured);
  } catch (err) {
    if (err instanceof WorkerTaskQueuesError) throw new ConfigError(err.message);
    throw err;
  }
}

/** A key ring that parses, and in production not the committed test key. */
function payloadEncryptionKeys(spec: string, production: boolean): string {
  let keys;
  try {
    keys = parsePayloadEncryptionKeys(spec);
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  if (production && holdsTestOnlyKey(keys)) throw new ConfigError('PAYLOAD_ENCRYPTION_KEYS holds the public test key: generate one for production (openssl rand -base64 32).');
  return spec;
}

/** Development points every credential at the sandbox; production takes only what it is given. */
const devDefault = (value: string | undefined, production: boolean, sandboxValue: string): string | undefined =>
  value ?? (production ? undefined : sandboxValue);

/** The sandbox's escrow provider key; the emulator accepts it and development sends it. */
export const SANDBOX_ESCROW_SECRET_KEY = 'sk_test_waybill_sandbox';

/**
 * Like a carrier: both values or neither (half a configuration is an error), and outside production
 * the sandbox's escrow emulator unless told otherwise.
 */
function escrowProviderConfig(e: Env, production: boolean, publicBaseUrl: string): EscrowProviderConfig | undefined {
  const baseUrl = e.ESCROW_PROVIDER_URL ?? (production ? undefined : `${publicBaseUrl}/sandbox/escrow`);
  const secretKey = e.ESCROW_PROVIDER_SECRET_KEY ?? (production ? undefined : SANDBOX_ESCROW_SECRET_KEY);
  if (Boolean(baseUrl) !== Boolean(secretKey)) throw new ConfigError('ESCROW_PROVIDER_URL and ESCROW_PROVIDER_SECRET_KEY must be set together.');
  return baseUrl && secretKey ? { baseUrl: baseUrl.replace(/\/$/, ''), secretKey, timeoutMs: e.ESCROW_HTTP_TIMEOUT_MS } : undefined;
}

/**
 * The secret the sandbox's platform webhook receiver verifies with, and development signs with.
 * Public, like every sandbox credential: production refuses it.
 */
export const SANDBOX_PLATFORM_WEBHOOK_SECRET = 'whsec_d2F5YmlsbC1zYW5kYm94LXBsYXRmb3JtLXdlYmhvb2s=';

/** Standard Webhooks secrets: `whsec_` and 24 to 64 bytes in base64. */
function isWebhookSecret(value: string): boolean {
  if (!value.startsWith('whsec_')) return false;
  try {
    new Webhook(value);
  } catch {
    return false;
  }
  const bytes = Buffer.from(value.slice('whsec_'.length), 'base64').length;
  return bytes >= 24 && bytes <= 64;
}

/**
 * Both values or neither. Neither: status sync is off, except outside production with the sandbox
 * on, where webhooks go to the sandbox's receiver signed with its secret. Production sends only
 * over https, and never with the public sandbox secret.
 */
function platformWebhookConfig(e: Env, production: boolean, sandboxEnabled: boolean, publicBaseUrl: string): PlatformWebhookConfig | undefined {
  const url = e.PLATFORM_WEBHOOK_URL;
  const secret = e.PLATFORM_WEBHOOK_SECRET;
  const timeoutMs = e.PLATFORM_WEBHOOK_TIMEOUT_MS;
  if (Boolean(url) !== Boolean(secret)) throw new ConfigError('PLATFORM_WEBHOOK_URL and PLATFORM_WEBHOOK_SECRET must be set together.');
  if (!url || !secret) {
    return !production && sandboxEnabled ? { url: `${publicBaseUrl}/sandbox/platform-webhooks`, secret: SANDBOX_PLATFORM_WEBHOOK_SECRET, timeoutMs } : undefined;
  }
  if (production && new URL(url).protocol !== 'https:') throw new ConfigError('PLATFORM_WEBHOOK_URL must be an https URL when WAYBILL_ENV=production.');
  if (production && secret === SANDBOX_PLATFORM_WEBHOOK_SECRET) throw new ConfigError('PLATFORM_WEBHOOK_SECRET is the public sandbox secret: generate one for production.');
  return { url, secret, timeoutMs };
}

/** The sandbox SMS emulator's credentials and sender; the emulator accepts them and development sends them. */
export const SANDBOX_SMS_ACCOUNT_SID = 'ACdecafbaddecafbaddecafbaddecafbad';
export const SANDBOX_SMS_AUTH_TOKEN = 'sandbox-sms-auth-token';
/** Twilio's test "From" number, valid in every numbering-plan check. */
export const SANDBOX_SMS_FROM = '+15005550006';
/** Where production sends SMS when only the credentials are given. */
export const TWILIO_API_URL = 'https://api.twilio.com';

/**
 * Outside production the sandbox's Twilio emulator unless told otherwise. Production sends SMS only
 * when given an account SID, auth token and a sender (the URL defaults to Twilio's); given none of
 * them, SMS is off. Half a configuration, or both a From number and a Messaging Service, is an error.
 */
function smsProviderConfig(e: Env, production: boolean, publicBaseUrl: string): SmsProviderConfig | undefined {
  if (e.SMS_FROM && e.SMS_MESSAGING_SERVICE_SID) throw new ConfigError('Set SMS_FROM or SMS_MESSAGING_SERVICE_SID, not both.');
  if (Boolean(e.SMS_ACCOUNT_SID) !== Boolean(e.SMS_AUTH_TOKEN)) throw new ConfigError('SMS_ACCOUNT_SID and SMS_AUTH_TOKEN must be set together.');
  const given = [e.SMS_PROVIDER_URL, e.SMS_ACCOUNT_SID, e.SMS_FROM, e.SMS_MESSAGING_SERVICE_SID].some(Boolean);
  if (production && !given) return undefined;
  const accountSid = e.SMS_ACCOUNT_SID ?? (production ? undefined : SANDBOX_SMS_ACCOUNT_SID);
  const authToken = e.SMS_AUTH_TOKEN ?? (production ? undefined : SANDBOX_SMS_AUTH_TOKEN);
  const sender = e.SMS_MESSAGING_SERVICE_SID ? { messagingServiceSid: e.SMS_MESSAGING_SERVICE_SID } : { from: e.SMS_FROM ?? (production ? undefined : SANDBOX_SMS_FROM) };
  if (!accountSid || !authToken || !(sender.messagingServiceSid || sender.from)) {
    throw new ConfigError('SMS needs SMS_ACCOUNT_SID, SMS_AUTH_TOKEN and SMS_FROM or SMS_MESSAGING_SERVICE_SID (set none to turn SMS off).');
  }
  const baseUrl = e.SMS_PROVIDER_URL ?? (production ? TWILIO_API_URL : `${publicBaseUrl}/sandbox/twilio`);
  return { baseUrl: baseUrl.replace(/\/+$/, ''), accountSid, authToken, ...sender, timeoutMs: e.SMS_HTTP_TIMEOUT_MS };
}

/**
 * Tests shorten the lease so a crashed send is taken over in seconds. Production keeps it at least
 * the send's start-to-close timeout: a shorter lease could let a retry take over, and send again, a
 * message whose first attempt is still talking to an SMTP server that has no idempotency key.
 */
function outboxClaimLeaseMs(e: Env, production: boolean): number {
  if (production && e.OUTBOX_CLAIM_LEASE_MS < NOTIFICATION_SEND_TIMEOUT_MS) {
    throw new ConfigError(`OUTBOX_CLAIM_LEASE_MS must be at least ${NOTIFICATION_SEND_TIMEOUT_MS} (the send's timeout) when WAYBILL_ENV=production.`);
  }
  return e.OUTBOX_CLAIM_LEASE_MS;
}

/** The sandbox's push signing secret (32 bytes): the mobile-push emulator verifies with it and development signs with it. */
export const SANDBOX_PUSH_SIGNING_SECRET = 'whsec_d2F5YmlsbC1zYW5kYm94LW1vYmlsZS1wdXNoLWtleSE=';

/**
 * Like escrow: both values or neither, and outside production the sandbox's mobile-push emulator
 * unless told otherwise. Production sends only over https. The secret is Standard Webhooks' `whsec_`
 * and base64 of 24 to 64 bytes, checked here so a bad one fails at start, not at the first push.
 */
function pushNotificationConfig(e: Env, production: boolean, publicBaseUrl: string): PushNotificationConfig | undefined {
  const endpointUrl = e.PUSH_ENDPOINT_URL ?? (production ? undefined : `${publicBaseUrl}/sandbox/mobile-push/v1/notifications`);
  const signingSecret = e.PUSH_SIGNING_SECRET ?? (production ? undefined : SANDBOX_PUSH_SIGNING_SECRET);
  if (Boolean(endpointUrl) !== Boolean(signingSecret)) throw new ConfigError('PUSH_ENDPOINT_URL and PUSH_SIGNING_SECRET must be set together.');
  if (!endpointUrl || !signingSecret) return undefined;
  if (production && new URL(endpointUrl).protocol !== 'https:') throw new ConfigError('PUSH_ENDPOINT_URL must be an https URL when WAYBILL_ENV=production.');
  const key = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(signingSecret)?.[1];
  const bytes = key && Buffer.from(key, 'base64');
  if (!key || !bytes || bytes.toString('base64') !== key || bytes.length < 24 || bytes.length > 64) {
    throw new ConfigError('PUSH_SIGNING_SECRET must be whsec_ followed by the base64 of 24 to 64 random bytes.');
  }
  return { endpointUrl, signingSecret, timeoutMs: e.PUSH_HTTP_TIMEOUT_MS };
}

/**
 * A carrier is configured when its credentials are (all of them: half a configuration is an error).
 * Outside production every carrier points at its sandbox emulator unless told otherwise.
 */
/**
 * Task-queue rate limits default to each carrier's published per-second limit in production (DHL's
 * starter tier allows 1 call a second). Quotas per hour or day are the carrier's to enforce: their
 * 429s and Retry-After slow the poller down. Development talks to the sandbox, whose clock runs
 * thousands of times faster, so it allows more; Temporal's server-side limiter is also imprecise
 * at rates around 1 a second (temporalio/temporal#3145), which stalled sandbox parcels for minutes.
 */
function carrierConfigs(e: Env, production: boolean, publicBaseUrl: string): CarrierConfigs {
  const sandbox = (carrier: string) => (production ? undefined : `${publicBaseUrl}/sandbox/${carrier}`);
  const oauth = (carrier: string, baseUrl?: string, clientId?: string, clientSecret?: string) => {
    const values = {
      baseUrl: baseUrl ?? sandbox(carrier),
      clientId: clientId ?? (production ? undefined : `sandbox-${carrier}-client`),
      clientSecret: clientSecret ?? (production ? undefined : `sandbox-${carrier}-secret`),
    };
    const given = Object.values(values).filter(Boolean).length;
    if (given === 0) return undefined;
    if (given < 3) {
      const prefix = carrier.toUpperCase();
      throw new ConfigError(`${prefix}_BASE_URL, ${prefix}_CLIENT_ID and ${prefix}_CLIENT_SECRET must be set together.`);
    }
    return values as { baseUrl: string; clientId: string; clientSecret: string };
  };
  const ups = oauth('ups', e.UPS_BASE_URL, e.UPS_CLIENT_ID, e.UPS_CLIENT_SECRET);
  const fedex = oauth('fedex', e.FEDEX_BASE_URL, e.FEDEX_CLIENT_ID, e.FEDEX_CLIENT_SECRET);
  const usps = oauth('usps', e.USPS_BASE_URL, e.USPS_CLIENT_ID, e.USPS_CLIENT_SECRET);
  const dhlBase = e.DHL_BASE_URL ?? sandbox('dhl');
  const dhlKey = e.DHL_API_KEY ?? (production ? undefined : 'sandbox-dhl-api-key');
  if (Boolean(dhlBase) !== Boolean(dhlKey)) throw new ConfigError('DHL_BASE_URL and DHL_API_KEY must be set together.');
  const strip = (url: string) => url.replace(/\/$/, '');
  return {
    ups: ups && { ...ups, baseUrl: strip(ups.baseUrl), transactionSrc: e.UPS_TRANSACTION_SRC, maxCallsPerSecond: e.UPS_MAX_CALLS_PER_SECOND },
    fedex: fedex && { ...fedex, baseUrl: strip(fedex.baseUrl), maxCallsPerSecond: e.FEDEX_MAX_CALLS_PER_SECOND },
    dhl: dhlBase && dhlKey ? { baseUrl: strip(dhlBase), apiKey: dhlKey, maxCallsPerSecond: e.DHL_MAX_CALLS_PER_SECOND ?? (production ? 1 : 10) } : undefined,
    usps: usps && { ...usps, baseUrl: strip(usps.baseUrl), maxCallsPerSecond: e.USPS_MAX_CALLS_PER_SECOND ?? (production ? 1 : 5) },
  };
}
