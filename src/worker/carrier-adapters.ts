import type { CarrierCallRecorder } from '../../activities/activity-metrics';
import type { CarrierAdapter } from '../../activities/carriers/carrier-adapter';
import { DhlAdapter } from '../../activities/carriers/dhl/dhl.adapter';
import { FedexAdapter } from '../../activities/carriers/fedex/fedex.adapter';
import { UpsAdapter } from '../../activities/carriers/ups/ups.adapter';
import { UspsAdapter } from '../../activities/carriers/usps/usps.adapter';
import type { Carrier } from '../../workflows/shared/vocabulary';
import type { WaybillConfig } from '../config/config';

export interface ConfiguredCarrier {
  adapter: CarrierAdapter;
  /** The carrier's task-queue rate limit, shared by every worker. */
  maxCallsPerSecond: number;
}

/** One adapter per carrier that has credentials; the others are simply not tracked. */
export function buildCarrierAdapters(config: WaybillConfig, metrics?: CarrierCallRecorder): Partial<Record<Carrier, ConfiguredCarrier>> {
  const { carriers, carrierHttpTimeoutMs: timeoutMs } = config;
  const configured: Partial<Record<Carrier, ConfiguredCarrier>> = {};
  if (carriers.ups) {
    configured.ups = { adapter: new UpsAdapter({ ...carriers.ups, timeoutMs, metrics }), maxCallsPerSecond: carriers.ups.maxCallsPerSecond };
  }
  if (carriers.fedex) {
    configured.fedex = { adapter: new FedexAdapter({ ...carriers.fedex, timeoutMs, metrics }), maxCallsPerSecond: carriers.fedex.maxCallsPerSecond };
  }
  if (carriers.dhl) {
    configured.dhl = { adapter: new DhlAdapter({ baseUrl: carriers.dhl.baseUrl, apiKey: carriers.dhl.apiKey, timeoutMs, metrics }), maxCallsPerSecond: carriers.dhl.maxCallsPerSecond };
  }
  if (carriers.usps) {
    configured.usps = { adapter: new UspsAdapter({ ...carriers.usps, timeoutMs, metrics }), maxCallsPerSecond: carriers.usps.maxCallsPerSecond };
  }
  return configured;
}
