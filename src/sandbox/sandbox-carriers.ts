import { Carrier } from '../../workflows/shared/vocabulary';
import { newUpsTrackingNumber } from './ups/ups-tracking-numbers';

/** Carriers the sandbox emulates so far; the others are refused with a clear message. */
export const SANDBOX_CARRIERS = [Carrier.UPS] as const;
export type SandboxCarrier = (typeof SANDBOX_CARRIERS)[number];

const TRACKING_NUMBER_GENERATORS: Readonly<Record<SandboxCarrier, () => string>> = {
  ups: () => newUpsTrackingNumber(),
};

/** A fresh, well-formed tracking number in the carrier's own format. */
export function newSandboxTrackingNumber(carrier: SandboxCarrier): string {
  return TRACKING_NUMBER_GENERATORS[carrier]();
}
