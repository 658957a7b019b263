import { utcOffsetMinutes } from '../places';
import type { CarrierPushRenderer, PushMessage, PushRenderInput } from '../push/carrier-push-renderer';
import { renderActivities } from './ups-render';
import { upsLocalDate } from './ups-time';

/**
 * UPS Track Alert (UPSTrackAlert.yaml): one flat JSON event per activity, authenticated by the
 * opaque credential set on the subscription, sent back in the `credential` header. Activities are
 * rendered by the same code as Track responses, so a push and a poll describe a scan identically.
 */
export class UpsPushRenderer implements CarrierPushRenderer {
  readonly carrier = 'ups' as const;

  constructor(private readonly credential: string) {}

  render({ parcel, scenario, timeline, newSteps }: PushRenderInput): PushMessage[] {
    const activities = renderActivities(timeline.steps);
    const firstNew = timeline.steps.length - newSteps.length;
    const eta = timeline.estimatedDelivery;
    return newSteps.map((step, i) => {
      const activity = activities[firstNew + i];
      const delivered = step.kind === 'delivered' || step.kind === 'delivered_signed' || step.kind === 'picked_up_by_customer';
      const event = {
        trackingNumber: parcel.trackingNumber,
        localActivityDate: activity.date,
        localActivityTime: activity.time,
        gmtActivityDate: activity.gmtDate,
        gmtActivityTime: activity.gmtTime,
        gmtOffset: activity.gmtOffset,
        activityLocation: {
          city: activity.location.address.city,
          stateProvince: activity.location.address.stateProvince,
          postalCode: activity.location.address.postalCode,
          country: activity.location.address.countryCode,
        },
        activityStatus: {
          type: activity.status.type,
          code: activity.status.code,
          description: activity.status.description,
          descriptionCode: activity.status.statusCode,
        },
        scheduledDeliveryDate: eta ? upsLocalDate(eta, utcOffsetMinutes(scenario.destination)) : '',
        actualDeliveryDate: delivered ? activity.date : '',
        actualDeliveryTime: delivered ? activity.time : '',
        receivedBy: delivered ? (step.receivedBy ?? '') : '',
      };
      return { headers: { 'content-type': 'application/json', credential: this.credential }, body: JSON.stringify(event) };
    });
  }
}
