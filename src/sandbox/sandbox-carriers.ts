import type { Carrier } from '../../workflows/shared/vocabulary';
import { newDhlTrackingNumber } from './dhl/dhl-tracking-numbers';
import { newFedexTrackingNumber } from './fedex/fedex-tracking-numbers';
import { newUpsTrackingNumber } from './ups/ups-tracking-numbers';
import { newUspsTrackingNumber } from './usps/usps-tracking-numbers';

/**
 * The carriers the sandbox emulates, each with a generator of fresh, valid tracking numbers in the
 * carrier's own format. Kept apart from the emulators' Nest parts so parcels and schemas can use it
 * without importing controllers.
 */
const TRACKING_NUMBER_GENERATORS: Partial<Record<Carrier, () => string>> = {
  ups: newUpsTrackingNumber,
  dhl: newDhlTrackingNumber,
  fedex: newFedexTrackingNumber,
  usps: newUspsTrackingNumber,
};

export type SandboxCarrier = Carrier;
export const SANDBOX_CARRIERS = Object.keys(TRACKING_NUMBER_GENERATORS) as SandboxCarrier[];

export function isSandboxCarrier(carrier: string): carrier is SandboxCarrier {
  return (SANDBOX_CARRIERS as readonly string[]).includes(carrier);
}

/** A fresh, well-formed tracking number in the carrier's own format. */
export function newSandboxTrackingNumber(carrier: SandboxCarrier): string {
  const generate = TRACKING_NUMBER_GENERATORS[carrier];
  if (!generate) throw new Error(`The sandbox does not emulate ${carrier}`);
  return generate();
}
