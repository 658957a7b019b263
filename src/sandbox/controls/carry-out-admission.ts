import type { Admission, CarrierFault } from './carrier-controls';

/** How one carrier words the refusals the controls decide on. */
export interface CarrierRefusals {
  /** The carrier's own answer to a call over its rate limit or quota. */
  rateLimited(refusal: Extract<Admission, { outcome: 'rate_limited' }>): Error;
  /** A forced HTTP error, in the carrier's envelope. */
  forcedStatus(fault: Extract<CarrierFault, { kind: 'status' }>): Error;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Carries out the controls' verdict on a call: waits out latency and slow faults, throws the
 * carrier's refusal, and says whether the answer must be cut off once rendered (a `malformed` fault).
 */
export async function carryOutAdmission(admission: Admission, refusals: CarrierRefusals): Promise<'serve' | 'malformed'> {
  if (admission.delayMs > 0) await sleep(admission.delayMs);
  if (admission.outcome === 'rate_limited') throw refusals.rateLimited(admission);
  if (admission.outcome === 'serve') return 'serve';
  const { fault } = admission;
  if (fault.kind === 'malformed') return 'malformed';
  if (fault.kind === 'slow') {
    await sleep(fault.delayMs);
    return 'serve';
  }
  throw refusals.forcedStatus(fault);
}
