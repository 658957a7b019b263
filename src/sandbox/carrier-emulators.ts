import type { CarrierEmulator } from './carrier-emulator';
import { DHL_EMULATOR } from './dhl/dhl-emulator';
import { FEDEX_EMULATOR } from './fedex/fedex-emulator';
import { UPS_EMULATOR } from './ups/ups-emulator';
import { USPS_EMULATOR } from './usps/usps-emulator';

/** Every carrier the sandbox emulates. Adding a carrier is one line here. */
export const CARRIER_EMULATORS = [UPS_EMULATOR, DHL_EMULATOR, FEDEX_EMULATOR, USPS_EMULATOR] as const satisfies readonly CarrierEmulator[];
