/**
 * B3's baseline: the least Temporal can do with a pushed update. Wait for one signal, run one
 * activity that only notes the time, finish. Waybill's push path (signal → order workflow →
 * read model and notification activities) is measured against this on the same server.
 */
import { condition, defineSignal, proxyActivities, setHandler } from '@temporalio/workflow';

export interface B3BareActivities {
  noteHandled(probeId: string): Promise<void>;
}

export const handOverSignal = defineSignal('handOver');

const { noteHandled } = proxyActivities<B3BareActivities>({ startToCloseTimeout: '30 seconds' });

export async function b3SignalToActivity(probeId: string): Promise<void> {
  let signalled = false;
  setHandler(handOverSignal, () => {
    signalled = true;
  });
  await condition(() => signalled);
  await noteHandled(probeId);
}
