import type { LifecyclePolicy } from '../shared/lifecycle-policy';
import type { PollPolicy } from './polling';
import type { NewShipment, ShipmentState } from './shipment.state';

export interface ShipmentWorkflowInput {
  shipment: NewShipment;
  pollPolicy: PollPolicy;
  /** Absent in runs started before the lifecycle existed; those get the defaults. */
  lifecycle?: LifecyclePolicy;
  /** Present after continue-as-new. */
  state?: ShipmentState;
  /** Test hook: continue-as-new once history reaches this length, instead of waiting for Temporal's hint. */
  continueAsNewAtHistoryLength?: number;
}

/** A shipment as the API, the read model and support staff see it: its state without poll bookkeeping. */
export type ShipmentView = Omit<ShipmentState, 'lastPollDigest' | 'lastPushAt'>;

export function toShipmentView(state: ShipmentState): ShipmentView {
  const { lastPollDigest: _digest, lastPushAt: _push, ...view } = state;
  return view;
}
