/**
 * Signed UPS Track Alert pushes, as UPS sends them (UPSTrackAlert.yaml), stamped at any instant a
 * scenario needs: the clock-skew and webhook scenarios write the carrier's timestamps themselves.
 */

/** The development default the sandbox signs UPS pushes with, and the API verifies (docs/webhooks.md). */
export const UPS_WEBHOOK_CREDENTIAL = 'sandbox-ups-webhook-credential';

export const UPS_ACTIVITY = {
  arrived: { type: 'I', code: 'AR', description: 'Arrived at Facility', descriptionCode: '005' },
  departed: { type: 'I', code: 'DP', description: 'Departed from Facility', descriptionCode: '005' },
  outForDelivery: { type: 'I', code: 'OT', description: 'Out For Delivery Today', descriptionCode: '072' },
} as const;

/** Chicago in standard time: the local clock UPS reports beside GMT. */
const OFFSET_MINUTES = -6 * 60;

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (d: Date) => `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;

/** The push body, byte for byte; `at` is truncated to the second, as UPS writes it. */
export function upsTrackAlert(trackingNumber: string, at: Date, activity: (typeof UPS_ACTIVITY)[keyof typeof UPS_ACTIVITY]): string {
  const local = new Date(at.getTime() + OFFSET_MINUTES * 60_000);
  return JSON.stringify({
    trackingNumber,
    localActivityDate: ymd(local),
    localActivityTime: `${pad(local.getUTCHours())}${pad(local.getUTCMinutes())}${pad(local.getUTCSeconds())}`,
    gmtActivityDate: ymd(at),
    gmtActivityTime: `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())}`,
    gmtOffset: '-06:00',
    activityLocation: { city: 'CHICAGO', stateProvince: 'IL', postalCode: '60601', country: 'US' },
    activityStatus: activity,
    scheduledDeliveryDate: '',
    actualDeliveryDate: '',
    actualDeliveryTime: '',
    receivedBy: '',
  });
}

export interface PushAnswer {
  status: number;
  body: unknown;
}

/** POSTs a raw body to a webhook endpoint with the given headers, exactly as given. */
export async function postWebhook(apiUrl: string, source: string, body: string, headers: Record<string, string>): Promise<PushAnswer> {
  const response = await fetch(`${apiUrl}/v1/webhooks/${source}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: keep the text.
  }
  return { status: response.status, body: parsed };
}

export const pushUps = (apiUrl: string, body: string, credential = UPS_WEBHOOK_CREDENTIAL) => postWebhook(apiUrl, 'ups', body, { credential });

/** The scan's instant as Waybill will record it: UPS's clock has whole seconds. */
export const toTheSecond = (at: Date): string => new Date(Math.floor(at.getTime() / 1000) * 1000).toISOString();
