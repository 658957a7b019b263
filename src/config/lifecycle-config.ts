import { z } from 'zod';
import { DEFAULT_LIFECYCLE_POLICY, type LifecyclePolicy } from '../../workflows/shared/lifecycle-policy';

const duration = z.coerce.number().int().positive().max(365 * 24 * 60 * 60_000);

/** Every lifecycle duration can be set on its own; unset ones take the defaults below. */
const LifecycleEnvSchema = z.object({
  LIFECYCLE_STALL_PRE_TRANSIT_MS: duration.optional(),
  LIFECYCLE_STALL_IN_TRANSIT_MS: duration.optional(),
  LIFECYCLE_STALL_OUT_FOR_DELIVERY_MS: duration.optional(),
  LIFECYCLE_STALL_AWAITING_PICKUP_MS: duration.optional(),
  LIFECYCLE_LOST_AFTER_MS: duration.optional(),
  LIFECYCLE_ATTEMPT_FOLLOW_UP_MS: duration.optional(),
  LIFECYCLE_MAX_DELIVERY_ATTEMPTS: z.coerce.number().int().min(1).max(10).optional(),
  DELIVERY_CONFIRM_DELAY_MS: duration.optional(),
  DELIVERY_CONFIRM_TIMEOUT_MS: duration.optional(),
  ESCROW_DISPUTE_WINDOW_MS: duration.optional(),
  /** Minor units; orders above it need a signature or proof of delivery before release. */
  ESCROW_PROOF_REQUIRED_ABOVE: z.coerce.number().int().min(0).optional(),
  DELIVERY_ACCESS_POINT_AS_PICKUP: z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1').optional(),
});

const DURATIONS = [
  'stallPreTransitMs',
  'stallInTransitMs',
  'stallOutForDeliveryMs',
  'stallAwaitingPickupMs',
  'lostAfterMs',
  'attemptFollowUpMs',
  'deliveryConfirmDelayMs',
  'deliveryConfirmTimeoutMs',
  'disputeWindowMs',
] as const;

/**
 * Production uses the defaults (docs/lifecycle.md). Development plays sandbox parcels thousands of
 * times faster than real time, so its clocks shrink by the same factor (never below a second), and
 * a 72-hour dispute window or a 14-day loss can be watched in `npm run dev`.
 */
export function lifecyclePolicyFromEnv(env: NodeJS.ProcessEnv, production: boolean, sandboxSpeed: number): LifecyclePolicy {
  const parsed = LifecycleEnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid lifecycle configuration: ${problems}`);
  }
  const e = parsed.data;
  const base: LifecyclePolicy = { ...DEFAULT_LIFECYCLE_POLICY };
  if (!production) for (const key of DURATIONS) base[key] = Math.max(1_000, Math.round(base[key] / sandboxSpeed));
  return {
    stallPreTransitMs: e.LIFECYCLE_STALL_PRE_TRANSIT_MS ?? base.stallPreTransitMs,
    stallInTransitMs: e.LIFECYCLE_STALL_IN_TRANSIT_MS ?? base.stallInTransitMs,
    stallOutForDeliveryMs: e.LIFECYCLE_STALL_OUT_FOR_DELIVERY_MS ?? base.stallOutForDeliveryMs,
    stallAwaitingPickupMs: e.LIFECYCLE_STALL_AWAITING_PICKUP_MS ?? base.stallAwaitingPickupMs,
    lostAfterMs: e.LIFECYCLE_LOST_AFTER_MS ?? base.lostAfterMs,
    attemptFollowUpMs: e.LIFECYCLE_ATTEMPT_FOLLOW_UP_MS ?? base.attemptFollowUpMs,
    maxDeliveryAttempts: e.LIFECYCLE_MAX_DELIVERY_ATTEMPTS ?? base.maxDeliveryAttempts,
    deliveryConfirmDelayMs: e.DELIVERY_CONFIRM_DELAY_MS ?? base.deliveryConfirmDelayMs,
    deliveryConfirmTimeoutMs: e.DELIVERY_CONFIRM_TIMEOUT_MS ?? base.deliveryConfirmTimeoutMs,
    disputeWindowMs: e.ESCROW_DISPUTE_WINDOW_MS ?? base.disputeWindowMs,
    proofRequiredAboveAmount: e.ESCROW_PROOF_REQUIRED_ABOVE,
    accessPointCountsAsPickup: e.DELIVERY_ACCESS_POINT_AS_PICKUP ?? base.accessPointCountsAsPickup,
  };
}
