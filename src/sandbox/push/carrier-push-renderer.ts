import type { SandboxParcel } from '../parcels/sandbox-parcel.schema';
import type { SandboxCarrier } from '../sandbox-carriers';
import type { Scenario } from '../scenarios';
import type { Timeline, VisibleStep } from '../timeline';

/** One HTTP request a carrier would send to a webhook subscriber. */
export interface PushMessage {
  /** Every header the carrier sends, authentication included; `content-type` too. */
  headers: Record<string, string>;
  /** The exact bytes to send (and that any signature covers). */
  body: string;
}

export interface PushRenderInput {
  parcel: SandboxParcel;
  scenario: Scenario;
  /** The whole played timeline as of now, for carriers that push the full record. */
  timeline: Timeline;
  /** The steps that became visible since the last push, oldest first; never empty. */
  newSteps: VisibleStep[];
}

/**
 * Turns newly visible steps of a parcel into the webhook requests the carrier would send, in its own
 * payload format and signed with its own scheme. The push dispatcher handles delivery and retries.
 */
export interface CarrierPushRenderer {
  readonly carrier: SandboxCarrier;
  render(input: PushRenderInput): PushMessage[];
}

/** The secrets each emulated carrier signs its pushes with; the same values Waybill verifies. */
export interface SandboxPushSecrets {
  /** UPS Track Alert: sent verbatim in the `credential` header. */
  upsCredential: string;
  /** FedEx AIV: the project's security token, key of the `fdx-signature` HMAC. */
  fedexSecret: string;
  /** DHL Push: the header name and token chosen at subscription. */
  dhl: { header: string; token: string };
  /** USPS subscriptions: key of the `X-HMAC` signature. */
  uspsSecret: string;
}
