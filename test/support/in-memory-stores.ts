import type { ClaimOutcome, EmailSender, Outbox, OutgoingEmail } from '../../activities/notifications/outbox';
import type { ReadModelStore } from '../../activities/read-model/read-model.activities';
import type { OrderView } from '../../workflows/order/order.types';
import type { ShipmentView } from '../../workflows/shipment/shipment.types';

/** Keeps the newest revision of each document, like the MongoDB repository does. */
export class InMemoryReadModel implements ReadModelStore {
  readonly orders = new Map<string, OrderView>();
  readonly shipments = new Map<string, ShipmentView>();

  async upsertOrder(order: OrderView): Promise<boolean> {
    if ((this.orders.get(order.orderId)?.revision ?? 0) < order.revision) this.orders.set(order.orderId, order);
    return this.orders.get(order.orderId)?.revision === order.revision;
  }

  async upsertShipment(shipment: ShipmentView): Promise<void> {
    if ((this.shipments.get(shipment.shipmentId)?.revision ?? 0) < shipment.revision) this.shipments.set(shipment.shipmentId, shipment);
  }
}

/** Claims never expire here: a test that needs a takeover calls `release`, as a lease expiry would. */
export class InMemoryOutbox implements Outbox {
  readonly entries = new Map<string, 'claimed' | 'released' | 'sent' | 'failed' | 'skipped'>();

  async claim(key: string): Promise<ClaimOutcome> {
    const state = this.entries.get(key);
    if (state === 'sent' || state === 'failed' || state === 'skipped') return state;
    if (state === 'claimed') return 'in_flight';
    this.entries.set(key, 'claimed');
    return 'claimed';
  }

  async release(key: string): Promise<void> {
    if (this.entries.get(key) === 'claimed') this.entries.set(key, 'released');
  }

  async markSent(key: string): Promise<void> {
    this.entries.set(key, 'sent');
  }

  async markFailed(key: string): Promise<void> {
    this.entries.set(key, 'failed');
  }

  async markSkipped(key: string): Promise<void> {
    if (!this.entries.has(key)) this.entries.set(key, 'skipped');
  }
}

export class RecordingEmailSender implements EmailSender {
  readonly sent: OutgoingEmail[] = [];
  private readonly script: Error[] = [];

  /** The next sends fail with these errors, in order, as an SMTP server's refusals would; nothing is recorded for them. */
  failNext(...errors: Error[]): this {
    this.script.push(...errors);
    return this;
  }

  async send(email: OutgoingEmail): Promise<{ providerMessageId: string }> {
    const failure = this.script.shift();
    if (failure) throw failure;
    this.sent.push(email);
    return { providerMessageId: email.messageId };
  }
}
