import type { Brand } from '../../activities/notifications/templates/brand';
import type { WaybillConfig } from '../config/config';

export const TRACKING_OPTIONS = Symbol('waybill:tracking-options');

/** The tracking page's and event streams' settings (docs/tracking-page.md). */
export interface TrackingOptions {
  /** How often the replica's shared poller reads the update feed while anyone listens. */
  pollIntervalMs: number;
  /** A comment line this often keeps proxies and phones from dropping a quiet stream. */
  heartbeatMs: number;
  /** Open streams per customer token, and per client IP, on this replica. */
  maxStreamsPerToken: number;
  maxStreamsPerIp: number;
  /** The most revisions a reconnecting client is replayed at once; the poller delivers the rest. */
  replayLimit: number;
  /** Links on the page are built from its path, so the API may sit below a path prefix. */
  publicBaseUrl: string;
  brand: Brand;
}

export const HEARTBEAT_MS = 15_000;
export const REPLAY_LIMIT = 100;

export const trackingOptions = (config: Pick<WaybillConfig, 'tracking' | 'publicBaseUrl' | 'brand'>): TrackingOptions => ({
  pollIntervalMs: config.tracking.eventsPollMs,
  heartbeatMs: HEARTBEAT_MS,
  maxStreamsPerToken: config.tracking.maxStreamsPerToken,
  maxStreamsPerIp: config.tracking.maxStreamsPerIp,
  replayLimit: REPLAY_LIMIT,
  publicBaseUrl: config.publicBaseUrl,
  brand: config.brand,
});
