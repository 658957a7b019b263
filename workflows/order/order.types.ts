import type { NotificationDetails } from '../../activities/notifications/notification.types';
import type { EscrowAction } from '../../activities/escrow/escrow.types';
import type { SupportAlertKind } from '../shared/support-alert-kinds';
import type { LifecyclePolicy } from '../shared/lifecycle-policy';
import type { EstimatedDelivery, PickupDetails, ProofOfDelivery } from '../shared/tracking';
import type { Carrier, EscrowState, Milestone, NotificationChannel, OrderStatus, ShipmentStatus } from '../shared/vocabulary';
import type { PollPolicy } from '../shipment/polling';

/** Who asked for a change. `keyId` names an API key (or a customer token's ID) without revealing it. */
export interface Actor {
  role: 'platform' | 'support' | 'admin' | 'customer' | 'system';
  keyId?: string;
}

/** Personal data: it stays in workflow payloads and the outbox, never in IDs, search attributes or logs. */
export interface CustomerContact {
  name: string;
  email: string;
  phone?: string;
  /** BCP 47, e.g. `en-US`. */
  locale?: string;
  /** IANA, e.g. `America/New_York`. */
  timeZone?: string;
  /** The platform's own opaque customer ID: the key of notification preferences and of push. */
  customerRef?: string;
}

export interface OrderDetails {
  orderId: string;
  customer: CustomerContact;
  /** `YYYY-MM-DD`. */
  promisedDeliveryDate?: string;
  /** Amount in minor units (cents). */
  escrow?: { amount: number; currency: string };
}

export interface OrderShipment {
  shipmentId: string;
  carrier: Carrier;
  trackingNumber: string;
  trackingUrl: string;
  status: ShipmentStatus;
  ladderStatus: ShipmentStatus;
  /** Revision of the last shipment update applied; older or repeated updates are ignored. */
  revision: number;
  estimatedDelivery?: EstimatedDelivery;
  proofOfDelivery?: ProofOfDelivery;
  /** Carrier time of the parcel's newest scan. */
  lastEventAt?: string;
  addedAt: string;
  /** Lifecycle facts the parcel reported (see ShipmentUpdate). */
  attempts?: number;
  pickup?: PickupDetails;
  stallCount?: number;
  stalled?: boolean;
  attemptOverdue?: boolean;
  deliveryConfirmedBy?: 'push_and_poll' | 'two_polls' | 'manual';
  deliveryUnconfirmedOverdue?: boolean;
  declaredLost?: boolean;
  /** An admin marked the parcel delivered, with proof; nothing the carrier says later undoes it. */
  manualDelivery?: { at: string; keyId?: string; note: string; reference?: string };
}

export interface EscrowView {
  state: EscrowState;
  amount?: number;
  currency?: string;
  /** While `release_scheduled`: when the dispute window ends and the money is released. */
  releaseAt?: string;
  /** An admin stopped automatic release; only an admin releases now. */
  onHold?: boolean;
  /** A release or refund handed to the provider and not yet settled. */
  pending?: EscrowAction;
  /** Some parcels arrived and some did not: an admin decides between release and refund. */
  decisionNeeded?: boolean;
  transactionId?: string;
  settledAt?: string;
}

export interface Dispute {
  openedAt: string;
  reason: string;
  resolvedAt?: string;
  resolution?: 'released' | 'refunded';
}

export interface Delay {
  reason: 'estimate_slipped' | 'promise_missed';
  /** The new expected day, `YYYY-MM-DD`, when the carrier gives one. */
  newDate?: string;
  since: string;
}

export interface OrderHistoryEntry {
  at: string;
  type: string;
  actor?: Actor;
  detail?: string;
}

export interface OrderState {
  orderId: string;
  customer: CustomerContact;
  promisedDeliveryDate?: string;
  createdAt: string;
  status: OrderStatus;
  ladderStatus: OrderStatus;
  delayed: boolean;
  escrow: EscrowView;
  shipments: OrderShipment[];
  history: OrderHistoryEntry[];
  /** Notification keys (`milestone` or `milestone:shipmentId`) already handed to the outbox. */
  notified: string[];
  /** What each notified key's message said (a delay's new date, an attempt's next step), for resends. */
  notifiedDetails?: Record<string, NotificationDetails>;
  /** Resends ordered so far, by `notified key|channel`; each resend is a new outbox revision. */
  resends?: Record<string, number>;
  revision: number;
  /** Lifecycle state; absent in runs that started before the lifecycle existed. */
  delay?: Delay;
  /** The promised day passed without a delivery. */
  promiseMissed?: boolean;
  dispute?: Dispute;
  customerConfirmedAt?: string;
  /** Support alerts already raised, by `kind:shipmentId:occurrence`. */
  alerted?: string[];
  /** Messages sent per `channel:customer-local day`, for the daily cap; only the latest day is kept. */
  notificationCounts?: Record<string, number>;
  /** The last status webhook sent to the platform: its sequence, and what it said. */
  platformSync?: { sequence: number; status: OrderStatus; escrowState: EscrowState };
}

export interface OrderWorkflowInput {
  order: OrderDetails;
  /** Fingerprint of the create request, so a repeat with a different body can be told apart. */
  requestHash: string;
  pollPolicy: PollPolicy;
  /** Absent in runs started before the lifecycle existed; those get the defaults. */
  lifecycle?: LifecyclePolicy;
  /** Present after continue-as-new. */
  state?: OrderState;
  /** Test hook: continue-as-new once history reaches this length, instead of waiting for Temporal's hint. */
  continueAsNewAtHistoryLength?: number;
}

export type OrderEffect =
  | {
      type: 'notify';
      milestone: Milestone;
      shipmentId?: string;
      revision?: string;
      details?: NotificationDetails;
      /** A resend: only this channel, and not counted against the daily cap (support asked for it). */
      resendOn?: NotificationChannel;
    }
  | { type: 'startShipment'; shipmentId: string }
  | { type: 'alert'; kind: SupportAlertKind; shipmentId?: string; occurrence: string; detail: string }
  | { type: 'settleEscrow'; action: EscrowAction; reason: string }
  | { type: 'markShipmentDelivered'; shipmentId: string; keyId?: string; note: string };

export interface OrderChange {
  state: OrderState;
  effects: OrderEffect[];
  changed: boolean;
}

/** The order as the API and support staff see it. No customer contact details. */
export interface OrderView {
  orderId: string;
  status: OrderStatus;
  delayed: boolean;
  promisedDeliveryDate?: string;
  createdAt: string;
  escrow: OrderState['escrow'];
  shipments: OrderShipment[];
  history: OrderHistoryEntry[];
  revision: number;
  delay?: Delay;
  dispute?: Dispute;
  customerConfirmedAt?: string;
}
