import { normalizeDhlShipment } from '../../../activities/carriers/dhl/dhl.normalize';
import { dhlTrackResponseSchema } from '../../../activities/carriers/dhl/dhl.schemas';
import { DHL_EMULATOR } from '../../../src/sandbox/dhl/dhl-emulator';
import { DhlPushRenderer } from '../../../src/sandbox/dhl/dhl-push.renderer';
import { renderDhlTrackResponse } from '../../../src/sandbox/dhl/dhl-render';
import type { SandboxParcel } from '../../../src/sandbox/parcels/sandbox-parcel.schema';
import type { SandboxPushSecrets } from '../../../src/sandbox/push/carrier-push-renderer';
import { SCENARIOS, type ScenarioName } from '../../../src/sandbox/scenarios';
import { playTimeline, simulatedToReal } from '../../../src/sandbox/timeline';
import type { CarrierWebhook } from '../../../src/webhooks/carrier-webhook';
import { DhlWebhook } from '../../../src/webhooks/verifiers/dhl.webhook';

const TN = '8487135506';
const CREATED = new Date('2026-03-02T15:00:00.000Z');
const SPEED = 2000;
const AUTH = { header: 'X-Waybill-DHL-Token', token: 'sandbox-dhl-webhook-token' };
const SECRETS: SandboxPushSecrets = { upsCredential: 'u'.repeat(16), fedexSecret: 'f'.repeat(16), dhl: AUTH, uspsSecret: 's'.repeat(16) };

const sandboxParcel = (scenario: ScenarioName): SandboxParcel => ({
  trackingNumber: TN,
  carrier: 'dhl',
  scenario,
  speed: SPEED,
  createdAt: CREATED,
});
const played = (scenario: ScenarioName, simulatedMinutes: number) =>
  playTimeline({ createdAt: CREATED, speed: SPEED, scenario: SCENARIOS[scenario] }, simulatedToReal(CREATED, SPEED, simulatedMinutes));

describe(DhlPushRenderer.name, () => {
  const sut = DHL_EMULATOR.pushRenderer(SECRETS);
  const webhook: CarrierWebhook = new DhlWebhook(AUTH.header, AUTH.token);

  const push = (scenario: ScenarioName, simulatedMinutes: number, newCount = 1) => {
    const timeline = played(scenario, simulatedMinutes);
    return sut.render({ parcel: sandboxParcel(scenario), scenario: SCENARIOS[scenario], timeline, newSteps: timeline.steps.slice(-newCount) });
  };
  /** Node lower-cases the header names of an incoming request. */
  const received = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));

  it('should be the DHL renderer of the emulator descriptor', () => {
    expect(sut).toBeInstanceOf(DhlPushRenderer);
    expect(sut.carrier).toBe('dhl');
  });

  it('should send one JSON message with the configured header and token, and nothing else to authenticate', () => {
    const [message, ...rest] = push('delivered', 10 * 60, 3);
    expect(rest).toEqual([]);
    expect(message.headers).toEqual({ 'content-type': 'application/json', [AUTH.header]: AUTH.token });
    expect(webhook.verify(received(message.headers), Buffer.from(message.body))).toBe(true);
    const impostor: CarrierWebhook = new DhlWebhook(AUTH.header, 'another-token');
    expect(impostor.verify(received(message.headers), Buffer.from(message.body))).toBe(false);
  });

  it('should push the shipment as the tracking API renders it, all scans included', () => {
    const [message] = push('delivered', 10 * 60);
    const timeline = played('delivered', 10 * 60);
    expect(JSON.parse(message.body)).toEqual(renderDhlTrackResponse({ trackingNumber: TN, scenario: SCENARIOS.delivered, timeline }));
  });

  it.each<ScenarioName>(['delivered_with_signature', 'three_failed_attempts_then_returned', 'available_for_pickup', 'eta_slips'])(
    '%s: every push parses into the fingerprints, estimate and proof a poll gives at that moment',
    (scenario) => {
      for (const step of SCENARIOS[scenario].steps) {
        const at = Math.max(step.at, 0);
        const [message] = push(scenario, at);
        const [update] = webhook.parse(Buffer.from(message.body)).updates;
        const rendered = renderDhlTrackResponse({ trackingNumber: TN, scenario: SCENARIOS[scenario], timeline: played(scenario, at) });
        const poll = dhlTrackResponseSchema.parse(rendered);
        const polled = normalizeDhlShipment(poll.shipments[0], TN);
        expect(update.trackingNumber).toBe(TN);
        expect(update.events).toEqual(polled.events);
        expect(update.estimatedDelivery).toEqual(polled.estimatedDelivery);
        expect(update.proofOfDelivery).toEqual(polled.proofOfDelivery);
      }
    },
  );

  it('should push an estimate change, which has no scan of its own', () => {
    const [message] = push('eta_slips', 30 * 60 + 5);
    const [update] = webhook.parse(Buffer.from(message.body)).updates;
    expect(played('eta_slips', 30 * 60 + 5).steps.at(-1)?.kind).toBe('eta_updated');
    expect(update.estimatedDelivery?.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
