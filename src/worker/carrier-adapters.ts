import type { CarrierAdapter } from '../../activities/carriers/carrier-adapter';
import { UpsAdapter } from '../../activities/carriers/ups/ups.adapter';
import type { Carrier } from '../../workflows/shared/vocabulary';
import type { WaybillConfig } from '../config/config';

export interface ConfiguredCarrier {
  adapter: CarrierAdapter;
  /** The carrier's task-queue rate limit, shared by every worker. */
  maxCallsPerSecond: number;
}

/** One adapter per carrier that has credentials; the others are simply not tracked. */
export function buildCarrierAdapters(config: WaybillConfig): Partial<Record<Carrier, ConfiguredCarrier>> {
  const { carriers, carrierHttpTimeoutMs: timeoutMs } = config;
  const configured: Partial<Record<Carrier, ConfiguredCarrier>> = {};
  if (carriers.ups) {
    configured.ups = { adapter: new UpsAdapter({ ...carriers.ups, timeoutMs }), maxCallsPerSecond: carriers.ups.maxCallsPerSecond };
  }
  return configured;
}
