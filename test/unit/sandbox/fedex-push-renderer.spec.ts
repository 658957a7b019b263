import { normalizeFedexTrackResult } from '../../../activities/carriers/fedex/fedex.normalize';
import { fedexTrackResultSchema } from '../../../activities/carriers/fedex/fedex.schemas';
import type { PushedTrackingUpdate } from '../../../activities/carriers/webhooks/webhook-delivery';
import { FedexPushRenderer } from '../../../src/sandbox/fedex/fedex-push.renderer';
import { renderFedexTrackResult } from '../../../src/sandbox/fedex/fedex-render';
import type { SandboxParcel } from '../../../src/sandbox/parcels/sandbox-parcel.schema';
import type { PushMessage } from '../../../src/sandbox/push/carrier-push-renderer';
import { SCENARIOS, type ScenarioName } from '../../../src/sandbox/scenarios';
import { playTimeline, type Timeline } from '../../../src/sandbox/timeline';
import { FedexWebhook } from '../../../src/webhooks/verifiers/fedex.webhook';
import type { TrackingEvent } from '../../../workflows/shared/tracking';

const SECRET = 'sandbox-fedex-webhook-secret';
const createdAt = new Date('2026-03-02T15:00:00.000Z');
const END_OF_TIME = new Date(createdAt.getTime() + 1_000 * 3_600_000);
const TN = '712345678903';

const parcelOf = (scenario: ScenarioName): SandboxParcel => ({ trackingNumber: TN, carrier: 'fedex', scenario, speed: 1, createdAt });
const timelineOf = (scenario: ScenarioName, now = END_OF_TIME): Timeline =>
  playTimeline({ createdAt, speed: 1, scenario: SCENARIOS[scenario] }, now);

/** Every step pushed at once, as a push that caught up with a whole scenario. */
function pushAll(scenario: ScenarioName, renderer = new FedexPushRenderer(SECRET)): PushMessage[] {
  const timeline = timelineOf(scenario);
  return renderer.render({ parcel: parcelOf(scenario), scenario: SCENARIOS[scenario], timeline, newSteps: timeline.steps });
}

/** What Waybill receives: verified with its FedEx verifier, parsed with its FedEx parser. */
function receive(message: PushMessage): PushedTrackingUpdate {
  const webhook = new FedexWebhook(SECRET);
  const raw = Buffer.from(message.body);
  expect(webhook.verify(message.headers, raw)).toBe(true);
  const { updates } = webhook.parse(raw);
  expect(updates).toHaveLength(1);
  return updates[0];
}

/** What a poll at the end of the scenario yields, through the adapter's normaliser. */
function polledEvents(scenario: ScenarioName): TrackingEvent[] {
  const result = renderFedexTrackResult({
    trackingNumber: TN,
    scenario: SCENARIOS[scenario],
    timeline: timelineOf(scenario),
    includeDetailedScans: true,
  });
  return normalizeFedexTrackResult(fedexTrackResultSchema.parse(result), TN).events;
}

/** Distinct events across all pushes, first arrival wins, as the workflow's fingerprint dedupe keeps them. */
function union(updates: PushedTrackingUpdate[]): Map<string, TrackingEvent> {
  const seen = new Map<string, TrackingEvent>();
  for (const update of updates) for (const event of update.events) if (!seen.has(event.fingerprint)) seen.set(event.fingerprint, event);
  return seen;
}

