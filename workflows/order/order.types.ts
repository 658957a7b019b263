import type { EstimatedDelivery, ProofOfDelivery } from '../shared/tracking';
import type { Carrier, EscrowState, Milestone, OrderStatus, ShipmentStatus } from '../shared/vocabulary';
import type { PollPolicy } from '../shipment/polling';

/** Who asked for a change. `keyId` names an API key without revealing it. */
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
  escrow: { state: EscrowState; amount?: number; currency?: string };
  shipments: OrderShipment[];
  history: OrderHistoryEntry[];
  /** Notification keys (`milestone` or `milestone:shipmentId`) already handed to the outbox. */
  notified: string[];
  revision: number;
}

export interface OrderWorkflowInput {
  order: OrderDetails;
  /** Fingerprint of the create request, so a repeat with a different body can be told apart. */
  requestHash: string;
  pollPolicy: PollPolicy;
  /** Present after continue-as-new. */
  state?: OrderState;
  /** Test hook: continue-as-new once history reaches this length, instead of waiting for Temporal's hint. */
  continueAsNewAtHistoryLength?: number;
}

export type OrderEffect =
  | { type: 'notify'; milestone: Milestone; shipmentId?: string }
  | { type: 'startShipment'; shipmentId: string };

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
}
