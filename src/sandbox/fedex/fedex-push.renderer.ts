import { createHash, createHmac } from 'node:crypto';
import type { CarrierPushRenderer, PushMessage, PushRenderInput } from '../push/carrier-push-renderer';
import type { StepKind } from '../scenario.types';
import { playTimeline, type Timeline } from '../timeline';
import { renderFedexTrackResult } from './fedex-render';
import type { FedexTrackResponse } from './fedex-track.types';

export interface FedexPushOptions {
  /**
   * FedEx warns that AIV notifications arrive out of order. 'as-happened' (the default) sends a
   * batch of new steps oldest first; 'newest-first' sends it backwards, to exercise a receiver.
   */
  order?: 'as-happened' | 'newest-first';
}

const DELIVERY_KINDS: ReadonlySet<StepKind> = new Set<StepKind>([
  'delivered',
  'delivered_signed',
  'picked_up_by_customer',
  'returned_to_sender',
]);

/**
 * FedEx Advanced Integrated Visibility, as Waybill chose to model it (docs/carriers/fedex.md): one
 * notification per milestone, each carrying the parcel's whole trackResult as of that milestone in
 * the Track API's own wrapper, signed with `fdx-signature` = Base64(HMAC-SHA256(security token, body)).
 *
 * Like FedEx, it repeats itself: every notification carries the earlier scans again, and a delivery
 * is announced twice, first without and then with the proof of delivery ("several payloads can
 * belong to one milestone"). Rendering is deterministic, so a retried notification is the same bytes.
 */
export class FedexPushRenderer implements CarrierPushRenderer {
  readonly carrier = 'fedex' as const;

  constructor(
    private readonly securityToken: string,
    private readonly options: FedexPushOptions = {},
  ) {}

  render({ parcel, scenario, timeline, newSteps }: PushRenderInput): PushMessage[] {
    const firstNew = timeline.steps.length - newSteps.length;
    const messages = newSteps.flatMap((step, i) => {
      const index = firstNew + i;
      const asOfStep: Timeline = {
        ...playTimeline({ createdAt: parcel.createdAt, speed: parcel.speed, scenario }, step.occurredAt),
        steps: timeline.steps.slice(0, index + 1),
      };
      const notice = (proofOfDeliveryPending: boolean, variant: string): PushMessage[] => {
        const result = renderFedexTrackResult({
          trackingNumber: parcel.trackingNumber,
          scenario,
          timeline: asOfStep,
          includeDetailedScans: true,
          proofOfDeliveryPending,
        });
        if (!result) return [];
        const body: FedexTrackResponse = {
          transactionId: stableUuid(`${parcel.trackingNumber}:${index}:${variant}`),
          output: { completeTrackResults: [{ trackingNumber: parcel.trackingNumber, trackResults: [result] }] },
        };
        return [this.sign(JSON.stringify(body))];
      };
      return DELIVERY_KINDS.has(step.kind)
        ? [...notice(true, 'delivered'), ...notice(false, 'proof-of-delivery')]
        : notice(false, 'milestone');
    });
    return this.options.order === 'newest-first' ? messages.reverse() : messages;
  }

  private sign(body: string): PushMessage {
    const signature = createHmac('sha256', this.securityToken).update(body, 'utf8').digest('base64');
    return { headers: { 'content-type': 'application/json', 'fdx-signature': signature }, body };
  }
}

/** A UUID-shaped id derived from its seed, so a re-rendered notification keeps its id. */
function stableUuid(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
