import { normalizeUspsTracking } from '../../../activities/carriers/usps/usps.normalize';
import { uspsTrackingDetailsSchema } from '../../../activities/carriers/usps/usps.schemas';
import type { SandboxParcel } from '../../../src/sandbox/parcels/sandbox-parcel.schema';
import type { SandboxPushSecrets } from '../../../src/sandbox/push/carrier-push-renderer';
import { SCENARIO_NAMES, SCENARIOS, type ScenarioName } from '../../../src/sandbox/scenarios';
import { playTimeline, simulatedToReal } from '../../../src/sandbox/timeline';
import { USPS_EMULATOR } from '../../../src/sandbox/usps/usps-emulator';
import { USPS_SANDBOX_SUBSCRIPTION_ID, UspsPushRenderer } from '../../../src/sandbox/usps/usps-push.renderer';
import { renderUspsTrackingDetails } from '../../../src/sandbox/usps/usps-render';
import type { CarrierWebhook } from '../../../src/webhooks/carrier-webhook';
import { UspsWebhook } from '../../../src/webhooks/verifiers/usps.webhook';

const TN = '9400192730184689124815';
const CREATED = new Date('2026-03-02T15:00:00.000Z');
const SPEED = 2000;
const SECRETS: SandboxPushSecrets = {
  upsCredential: 'u'.repeat(16),
  fedexSecret: 'f'.repeat(16),
  dhl: { header: 'X-Waybill-DHL-Token', token: 'd'.repeat(16) },
  uspsSecret: 'sandbox-usps-webhook-secret',
};

const sandboxParcel = (scenario: ScenarioName): SandboxParcel => ({ trackingNumber: TN, carrier: 'usps', scenario, speed: SPEED, createdAt: CREATED });
const played = (scenario: ScenarioName, simulatedMinutes: number) =>
  playTimeline({ createdAt: CREATED, speed: SPEED, scenario: SCENARIOS[scenario] }, simulatedToReal(CREATED, SPEED, simulatedMinutes));
/** Node lower-cases the header names of an incoming request. */
const received = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));

describe(UspsPushRenderer.name, () => {
  const sut = USPS_EMULATOR.pushRenderer(SECRETS);
  const webhook: CarrierWebhook = new UspsWebhook(SECRETS.uspsSecret);

  const push = (scenario: ScenarioName, simulatedMinutes: number, newCount = 1) => {
    const timeline = played(scenario, simulatedMinutes);
    return sut.render({ parcel: sandboxParcel(scenario), scenario: SCENARIOS[scenario], timeline, newSteps: timeline.steps.slice(-newCount) });
  };
  /** What a poll at the same moment gives, through the adapter's own schema and normaliser. */
  const poll = (scenario: ScenarioName, simulatedMinutes: number) => {
    const details = renderUspsTrackingDetails({ trackingNumber: TN, scenario: SCENARIOS[scenario], timeline: played(scenario, simulatedMinutes) });
    return normalizeUspsTracking(uspsTrackingDetailsSchema.parse(details), TN);
  };

  it('should be the USPS renderer of the emulator descriptor', () => {
    expect(sut).toBeInstanceOf(UspsPushRenderer);
    expect(sut.carrier).toBe('usps');
  });

  it('should send one JSON notification signed with X-HMAC that Waybill\'s verifier accepts', () => {
    const [message, ...rest] = push('delivered', 10 * 60, 3);
    expect(rest).toEqual([]);
    expect(Object.keys(message.headers).sort()).toEqual(['X-HMAC', 'content-type']);
    expect(message.headers['content-type']).toBe('application/json');
    expect(webhook.verify(received(message.headers), Buffer.from(message.body))).toBe(true);
    expect(message.body).toContain('"statusCategory":"In Transit"');
    expect(new UspsWebhook('another-usps-webhook-secret').verify(received(message.headers), Buffer.from(message.body))).toBe(false);
    expect(webhook.verify(received(message.headers), Buffer.from(message.body.replace('"statusCategory":"In Transit"', '"statusCategory":"Delivered"')))).toBe(false);
  });

  it('should mirror the DETAIL tracking answer, full history included, plus the notification ids', () => {
    const [message] = push('delivered', 10 * 60);
    const timeline = played('delivered', 10 * 60);
    const { notificationId, subscriptionId, ...details } = JSON.parse(message.body) as Record<string, unknown>;
    expect(details).toEqual(renderUspsTrackingDetails({ trackingNumber: TN, scenario: SCENARIOS.delivered, timeline }));
    expect(subscriptionId).toBe(USPS_SANDBOX_SUBSCRIPTION_ID);
    expect(notificationId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('should keep the notification id for a re-sent push and change it when there is news', () => {
    const id = (minutes: number) => (JSON.parse(push('delivered', minutes)[0].body) as { notificationId: string }).notificationId;
    expect(id(10 * 60)).toBe(id(10 * 60 + 30));
    expect(id(10 * 60)).not.toBe(id(14 * 60 + 1));
  });

  it.each(SCENARIO_NAMES.filter((name) => name !== 'not_found').map((name) => [name]))(
    '%s: every push parses into the same events, fingerprints and statuses as a poll at that moment',
    (scenario) => {
      for (const step of SCENARIOS[scenario].steps) {
        const minutes = Math.max(step.at, 0) + 1;
        const [message] = push(scenario, minutes);
        const delivery = webhook.parse(Buffer.from(message.body));
        const polled = poll(scenario, minutes);
        expect(delivery.updates).toHaveLength(1);
        const [update] = delivery.updates;
        expect(update.trackingNumber).toBe(TN);
        expect(update.events).toEqual(polled.events);
        expect(update.estimatedDelivery).toEqual(polled.estimatedDelivery);
        expect(update.proofOfDelivery).toEqual(polled.proofOfDelivery);
      }
    },
  );

  it('should push nothing for a parcel USPS does not know', () => {
    const timeline = played('not_found', 60);
    expect(sut.render({ parcel: sandboxParcel('not_found'), scenario: SCENARIOS.not_found, timeline, newSteps: [] })).toEqual([]);
  });
});
