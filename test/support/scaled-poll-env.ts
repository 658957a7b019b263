/**
 * Production's poll schedule shrunk by `speed`, with the sandbox's carriers at the same speed, so
 * simulated hours keep their meaning (the carrier-economy benchmark and the fault scenarios). No
 * interval goes below 200 ms, so a very fast clock cannot turn polling into a busy loop.
 */
export function scaledPollEnv(speed: number): Record<string, string> {
  const hours = (h: number) => String(Math.max(200, Math.round((h * 3_600_000) / speed)));
  return {
    SANDBOX_SPEED: String(speed),
    POLL_INTERVAL_PRE_TRANSIT_MS: hours(6),
    POLL_INTERVAL_IN_TRANSIT_MS: hours(4),
    POLL_INTERVAL_OUT_FOR_DELIVERY_MS: hours(0.5),
    POLL_INTERVAL_AWAITING_PICKUP_MS: hours(6),
    POLL_INTERVAL_EXCEPTION_MS: hours(2),
    POLL_INTERVAL_ATTEMPT_FAILED_MS: hours(2),
    POLL_FAILURE_BACKOFF_MS: hours(1),
    POLL_FAR_ETA_MS: hours(48),
    POLL_PUSH_FRESH_MS: hours(24),
  };
}