describe(FedexPushRenderer.name, () => {
  it('should sign every notification with fdx-signature, Base64 HMAC-SHA256 of the body', () => {
    for (const message of pushAll('delivered')) {
      expect(message.headers).toEqual({
        'content-type': 'application/json',
        'fdx-signature': expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/),
      });
      expect(new FedexWebhook(SECRET).verify(message.headers, Buffer.from(message.body))).toBe(true);
      expect(new FedexWebhook('another-project-token').verify(message.headers, Buffer.from(message.body))).toBe(false);
    }
  });

  it('should use the Track API wrapper documented in docs/carriers/fedex.md', () => {
    const [first] = pushAll('delivered');
    const body = JSON.parse(first.body) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['transactionId', 'output']);
    expect(body.output).toEqual({
      completeTrackResults: [{ trackingNumber: TN, trackResults: [expect.objectContaining({ scanEvents: expect.any(Array) })] }],
    });
  });

  it.each([
    'delivered',
    'delivered_with_signature',
    'failed_attempt_then_delivered',
    'available_for_pickup',
    'three_failed_attempts_then_returned',
    'returned_to_sender',
    'eta_slips',
    'exception_damaged',
  ] as const)('should push %s with the same fingerprints and statuses as a poll', (scenario) => {
    const pushed = union(pushAll(scenario).map(receive));
    const polled = polledEvents(scenario);
    expect([...pushed.keys()].sort()).toEqual(polled.map((e) => e.fingerprint).sort());
    for (const event of polled) expect(pushed.get(event.fingerprint)).toEqual(event);
  });

  it('should repeat earlier scans in every notification, one notification per milestone', () => {
    const updates = pushAll('delivered').map(receive);
    const steps = timelineOf('delivered').steps.length;
    // One per step, and the delivery twice (without, then with the proof of delivery).
    expect(updates).toHaveLength(steps + 1);
    expect(updates.map((u) => u.events.length)).toEqual([...Array.from({ length: steps }, (_, i) => i + 1), steps]);
  });

  it('should announce a delivery first without, then with, the proof of delivery', () => {
    const updates = pushAll('delivered_with_signature').map(receive);
    const [pending, withProof] = updates.slice(-2);
    expect(pending.events.map((e) => e.fingerprint)).toEqual(withProof.events.map((e) => e.fingerprint));
    expect(pending.proofOfDelivery).toBeUndefined();
    expect(withProof.proofOfDelivery).toEqual({
      signedBy: 'MORGAN',
      receivedBy: 'MORGAN',
      place: 'Residence',
      hasSignature: true,
      hasProofOfDelivery: true,
    });
  });

  it('should end a return with returned, even in a notification that carries only the last step as news', () => {
    const scenario = 'returned_to_sender';
    const timeline = timelineOf(scenario);
    const messages = new FedexPushRenderer(SECRET).render({
      parcel: parcelOf(scenario),
      scenario: SCENARIOS[scenario],
      timeline,
      newSteps: timeline.steps.slice(-1),
    });
    const last = receive(messages.at(-1) as PushMessage);
    expect(last.events.at(-1)?.status).toBe('returned');
    expect(last.events.map((e) => e.status)).not.toContain('delivered');
  });

  it('should push an estimate change without a new scan', () => {
    const scenario = 'failed_attempt_then_delivered';
    const timeline = timelineOf(scenario, new Date(createdAt.getTime() + 52 * 3_600_000));
    const etaStep = timeline.steps.length - 1;
    expect(timeline.steps[etaStep].kind).toBe('eta_updated');
    const renderer = new FedexPushRenderer(SECRET);
    const [attempt, eta] = renderer
      .render({ parcel: parcelOf(scenario), scenario: SCENARIOS[scenario], timeline, newSteps: timeline.steps.slice(-2) })
      .map(receive);
    expect(eta.events.map((e) => e.fingerprint)).toEqual(attempt.events.map((e) => e.fingerprint));
    expect(attempt.estimatedDelivery).toEqual({ date: '2026-03-04' });
    expect(eta.estimatedDelivery).toEqual({ date: '2026-03-05' });
  });

  it('should be able to send a batch newest first, which changes nothing once deduplicated', () => {
    const inOrder = pushAll('three_failed_attempts_then_returned').map(receive);
    const backwards = pushAll('three_failed_attempts_then_returned', new FedexPushRenderer(SECRET, { order: 'newest-first' })).map(receive);
    expect(backwards).toEqual([...inOrder].reverse());
    expect(union(backwards)).toEqual(union(inOrder));
  });

  it('should render the same bytes again for a retried notification', () => {
    expect(pushAll('eta_slips')).toEqual(pushAll('eta_slips'));
    const ids = pushAll('eta_slips').map((m) => (JSON.parse(m.body) as { transactionId: string }).transactionId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('should push nothing for a parcel FedEx has never heard of', () => {
    const scenario = 'not_found';
    const timeline = timelineOf(scenario);
    const step = { ...SCENARIOS.delivered.steps[0], occurredAt: createdAt };
    expect(
      new FedexPushRenderer(SECRET).render({ parcel: parcelOf(scenario), scenario: SCENARIOS[scenario], timeline, newSteps: [step] }),
    ).toEqual([]);
  });
});
